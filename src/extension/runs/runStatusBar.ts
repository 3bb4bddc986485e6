// The status-bar item of a batch run in progress: done/total, rate, errors, tokens and cost.
// Clicking it shows the run's progress notification (or offers to cancel).
import * as vscode from 'vscode';
import type { RunProgress } from '../../core/runs/runTypes';
import { Disposable } from '../common/disposable';

export const SHOW_RUN_PROGRESS_COMMAND = 'finerLens.showRunProgress';
const ACTIVE_CONTEXT_KEY = 'finerLens.runActive';

export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  return n.toLocaleString('en-US');
}

/** One line for the status bar and the notification: "12/40 · 3.1/s · 1 error · 5.2k tok · $0.0012". */
export function describeProgress(p: RunProgress): string {
  const parts = [`${p.done}/${p.total}`, `${p.ratePerSecond.toFixed(1)}/s`];
  parts.push(`${p.errors} error${p.errors === 1 ? '' : 's'}`);
  parts.push(`${formatTokens(p.inputTokens + p.outputTokens)} tok`);
  if (p.cost > 0) parts.push(`$${p.cost < 0.01 ? p.cost.toFixed(4) : p.cost.toFixed(2)}`);
  return parts.join(' · ');
}

export class RunStatusBar extends Disposable {
  private readonly item = this.register(
    vscode.window.createStatusBarItem('finerLens.run', vscode.StatusBarAlignment.Left, 10),
  );
  /** Runs in progress in this window, by run id. */
  private readonly active = new Map<number, { name: string; progress: RunProgress | null }>();

  constructor() {
    super();
    this.item.name = 'Finer Lens Run';
    this.item.command = SHOW_RUN_PROGRESS_COMMAND;
  }

  /** Text currently shown, for tests. */
  get text(): string {
    return this.item.text;
  }

  get activeRunIds(): number[] {
    return [...this.active.keys()];
  }

  start(runId: number, name: string): void {
    this.active.set(runId, { name, progress: null });
    this.render();
  }

  update(runId: number, progress: RunProgress): void {
    const entry = this.active.get(runId);
    if (!entry) return;
    entry.progress = progress;
    this.render();
  }

  finish(runId: number): void {
    this.active.delete(runId);
    this.render();
  }

  private render(): void {
    void vscode.commands.executeCommand('setContext', ACTIVE_CONTEXT_KEY, this.active.size > 0);
    const [first] = this.active.entries();
    if (!first) {
      this.item.hide();
      return;
    }
    const [runId, { name, progress }] = first;
    const more = this.active.size > 1 ? ` (+${this.active.size - 1} more)` : '';
    this.item.text = `$(sync~spin) Run ${runId}: ${progress ? describeProgress(progress) : 'starting…'}${more}`;
    this.item.tooltip = new vscode.MarkdownString(
      `**Finer Lens run ${runId}** — ${escapeMarkdown(name)}\n\n` +
        (progress
          ? `${progress.done} of ${progress.total} requests done, ${progress.ratePerSecond.toFixed(2)} per second, ` +
            `${progress.errors} errors, ${progress.inputTokens} input + ${progress.outputTokens} output tokens` +
            (progress.cost > 0 ? `, $${progress.cost.toFixed(4)}` : '') +
            (progress.cacheHits > 0 ? `, ${progress.cacheHits} from cache` : '')
          : 'Starting…') +
        '\n\nClick to show the progress or cancel.',
    );
    this.item.show();
  }
}

function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
