// Group commit of run results: whatever completes within a short window goes into one journal
// write, so throughput does not pay a lock, an open and an fsync per request, and every result
// is still durable before it is acknowledged (its promise resolves, progress counts it).
//
// When another process holds the database (a large import in another window), a write does not
// fail the run: the results stay queued and the write is retried with backoff for up to
// `lockPatienceMs` (default 10 minutes, see README "Several processes"), while requests go on.
import { StoreError } from '../errors';
import type { PredictionRow } from './runTypes';
import type { RunCacheEntry, RunStore } from './runStore';

interface Waiting {
  row: PredictionRow;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** How long results wait for a busy database before the run fails (ms). */
export const DEFAULT_LOCK_PATIENCE_MS = 10 * 60_000;
/** Each attempt blocks the event loop at most this long waiting for the lock (ms). */
const ATTEMPT_LOCK_WAIT_MS = 200;
const MAX_BACKOFF_MS = 2000;

export class ResultWriter {
  private waiting: Waiting[] = [];
  /** When the current run of 'busy' failures started (undefined: the last write went through). */
  private busySince: number | undefined;
  private backoffMs = 25;
  private cacheEntries: RunCacheEntry[] = [];
  private scheduled = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: RunStore,
    private readonly runId: number,
    /** Called after each durable write with the rows it made durable. */
    private readonly onDurable: (rows: PredictionRow[]) => void = () => {},
    /** How long the first queued result waits for others to join its write (ms). */
    private readonly commitWindowMs = 20,
    private readonly lockPatienceMs = DEFAULT_LOCK_PATIENCE_MS,
  ) {}

  /** Resolves once the row (and cache entries queued so far) are durable. */
  write(row: PredictionRow): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      this.schedule();
    });
  }

  /** Queues a response-cache entry; written with the next batch of results. */
  queueCacheEntry(entry: RunCacheEntry): void {
    this.cacheEntries.push(entry);
  }

  /** Resolves when everything queued so far is written. */
  async drain(): Promise<void> {
    if (this.waiting.length > 0 || this.cacheEntries.length > 0) this.schedule();
    await this.idle;
    if (this.waiting.length > 0 || this.cacheEntries.length > 0) await this.drain();
  }

  private schedule(delayMs = this.commitWindowMs): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // A short window lets the responses arriving meanwhile join this write.
    this.idle = this.idle.then(
      () =>
        new Promise<void>((done) => {
          setTimeout(() => {
            this.flush().finally(done);
          }, delayMs);
        }),
    );
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.waiting;
    const cache = this.cacheEntries;
    this.waiting = [];
    this.cacheEntries = [];
    if (batch.length === 0 && cache.length === 0) return;
    try {
      await this.store.saveRunResults(
        this.runId,
        batch.map((w) => w.row),
        cache,
        { lockWaitMs: ATTEMPT_LOCK_WAIT_MS },
      );
    } catch (error) {
      if (this.shouldRetry(error)) {
        // Keep order: these go first, then whatever arrived meanwhile.
        this.waiting = [...batch, ...this.waiting];
        this.cacheEntries = [...cache, ...this.cacheEntries];
        this.schedule(this.backoffMs);
        this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
        return;
      }
      for (const w of batch) w.reject(error);
      return;
    }
    this.busySince = undefined;
    this.backoffMs = 25;
    this.onDurable(batch.map((w) => w.row));
    for (const w of batch) w.resolve();
  }

  private shouldRetry(error: unknown): boolean {
    if (!(error instanceof StoreError) || error.reason !== 'locked') return false;
    const now = Date.now();
    this.busySince ??= now;
    return now - this.busySince < this.lockPatienceMs;
  }
}
