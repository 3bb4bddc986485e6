// Group commit of run results: whatever completes within a short window goes into one journal
// write, so throughput does not pay a lock, an open and an fsync per request, and every result
// is still durable before it is acknowledged (its promise resolves, progress counts it).
import type { PredictionRow } from './runTypes';
import type { RunCacheEntry, RunStore } from './runStore';

interface Waiting {
  row: PredictionRow;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class ResultWriter {
  private waiting: Waiting[] = [];
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

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // A short window lets the responses arriving meanwhile join this write.
    this.idle = this.idle.then(
      () =>
        new Promise<void>((done) => {
          setTimeout(() => {
            this.flush().finally(done);
          }, this.commitWindowMs);
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
      );
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    this.onDurable(batch.map((w) => w.row));
    for (const w of batch) w.resolve();
  }
}
