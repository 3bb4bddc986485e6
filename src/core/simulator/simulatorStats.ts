// Counts and a bounded log of the simulated server's chat requests, for tests and the benchmark.
import type { FaultKind } from './faultInjection';

export interface RequestLogEntry {
  seq: number;
  path: string;
  /** Epoch ms with sub-ms precision. */
  receivedAt: number;
  finishedAt?: number;
  status?: number;
  fault: FaultKind | null;
  task?: string;
  level?: string;
}

const LOG_LIMIT = 20_000;

function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Counts and a bounded log of chat requests, for tests and the benchmark. */
export class SimulatorStats {
  private seq = 0;
  private inFlight = 0;
  private maxInFlight = 0;
  private completed = 0;
  private log: RequestLogEntry[] = [];
  private byStatus: Record<string, number> = {};

  begin(path: string): RequestLogEntry {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const entry: RequestLogEntry = { seq: ++this.seq, path, receivedAt: nowMs(), fault: null };
    if (this.log.length < LOG_LIMIT) this.log.push(entry);
    return entry;
  }

  end(entry: RequestLogEntry, status: number): void {
    this.inFlight--;
    this.completed++;
    entry.finishedAt = nowMs();
    entry.status = status;
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
  }

  reset(): void {
    this.seq = 0;
    this.maxInFlight = this.inFlight;
    this.completed = 0;
    this.log = [];
    this.byStatus = {};
  }

  snapshot(): {
    requests: number;
    completed: number;
    inFlight: number;
    maxInFlight: number;
    byStatus: Record<string, number>;
    log: RequestLogEntry[];
  } {
    return {
      requests: this.seq,
      completed: this.completed,
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight,
      byStatus: { ...this.byStatus },
      log: this.log.map((e) => ({ ...e })),
    };
  }
}
