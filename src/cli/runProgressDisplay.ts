// Run progress for the terminal: a redrawn bar on a TTY, plain lines (at most one a second) otherwise.
import type { RunProgress } from '../core/runs/runTypes';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

function describe(p: RunProgress): string {
  const cost = p.cost > 0 ? `  $${p.cost.toFixed(4)}` : '';
  return (
    `${p.done}/${p.total}  ${p.ratePerSecond.toFixed(1)}/s  errors ${p.errors}  ` +
    `tokens ${p.inputTokens} in / ${p.outputTokens} out${cost}  cache hits ${p.cacheHits}`
  );
}

export class RunProgressDisplay {
  private lastLine = 0;
  private drawn = false;

  constructor(private readonly stream: ProgressStream) {}

  update(p: RunProgress): void {
    if (this.stream.isTTY) {
      const width = 24;
      const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
      this.stream.write(`\r\x1b[2K${bar} ${describe(p)}`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (now - this.lastLine < 1000 && p.done < p.total) return;
    this.lastLine = now;
    this.stream.write(`progress ${describe(p)}\n`);
  }

  finish(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
