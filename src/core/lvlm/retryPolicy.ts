// Retrying transient failures: exponential backoff with full jitter, bounded attempts, and the
// server's Retry-After advice honoured as a lower bound. The jitter source is injectable so
// tests and reproducible runs can seed it.
import { onAbort } from './abortSubscriptions';
import { LvlmError, isRetryableError } from './lvlmErrors';

export interface RetryPolicy {
  /** Total attempts including the first (1 = no retries). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Give up instead of waiting when the server asks for a longer pause than this. */
  maxRetryAfterMs: number;
  /** Uniform [0, 1) source for jitter. */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
  random: Math.random,
};

/** A small deterministic PRNG (mulberry32) for seeded jitter. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Reads `retry-after-ms` (OpenAI/Azure extension, milliseconds) or `Retry-After`
 * (delta-seconds or an HTTP date). Returns undefined when absent or unparsable.
 */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const v = Number(ms);
    if (Number.isFinite(v) && v >= 0) return v;
  }
  const ra = headers.get('retry-after');
  if (ra === null || ra.trim() === '') return undefined;
  const seconds = Number(ra);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(ra);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Delay before attempt `attempt + 1` (attempt is 1-based and has just failed). */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = policy.random() * ceiling;
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError());
      return;
    }
    const timer = setTimeout(() => {
      unsubscribe();
      resolve();
    }, ms);
    const unsubscribe = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(abortedError());
        })
      : () => {};
  });
}

export function abortedError(): LvlmError {
  return new LvlmError('The request was cancelled.', 'aborted');
}

export interface RetryEvent {
  /** The attempt that failed (1-based). */
  attempt: number;
  delayMs: number;
  error: LvlmError;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable LvlmError, or the attempts
 * run out. Errors thrown by `attempt` must already be LvlmErrors (the client classifies them).
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (attemptNumber: number) => Promise<T>,
  options: { signal?: AbortSignal; onRetry?: (event: RetryEvent) => void } = {},
): Promise<{ value: T; attempts: number }> {
  for (let n = 1; ; n++) {
    if (options.signal?.aborted) throw abortedError().withAttempts(n - 1);
    try {
      return { value: await attempt(n), attempts: n };
    } catch (error) {
      if (!(error instanceof LvlmError)) throw error;
      if (!isRetryableError(error) || n >= policy.maxAttempts) throw error.withAttempts(n);
      const advised = error.details.retryAfterMs;
      if (advised !== undefined && advised > policy.maxRetryAfterMs) throw error.withAttempts(n);
      const delayMs = backoffDelayMs(policy, n, advised);
      options.onRetry?.({ attempt: n, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}
