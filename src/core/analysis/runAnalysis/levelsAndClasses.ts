// Per-level figures, hierarchical consistency and the per-class table of a run, each clickable
// number with its slice; and the class table's sort / filter, a pure function the dashboard calls.
import type { LabelLevel, ReviewCondition, ReviewSlice } from '../../model';
import type { RunAnalysisQueries } from '../../store/runAnalysisQueries';
import type { ClassRow, HierarchicalConsistency, LevelSummary } from './types';

export function sliceOf(datasetId: number, ...conditions: ReviewCondition[]): ReviewSlice {
  return { datasetId, conditions };
}

export function levelSummaries(q: RunAnalysisQueries, datasetId: number, runId: number): LevelSummary[] {
  return q.levelCounts(runId).map((l) => ({
    level: l.level,
    n: l.n,
    scored: l.scored,
    finer_em: l.finerEm,
    strict_em: l.strictEm,
    f1: l.f1,
    correct: { count: l.correct, slice: sliceOf(datasetId, { kind: 'correct', runId, level: l.level }) },
    wrong: {
      count: l.n - l.correct - countNullScoredWithoutError(l),
      slice: sliceOf(datasetId, { kind: 'misclassified', runId, level: l.level }),
    },
    errors: { count: l.errors, slice: sliceOf(datasetId, { kind: 'failed', runId, level: l.level }) },
    truncated: l.truncated,
    refused: l.refused,
  }));
}

/**
 * Results neither right, wrong nor failed: no score and no error (a refusal without error
 * text). `misclassified` counts FINER EM 0 or failed, so these are left out of `wrong`.
 */
function countNullScoredWithoutError(l: { n: number; scored: number; errors: number }): number {
  return Math.max(0, l.n - l.scored - l.errors);
}

export function hierarchicalConsistency(
  q: RunAnalysisQueries,
  datasetId: number,
  runId: number,
  levels: readonly LabelLevel[],
): HierarchicalConsistency | null {
  if (levels.length < 2) return null;
  const { answeredAll, rightAll } = q.consistencyCounts(runId, levels);
  return {
    levels: [...levels],
    answered: answeredAll,
    consistent: {
      count: rightAll,
      slice: sliceOf(
        datasetId,
        ...levels.map((level): ReviewCondition => ({ kind: 'correct', runId, level })),
      ),
    },
    share: answeredAll === 0 ? null : rightAll / answeredAll,
  };
}

/** Fine and coarse class rows (the levels the run has), worst FINER EM first. */
export function classRows(
  q: RunAnalysisQueries,
  datasetId: number,
  runId: number,
  levels: readonly LabelLevel[],
): ClassRow[] {
  const rows: ClassRow[] = [];
  for (const level of ['fine', 'coarse'] as const) {
    if (!levels.includes(level)) continue;
    for (const c of q.classCounts(runId, level)) {
      const gold: ReviewCondition = { kind: 'gold', level, classKeys: [c.classKey] };
      rows.push({
        level,
        label: c.classKey,
        superordinate: c.superordinate,
        coarse: c.coarse,
        n: c.n,
        scored: c.scored,
        finer_em: c.finerEm,
        strict_em: c.strictEm,
        errors: c.errors,
        wrong: {
          count: c.n - c.correct - Math.max(0, c.n - c.scored - c.errors),
          slice: sliceOf(datasetId, gold, { kind: 'misclassified', runId, level }),
        },
        slice: sliceOf(datasetId, gold, { kind: 'result', runId, level }),
      });
    }
  }
  return sortClassRows(rows, { by: 'finer_em', descending: false });
}

export type ClassSortKey = 'finer_em' | 'strict_em' | 'n' | 'errors' | 'wrong' | 'label';

export interface ClassTableQuery {
  by: ClassSortKey;
  descending?: boolean;
  /** Only this level. */
  level?: LabelLevel;
  /** Case-insensitive text found in the label, its coarse group or superordinate. */
  filter?: string;
  /** Only classes with at least this many results. */
  minN?: number;
}

function sortValue(row: ClassRow, by: ClassSortKey): number | string | null {
  switch (by) {
    case 'label':
      return row.label;
    case 'wrong':
      return row.wrong.count;
    default:
      return row[by];
  }
}

/** Stable sort by one key (nulls last), label as tie-break. */
export function sortClassRows(rows: readonly ClassRow[], query: ClassTableQuery): ClassRow[] {
  const sign = query.descending === true ? -1 : 1;
  const keyed = rows.map((row, i) => ({ row, i, v: sortValue(row, query.by) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) {
      if (a.v !== b.v) return a.v === null ? 1 : -1;
    } else if (a.v !== b.v) {
      return (a.v < b.v ? -1 : 1) * sign;
    }
    if (a.row.label !== b.row.label) return a.row.label < b.row.label ? -1 : 1;
    return a.i - b.i;
  });
  return keyed.map((k) => k.row);
}

/** The class table as the dashboard shows it: filtered, then sorted. Pure; 10k rows in a few ms. */
export function queryClassTable(rows: readonly ClassRow[], query: ClassTableQuery): ClassRow[] {
  const needle = query.filter?.trim().toLowerCase() ?? '';
  const minN = query.minN ?? 0;
  const kept = rows.filter(
    (r) =>
      (query.level === undefined || r.level === query.level) &&
      r.n >= minN &&
      (needle === '' ||
        r.label.toLowerCase().includes(needle) ||
        r.coarse.toLowerCase().includes(needle) ||
        r.superordinate.toLowerCase().includes(needle)),
  );
  return sortClassRows(kept, query);
}
