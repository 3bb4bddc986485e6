// The end of `finer-lens run`: the outcome (JSON on stdout, or lines), the errors by kind with
// the first few per kind on stderr, why the run stopped, and the exit code that follows.
import type { RunOutcome } from '../core/runs/runEngine';
import type { ErrorKindSummary } from '../core/runs/runFailures';
import type { FinerStore } from '../core/store/finerStore';
import { printJson, type CliIo } from './cliIo';
import { metricsJson, metricsLines, protocolLine } from './runCliSupport';

/** Lines for stderr: "errors by kind:", then per kind its count and first examples. */
export function errorSummaryLines(kinds: readonly ErrorKindSummary[]): string[] {
  if (kinds.length === 0) return [];
  const lines = ['errors by kind:'];
  for (const k of kinds) {
    lines.push(`  ${k.kind}: ${k.count}`);
    for (const e of k.examples) {
      const idx = e.sampleIdx === null ? '?' : String(e.sampleIdx);
      lines.push(`    sample idx ${idx} (${e.level}): ${e.message}`);
    }
    if (k.count > k.examples.length) lines.push(`    … ${k.count - k.examples.length} more`);
  }
  return lines;
}

/** Every result of the run is an error (nothing was answered). */
function everyRequestFailed(outcome: RunOutcome): boolean {
  const p = outcome.progress;
  return p.done > 0 && p.errors === p.done;
}

/** Prints the outcome and returns the exit code: 130 cancelled, 1 stopped or all failed, else 0. */
export function reportRunOutcome(
  io: CliIo,
  store: FinerStore,
  outcome: RunOutcome,
  json: boolean,
  resumeHint: string,
): number {
  const metrics = store.runLevelMetrics(outcome.runId);
  const p = outcome.progress;
  if (json) {
    printJson(io, {
      runId: outcome.runId,
      status: outcome.status,
      progress: p,
      metrics: metricsJson(metrics),
      truncated: outcome.truncated,
      refusals: outcome.refusals,
      errors: outcome.errors,
      ...(outcome.earlyStop ? { earlyStop: outcome.earlyStop } : {}),
    });
  } else {
    io.out(
      `run ${outcome.runId} ${outcome.status}: ${p.done}/${p.total} results, ${p.errors} errors, ${p.cacheHits} from cache` +
        `${outcome.truncated > 0 ? `, ${outcome.truncated} truncated (finish_reason length; scored, flagged)` : ''}` +
        `${outcome.refusals > 0 ? `, ${outcome.refusals} refusals (kept, not scored)` : ''}`,
    );
    const run = store.getRun(outcome.runId);
    if (run) io.out(`  ${protocolLine(run)}`);
    for (const line of metricsLines(metrics)) io.out(line);
  }
  for (const line of errorSummaryLines(outcome.errors)) io.err(line);
  if (outcome.status === 'cancelled') {
    io.err(`run ${outcome.runId} cancelled; continue it with:\n  ${resumeHint}`);
    return 130;
  }
  if (outcome.earlyStop) {
    const stop = outcome.earlyStop;
    io.err(
      `run ${outcome.runId} stopped after ${stop.failures} consecutive ${stop.label} ` +
        `(--max-consecutive-fatal): ${stop.lastError}\n${stop.advice} Then continue the run with:\n  ${resumeHint} --retry-errors`,
    );
    return 1;
  }
  if (everyRequestFailed(outcome)) {
    io.err(`every request of run ${outcome.runId} failed (${p.errors} of ${p.done}); see the errors above`);
    return 1;
  }
  return 0;
}
