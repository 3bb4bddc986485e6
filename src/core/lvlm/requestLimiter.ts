// Bounds how many model requests are in flight and how many start per minute.
// Hand-written rather than p-limit because it must combine a concurrency cap with a
// requests-per-minute token bucket and honour AbortSignals while queued.
import { onAbort } from './abortSubscriptions';
import { abortedError } from './retryPolicy';

export interface RequestLimiterOptions {
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Requests started per minute; undefined = unlimited. */
  requestsPerMinute?: number;
  /** Bucket size: requests that may start back to back after an idle period (default 1). */
  burst?: number;
}

interface Waiter {
  start: () => void;
  /** Stops listening for the caller's abort (once started or aborted). */
  unsubscribe: () => void;
}

export class RequestLimiter {
  readonly concurrency: number;
  readonly requestsPerMinute: number | undefined;
  private readonly burst: number;
  private readonly queue: Waiter[] = [];
  private running = 0;
  private tokens: number;
  private lastRefill = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(options: RequestLimiterOptions = {}) {
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 8));
    const rpm = options.requestsPerMinute;
    this.requestsPerMinute = rpm !== undefined && rpm > 0 ? rpm : undefined;
    this.burst = Math.max(1, Math.floor(options.burst ?? 1));
    this.tokens = this.burst;
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Runs `task` when a slot (and, with an RPM limit, a token) is free. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortedError());
        return;
      }
      const waiter: Waiter = {
        unsubscribe: () => {},
        start: () => {
          waiter.unsubscribe();
          this.running++;
          // Free the slot before settling, so a caller that awaits sees the limiter idle.
          const done = (): void => {
            this.running--;
            this.pump();
          };
          let pending: Promise<T>;
          try {
            pending = task();
          } catch (error) {
            pending = Promise.reject(error);
          }
          pending.then(
            (value) => {
              done();
              resolve(value);
            },
            (error: unknown) => {
              done();
              reject(error);
            },
          );
        },
      };
      if (signal) {
        waiter.unsubscribe = onAbort(signal, () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(abortedError());
        });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  private refill(): void {
    if (this.requestsPerMinute === undefined) return;
    const now = Date.now();
    this.tokens = Math.min(
      this.burst,
      this.tokens + ((now - this.lastRefill) * this.requestsPerMinute) / 60_000,
    );
    this.lastRefill = now;
  }

  private pump(): void {
    while (this.queue.length > 0 && this.running < this.concurrency) {
      if (this.requestsPerMinute !== undefined) {
        this.refill();
        if (this.tokens < 1) {
          this.scheduleRefill();
          return;
        }
        this.tokens -= 1;
      }
      const next = this.queue.shift();
      next?.start();
    }
  }

  private scheduleRefill(): void {
    if (this.timer !== undefined || this.requestsPerMinute === undefined) return;
    const waitMs = Math.ceil(((1 - this.tokens) * 60_000) / this.requestsPerMinute);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.pump();
      },
      Math.max(1, waitMs),
    );
  }
}
