// Confusions of a run: the (gold -> predicted class) pairs of wrong answers, the top-N confusion
// matrices (coarse; fine inside one coarse group) with "(other)" and "(off-list)", and the mistake
// severity breakdown, each number with its slice.
import type { LabelLevel, ReviewCondition } from '../../model';
import { MISTAKE_SEVERITIES } from '../../scoring/classResolution';
import type { ResolvedCell, RunAnalysisQueries } from '../../store/runAnalysisQueries';
import { sliceOf } from './levelsAndClasses';
import type { ConfusionMatrix, ConfusionRow, CountedSlice, MatrixCell, SeveritySection } from './types';

export const OFF_LIST_LABEL = '(off-list)';
export const AMBIGUOUS_LABEL = '(ambiguous)';
export const OTHER_LABEL = '(other)';

function predictedCondition(runId: number, level: LabelLevel, cell: ResolvedCell): ReviewCondition {
  if (cell.resolved !== null) return { kind: 'predicted', runId, level, classKeys: [cell.resolved] };
  return cell.rule === 'ambiguous'
    ? { kind: 'predicted', runId, level, classKeys: [], ambiguous: true }
    : { kind: 'predicted', runId, level, classKeys: [null] };
}

/** Wrong answers (FINER EM 0) resolving to another class or to none, most frequent first. */
export function confusionRows(
  q: RunAnalysisQueries,
  datasetId: number,
  runId: number,
  levels: readonly LabelLevel[],
  limit: number,
): ConfusionRow[] {
  const rows: ConfusionRow[] = [];
  for (const level of levels) {
    for (const cell of q.resolvedCells(runId, level)) {
      if (cell.wrong === 0 || cell.resolved === cell.gold) continue;
      rows.push({
        level,
        gold: cell.gold,
        predicted: cell.resolved ?? (cell.rule === 'ambiguous' ? AMBIGUOUS_LABEL : OFF_LIST_LABEL),
        count: cell.wrong,
        severity: level === 'fine' ? cell.severity : null,
        slice: sliceOf(
          datasetId,
          { kind: 'gold', level, classKeys: [cell.gold] },
          predictedCondition(runId, level, cell),
          { kind: 'misclassified', runId, level },
        ),
      });
    }
  }
  rows.sort(
    (a, b) =>
      b.count - a.count || cmp(a.level, b.level) || cmp(a.gold, b.gold) || cmp(a.predicted, b.predicted),
  );
  return limit >= 0 ? rows.slice(0, limit) : rows;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A top-N matrix over the scored answers at `level` (fine: only samples of `coarseGroup`). Rows:
 * the N gold classes with most wrong answers, then "(other)"; columns: the same classes, then
 * "(other)" (any other class) and "(off-list)" (no single class: off-list or ambiguous).
 */
export function confusionMatrix(
  q: RunAnalysisQueries,
  datasetId: number,
  runId: number,
  level: LabelLevel,
  size: number,
  coarseGroup?: string,
): ConfusionMatrix | null {
  const cells = q.resolvedCells(runId, level, coarseGroup);
  if (cells.length === 0) return null;
  const wrongByGold = new Map<string, number>();
  const totalByGold = new Map<string, number>();
  for (const c of cells) {
    wrongByGold.set(c.gold, (wrongByGold.get(c.gold) ?? 0) + c.wrong);
    totalByGold.set(c.gold, (totalByGold.get(c.gold) ?? 0) + c.right + c.wrong);
  }
  const top = [...totalByGold.keys()]
    .sort(
      (a, b) =>
        (wrongByGold.get(b) ?? 0) - (wrongByGold.get(a) ?? 0) ||
        (totalByGold.get(b) ?? 0) - (totalByGold.get(a) ?? 0) ||
        cmp(a, b),
    )
    .slice(0, Math.max(1, size));
  const topSet = new Set(top);
  const hasOtherRow = totalByGold.size > top.length;
  const rows = hasOtherRow ? [...top, OTHER_LABEL] : [...top];
  const columns = [...top, OTHER_LABEL, OFF_LIST_LABEL];
  const counts = rows.map(() => columns.map(() => 0));
  for (const c of cells) {
    const r = topSet.has(c.gold) ? top.indexOf(c.gold) : rows.length - 1;
    const col =
      c.resolved === null
        ? columns.length - 1
        : topSet.has(c.resolved)
          ? top.indexOf(c.resolved)
          : columns.length - 2;
    counts[r]![col]! += c.right + c.wrong;
  }
  const scope: ReviewCondition[] =
    coarseGroup === undefined ? [] : [{ kind: 'gold', level: 'coarse', classKeys: [coarseGroup] }];
  const rowCondition = (row: string): ReviewCondition =>
    row === OTHER_LABEL
      ? { kind: 'gold', level, classKeys: top, exclude: true }
      : { kind: 'gold', level, classKeys: [row] };
  const columnCondition = (column: string): ReviewCondition =>
    column === OTHER_LABEL
      ? { kind: 'predicted', runId, level, classKeys: [...top, null], ambiguous: true, exclude: true }
      : column === OFF_LIST_LABEL
        ? { kind: 'predicted', runId, level, classKeys: [null], ambiguous: true }
        : { kind: 'predicted', runId, level, classKeys: [column] };
  const matrixCells: MatrixCell[][] = rows.map((row, r) =>
    columns.map((column, c) => ({
      count: counts[r]![c]!,
      slice: sliceOf(datasetId, ...scope, rowCondition(row), columnCondition(column)),
    })),
  );
  return { level, coarse_group: coarseGroup ?? null, rows, columns, cells: matrixCells };
}

/** The coarse group with most wrong fine answers (ties: most answers, then name). */
export function worstCoarseGroup(q: RunAnalysisQueries, runId: number): string | undefined {
  const byGroup = new Map<string, { wrong: number; n: number }>();
  for (const c of q.classCounts(runId, 'fine')) {
    const g = byGroup.get(c.coarse) ?? { wrong: 0, n: 0 };
    g.wrong += c.scored - c.correct;
    g.n += c.n;
    byGroup.set(c.coarse, g);
  }
  return [...byGroup.entries()].sort(
    (a, b) => b[1].wrong - a[1].wrong || b[1].n - a[1].n || cmp(a[0], b[0]),
  )[0]?.[0];
}

export function severitySection(
  counts: { wrong: number; counts: Record<string, number> },
  datasetId: number,
  runId: number,
): SeveritySection {
  const out: Record<string, CountedSlice> = {};
  for (const severity of MISTAKE_SEVERITIES) {
    out[severity] = {
      count: counts.counts[severity] ?? 0,
      slice: sliceOf(datasetId, { kind: 'severity', runId, severity }),
    };
  }
  return { wrong: counts.wrong, counts: out };
}
