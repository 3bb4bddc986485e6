// Faults the simulated server can inject, for testing retries, timeouts and error handling.
// Which request gets a fault is a deterministic function of (seed, request body, how many
// times that same body was seen), so a retried request draws again and order does not matter.
import { decision } from './simulatedAnswers';

export interface FaultConfig {
  /** Added before every chat response, in ms. */
  latencyMs?: number;
  /** Extra latency uniformly in [0, jitter), deterministic per request. */
  latencyJitterMs?: number;
  /** Fraction (0..1) of chat requests answered 429 with Retry-After. */
  rateLimitRate?: number;
  /** Retry-After value sent with 429s (seconds, default 1). */
  retryAfterSeconds?: number;
  /** Send Retry-After as an HTTP date instead of seconds. */
  retryAfterAsDate?: boolean;
  /** Fraction answered 500. */
  serverErrorRate?: number;
  /** Fraction answered 401 invalid_api_key (as a revoked or wrong key would be). */
  unauthorizedRate?: number;
  /** Fraction answered 200 with a body that is not valid JSON. */
  malformedJsonRate?: number;
  /** Fraction that never get an answer (the client must time out). */
  hangRate?: number;
  /** Fraction whose response is cut off mid-way (the connection is destroyed). */
  truncateRate?: number;
  /** Fraction answered normally but cut off after a few words with finish_reason "length". */
  lengthRate?: number;
  /** Fraction answered with a refusal: `content` null, `refusal` text, finish_reason "stop". */
  refusalRate?: number;
  /** The first N chat requests after start / a fault change never get an answer. */
  hangFirst?: number;
  /** The N chat requests after those (the first N without hangFirst) fail with `failFirstStatus`. */
  failFirst?: number;
  /** Status for `failFirst` (default 500; 429 also sends Retry-After). */
  failFirstStatus?: number;
}

export type FaultKind =
  | 'fail-first'
  | 'rate-limit'
  | 'server-error'
  | 'unauthorized'
  | 'malformed-json'
  | 'hang'
  | 'truncate'
  | 'length'
  | 'refusal';

export interface FaultDecision {
  kind: FaultKind | null;
  delayMs: number;
}

const RATE_FAULTS: ReadonlyArray<[FaultKind, keyof FaultConfig]> = [
  ['hang', 'hangRate'],
  ['rate-limit', 'rateLimitRate'],
  ['server-error', 'serverErrorRate'],
  ['unauthorized', 'unauthorizedRate'],
  ['malformed-json', 'malformedJsonRate'],
  ['truncate', 'truncateRate'],
  ['length', 'lengthRate'],
  ['refusal', 'refusalRate'],
];

const NUMERIC_SETTINGS: ReadonlyArray<keyof FaultConfig> = [
  'latencyMs',
  'latencyJitterMs',
  'rateLimitRate',
  'retryAfterSeconds',
  'serverErrorRate',
  'unauthorizedRate',
  'malformedJsonRate',
  'hangRate',
  'truncateRate',
  'lengthRate',
  'refusalRate',
  'hangFirst',
  'failFirst',
  'failFirstStatus',
];

export function validateFaultConfig(input: unknown): FaultConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new Error('faults must be an object');
  const out: FaultConfig = {};
  for (const [k, v] of Object.entries(input)) {
    if (k === 'retryAfterAsDate') {
      if (typeof v !== 'boolean') throw new Error(`faults.${k} must be a boolean`);
      out.retryAfterAsDate = v;
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new Error(`faults.${k} must be a number >= 0`);
    if (k.endsWith('Rate') && v > 1) throw new Error(`faults.${k} must be between 0 and 1`);
    if (k === 'failFirstStatus' && (!Number.isInteger(v) || v < 400 || v > 599))
      throw new Error(`faults.${k} must be an HTTP error status (400-599)`);
    if (!NUMERIC_SETTINGS.includes(k as keyof FaultConfig))
      throw new Error(`faults.${k} is not a known fault setting`);
    (out as Record<string, number>)[k] = v;
  }
  return out;
}

/** Holds the current fault settings and decides per request. */
export class FaultInjector {
  private config: FaultConfig;
  private hungFirst = 0;
  private failedFirst = 0;
  private readonly seenBodies = new Map<string, number>();

  constructor(
    config: FaultConfig,
    private readonly seed: number,
  ) {
    this.config = { ...config };
  }

  get current(): FaultConfig {
    return { ...this.config };
  }

  /** Replaces the settings; the hang-first and fail-first counts start again. */
  set(config: FaultConfig): void {
    this.config = { ...config };
    this.hungFirst = 0;
    this.failedFirst = 0;
    this.seenBodies.clear();
  }

  decide(bodyKey: string): FaultDecision {
    const c = this.config;
    const seen = (this.seenBodies.get(bodyKey) ?? 0) + 1;
    this.seenBodies.set(bodyKey, seen);
    const draw = (what: string): number => decision(this.seed, 'fault', bodyKey, String(seen), what);
    const delayMs = (c.latencyMs ?? 0) + (c.latencyJitterMs ? draw('jitter') * c.latencyJitterMs : 0);
    if (this.hungFirst < (c.hangFirst ?? 0)) {
      this.hungFirst++;
      return { kind: 'hang', delayMs };
    }
    if (this.failedFirst < (c.failFirst ?? 0)) {
      this.failedFirst++;
      return { kind: 'fail-first', delayMs };
    }
    const u = draw('kind');
    let band = 0;
    for (const [kind, key] of RATE_FAULTS) {
      band += (c[key] as number | undefined) ?? 0;
      if (u < band) return { kind, delayMs };
    }
    return { kind: null, delayMs };
  }

  retryAfterHeader(now = Date.now()): string {
    const seconds = this.config.retryAfterSeconds ?? 1;
    if (this.config.retryAfterAsDate) return new Date(now + seconds * 1000).toUTCString();
    return String(seconds);
  }

  /** Whether decisions depend on the request body (otherwise callers may skip hashing it). */
  get needsBodyKey(): boolean {
    const c = this.config;
    return (
      RATE_FAULTS.some(([, key]) => ((c[key] as number | undefined) ?? 0) > 0) || (c.latencyJitterMs ?? 0) > 0
    );
  }

  get failFirstStatus(): number {
    return this.config.failFirstStatus ?? 500;
  }
}
