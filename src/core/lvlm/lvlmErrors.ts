// Failures of a model request, classified into a few reasons the UI and the batch runner act on.
// Messages are written for users and never contain the API key (see redactSecret).
import { FinerLensError } from '../errors';

export const LVLM_ERROR_REASONS = [
  'auth', // 401/403: key missing, wrong or not allowed
  'not-found', // 404: wrong base URL, or model / deployment does not exist
  'bad-request', // 400/413/422: the server rejected the request (e.g. no image support)
  'rate-limited', // 429
  'server', // 5xx
  'timeout', // no (complete) response within the per-request timeout
  'dns', // host name does not resolve
  'connection-refused', // nothing listens at host:port
  'connection', // reset, closed, TLS, other network failures
  'stream-interrupted', // the streamed response stopped before it was complete
  'malformed-response', // a 200 whose body (or a streamed event) is not valid JSON: garbled in transit or by a proxy
  'bad-response', // valid JSON that is not a chat completion with answer text
  'aborted', // cancelled by the caller
] as const;

export type LvlmErrorReason = (typeof LVLM_ERROR_REASONS)[number];

const RETRYABLE: ReadonlySet<LvlmErrorReason> = new Set<LvlmErrorReason>([
  'rate-limited',
  'server',
  'timeout',
  'connection',
  'stream-interrupted',
  'malformed-response',
]);

export class LvlmError extends FinerLensError {
  readonly retryable: boolean;
  constructor(
    message: string,
    readonly reason: LvlmErrorReason,
    readonly details: {
      status?: number;
      /** Server-advised wait before retrying (Retry-After / retry-after-ms), in ms. */
      retryAfterMs?: number;
      /** Number of attempts made when the error was final. */
      attempts?: number;
    } = {},
  ) {
    super(message);
    this.retryable = RETRYABLE.has(reason);
  }

  /** A copy with the attempt count, for the final error of a retry loop. */
  withAttempts(attempts: number): LvlmError {
    const suffix = attempts > 1 ? ` (after ${attempts} attempts)` : '';
    return new LvlmError(this.message + suffix, this.reason, { ...this.details, attempts });
  }
}

export function isRetryableError(error: unknown): error is LvlmError {
  return error instanceof LvlmError && error.retryable;
}

/** Removes the key (and anything that looks like a bearer token) from text that may reach logs. */
export function redactSecret(text: string, secret: string | undefined): string {
  let out = text;
  if (secret && secret.length >= 4) out = out.split(secret).join('***');
  return out.replace(/\b(sk-[A-Za-z0-9_*-]{6,})/g, 'sk-***').replace(/(Bearer\s+)[^\s"']+/gi, '$1***');
}
