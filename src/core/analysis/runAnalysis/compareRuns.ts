// compareRuns: two runs of one dataset side by side. Flips per level on the samples both
// answered (right -> wrong, wrong -> right), per-class FINER EM deltas (largest first), the
// confusion pairs that appeared or vanished, and the grounding deltas; every count with its slice.
import { StoreError } from '../../errors';
import type { LabelLevel } from '../../model';
import { familyForDataset } from '../../prompts/datasetFamily';
import { domainForFamily } from '../partVocabulary';
import type { AnalysisStore } from './analyzeRun';
import { confusionRows } from './confusions';
import { groundingSection } from './grounding';
import { sliceOf } from './levelsAndClasses';
import type { ClassDelta, ConfusionRow, FlipRow, GroundingSection, RunComparison } from './types';

export type { ClassDelta, FlipRow, RunComparison } from './types';
export type { GroundingDelta } from '../../../shared/runAnalysisTypes';

const diff = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined ? null : b - a;

export function compareRuns(store: AnalysisStore, runA: number, runB: number): RunComparison {
  const a = store.getRun(runA);
  const b = store.getRun(runB);
  if (a === undefined) throw new StoreError(`Run ${runA} does not exist.`, 'not-found');
  if (b === undefined) throw new StoreError(`Run ${runB} does not exist.`, 'not-found');
  if (a.datasetId !== b.datasetId) {
    throw new StoreError(
      `Runs ${runA} and ${runB} are of different datasets; compare runs of one dataset.`,
      'invalid',
    );
  }
  const d = a.datasetId;
  const q = store.analysisQueries();
  const flips: FlipRow[] = q.flipCounts(runA, runB).map((f) => ({
    level: f.level,
    shared: f.shared,
    a_finer_em: f.shared === 0 ? null : f.rightA / f.shared,
    b_finer_em: f.shared === 0 ? null : f.rightB / f.shared,
    right_to_wrong: {
      count: f.rightToWrong,
      slice: sliceOf(d, {
        kind: 'flip',
        runId: runA,
        otherRunId: runB,
        level: f.level,
        direction: 'right-to-wrong',
      }),
    },
    wrong_to_right: {
      count: f.wrongToRight,
      slice: sliceOf(d, {
        kind: 'flip',
        runId: runA,
        otherRunId: runB,
        level: f.level,
        direction: 'wrong-to-right',
      }),
    },
  }));
  const levelsA = q.levelCounts(runA).map((l) => l.level);
  const levelsB = new Set(q.levelCounts(runB).map((l) => l.level));
  const levels = levelsA.filter((l) => levelsB.has(l));

  const classDeltas: ClassDelta[] = [];
  for (const level of levels) {
    const inB = new Map(q.classCounts(runB, level).map((c) => [c.classKey, c]));
    const shared = new Map(q.sharedClassCounts(runA, runB, level).map((c) => [c.classKey, c.n]));
    for (const ca of q.classCounts(runA, level)) {
      const cb = inB.get(ca.classKey);
      if (cb === undefined) continue;
      classDeltas.push({
        level,
        label: ca.classKey,
        a_n: ca.n,
        b_n: cb.n,
        a_finer_em: ca.finerEm,
        b_finer_em: cb.finerEm,
        delta: diff(ca.finerEm, cb.finerEm),
        shared: shared.get(ca.classKey) ?? 0,
        slice: sliceOf(
          d,
          { kind: 'gold', level, classKeys: [ca.classKey] },
          { kind: 'result', runId: runA, level },
          { kind: 'result', runId: runB, level },
        ),
      });
    }
  }
  classDeltas.sort(
    (x, y) =>
      Math.abs(y.delta ?? 0) - Math.abs(x.delta ?? 0) ||
      (x.label < y.label ? -1 : x.label > y.label ? 1 : 0) ||
      (x.level < y.level ? -1 : 1),
  );

  const key = (c: ConfusionRow) => `${c.level}\u0000${c.gold}\u0000${c.predicted}`;
  const pairsA = confusionRows(q, d, runA, levels, -1);
  const pairsB = confusionRows(q, d, runB, levels, -1);
  const keysA = new Set(pairsA.map(key));
  const keysB = new Set(pairsB.map(key));

  const dataset = store.getDataset(d);
  const grounding = (runId: number, level: LabelLevel): GroundingSection | null =>
    groundingSection({
      q,
      datasetId: d,
      runId,
      level,
      concepts: store.listConcepts(d),
      domain: domainForFamily(familyForDataset(dataset?.name ?? '')),
      attributeLimit: 0,
    });
  const gLevel: LabelLevel | undefined = levels.includes('fine') ? 'fine' : levels[0];
  const ga = gLevel === undefined ? null : grounding(runA, gLevel);
  const gb = gLevel === undefined ? null : grounding(runB, gLevel);

  return {
    kind: 'finer-lens-run-comparison',
    version: 1,
    run_a: runA,
    run_b: runB,
    flips,
    class_deltas: classDeltas,
    confusions_appeared: pairsB.filter((c) => !keysA.has(key(c))),
    confusions_vanished: pairsA.filter((c) => !keysB.has(key(c))),
    grounding:
      ga === null && gb === null
        ? null
        : {
            a_precision: ga?.precision ?? null,
            b_precision: gb?.precision ?? null,
            precision_delta: diff(ga?.precision, gb?.precision),
            a_recall: ga?.recall ?? null,
            b_recall: gb?.recall ?? null,
            recall_delta: diff(ga?.recall, gb?.recall),
          },
  };
}
