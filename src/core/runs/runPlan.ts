// Plans a run's (sample, level) tasks and leaves out what is already stored, so a resumed run
// continues exactly where it stopped: no duplicates (results are unique per run, sample and
// level) and no gaps (every planned task without a final result is pending).
import type { LabelLevel, Sample } from '../model';
import type { RunStore } from './runStore';
import type { RunRecord } from './runTypes';

export interface PlannedTask {
  sample: Sample;
  level: LabelLevel;
  /** ATTRSEEK turn 1 already stored (batch phase 1): only turn 2 is left. */
  resumeTurn1: string | null;
}

export interface RunPlan {
  /** Every task of the run, done or not. */
  total: number;
  /** Tasks with a final result (errors included unless they are to be retried). */
  done: number;
  /** Stored failures among `done`. */
  errors: number;
  pending: PlannedTask[];
}

/** Samples the run covers; attribute generation asks once per class (the first sample of each fine label). */
export function runSamples(store: RunStore, run: RunRecord): Sample[] {
  const samples = store.samplesOfSlice(run.datasetId, run.slice);
  if (run.strategy !== 'attribute-generation') return samples;
  const seen = new Set<string>();
  return samples.filter((s) => {
    const key = (s.fine[0] ?? s.superordinate).toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function planRun(store: RunStore, run: RunRecord, options: { retryErrors?: boolean } = {}): RunPlan {
  const stored = new Map<string, { stage: 'turn1' | 'done'; failed: boolean }>();
  let hasTurn1 = false;
  for (const k of store.predictionKeys(run.id)) {
    stored.set(`${k.sampleId}:${k.level}`, { stage: k.stage, failed: k.failed });
    if (k.stage === 'turn1') hasTurn1 = true;
  }
  const turn1Text = new Map<string, string>();
  if (hasTurn1) {
    for (const p of store.predictionsOfRun(run.id)) {
      if (p.stage === 'turn1' && p.turn1Raw !== null) turn1Text.set(`${p.sampleId}:${p.level}`, p.turn1Raw);
    }
  }
  const plan: RunPlan = { total: 0, done: 0, errors: 0, pending: [] };
  for (const sample of runSamples(store, run)) {
    for (const level of run.levels) {
      plan.total++;
      const key = `${sample.id}:${level}`;
      const existing = stored.get(key);
      if (existing?.stage === 'done' && !(existing.failed && options.retryErrors)) {
        plan.done++;
        if (existing.failed) plan.errors++;
        continue;
      }
      plan.pending.push({ sample, level, resumeTurn1: turn1Text.get(key) ?? null });
    }
  }
  return plan;
}
