// Failed requests of a run: the stop after consecutive failures that no retry or next sample
// can fix (a wrong key, a wrong model or URL), and the errors summarised by kind for the user.
import { LVLM_ERROR_REASONS, LvlmError, type LvlmErrorReason } from '../lvlm/lvlmErrors';
import type { LabelLevel } from '../model';
import type { PredictionRow } from './runTypes';

/** Default for RunExecutionOptions.maxConsecutiveFatal. */
export const DEFAULT_MAX_CONSECUTIVE_FATAL = 5;

export type FatalReason = Extract<LvlmErrorReason, 'auth' | 'not-found'>;

export interface EarlyStop {
  reason: FatalReason;
  /** Consecutive fatal failures seen when the run stopped. */
  failures: number;
  /** "authentication failures (401/403)" or "not-found failures (404)". */
  label: string;
  /** The last failure's message (the key redacted). */
  lastError: string;
  /** What to check. */
  advice: string;
  /** All of it in one sentence, for a notification. */
  message: string;
}

const FATAL_LABEL: Record<FatalReason, string> = {
  auth: 'authentication failures (401/403)',
  'not-found': 'not-found failures (404)',
};

const FATAL_ADVICE: Record<FatalReason, string> = {
  auth: 'Check the API key (and that it is allowed to use this model).',
  'not-found': 'Check the base URL and the model (or Azure deployment) name.',
};

/**
 * Counts 401/403/404 answers since the last success, in completion order. With requests in
 * flight when the limit is reached, up to `concurrency - 1` more may still fail.
 */
export class ConsecutiveFatalFailures {
  private consecutive = 0;
  private stop: EarlyStop | undefined;

  /** `limit` 0 never stops. */
  constructor(private readonly limit: number) {}

  get earlyStop(): EarlyStop | undefined {
    return this.stop;
  }

  succeeded(): void {
    this.consecutive = 0;
  }

  /** Returns true when this failure reaches the limit (the run should stop now). */
  failed(error: unknown): boolean {
    if (!(error instanceof LvlmError) || (error.reason !== 'auth' && error.reason !== 'not-found'))
      return false;
    this.consecutive++;
    if (this.limit === 0 || this.consecutive < this.limit || this.stop !== undefined) return false;
    const label = FATAL_LABEL[error.reason];
    const advice = FATAL_ADVICE[error.reason];
    this.stop = {
      reason: error.reason,
      failures: this.consecutive,
      label,
      lastError: error.message,
      advice,
      message: `Stopped after ${this.consecutive} consecutive ${label}: ${error.message} ${advice}`,
    };
    return true;
  }
}

export interface ErrorExample {
  sampleIdx: number | null;
  level: LabelLevel;
  message: string;
}

export interface ErrorKindSummary {
  /** An LVLM error reason ('auth', 'timeout', …) or 'other' (no image, no label, …). */
  kind: string;
  count: number;
  examples: ErrorExample[];
}

const KNOWN_KINDS: ReadonlySet<string> = new Set(LVLM_ERROR_REASONS);
const MESSAGE_LIMIT = 240;

/** The kind and the message of a stored error text (`reason: message` for LVLM errors). */
export function splitErrorText(text: string): { kind: string; message: string } {
  const match = /^([a-z-]+): ([\s\S]*)$/.exec(text);
  if (match && KNOWN_KINDS.has(match[1] ?? '')) return { kind: match[1] ?? '', message: match[2] ?? '' };
  return { kind: 'other', message: text };
}

/** The errors of the results stored in one execution, counted by kind, first few kept. */
export class RunErrorLog {
  private readonly kinds = new Map<string, ErrorKindSummary>();

  constructor(
    private readonly sampleIdx: (sampleId: number) => number | null,
    private readonly examplesPerKind = 3,
  ) {}

  add(row: PredictionRow): void {
    if (row.error === null) return;
    const { kind, message } = splitErrorText(row.error);
    let entry = this.kinds.get(kind);
    if (entry === undefined) {
      entry = { kind, count: 0, examples: [] };
      this.kinds.set(kind, entry);
    }
    entry.count++;
    if (entry.examples.length < this.examplesPerKind) {
      const short = message.length > MESSAGE_LIMIT ? `${message.slice(0, MESSAGE_LIMIT)}…` : message;
      entry.examples.push({ sampleIdx: this.sampleIdx(row.sampleId), level: row.level, message: short });
    }
  }

  /** Most frequent kind first. */
  summary(): ErrorKindSummary[] {
    return [...this.kinds.values()]
      .map((k) => ({ ...k, examples: [...k.examples] }))
      .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
  }
}
