// The confusion matrix as the page lays it out: row totals, each cell's share of its row, a
// shade step (0-5, drawn with theme colours by CSS class, since the CSP forbids inline styles),
// which cells are the diagonal (right answers) and which columns are "(other)" / "(off-list)",
// and a sentence per cell for screen readers. Pure, so it is unit-tested in Node.
import type { MatrixView, SliceRef } from './dashboardProtocol';

export const OTHER_LABEL = '(other)';
export const OFF_LIST_LABEL = '(off-list)';
export const SHADE_STEPS = 5;

export type MatrixColumnKind = 'class' | 'other' | 'off-list';

export interface MatrixCellLayout {
  count: number;
  slice: SliceRef;
  /** count / row total (0 for an empty row). */
  share: number;
  /** 0 = empty, 1..SHADE_STEPS = darker. */
  shade: number;
  diagonal: boolean;
  column: string;
  columnKind: MatrixColumnKind;
  /** "gold Blue Jay, answered Steller's Jay: 3 of 12 (25%)" */
  description: string;
}

export interface MatrixRowLayout {
  label: string;
  isOther: boolean;
  total: number;
  cells: MatrixCellLayout[];
}

export interface MatrixLayout {
  columns: { label: string; kind: MatrixColumnKind }[];
  rows: MatrixRowLayout[];
  /** Sum of the off-diagonal cells (the wrong answers the matrix shows). */
  wrong: number;
}

export function columnKind(label: string, index: number, rowLabels: readonly string[]): MatrixColumnKind {
  // A class could be called "(other)"; only the trailing columns past the row classes are special.
  if (index < rowLabels.length - (rowLabels.at(-1) === OTHER_LABEL ? 1 : 0)) return 'class';
  if (label === OFF_LIST_LABEL) return 'off-list';
  if (label === OTHER_LABEL) return 'other';
  return 'class';
}

/** Shade step of a share: any non-zero count gets at least step 1, so it is never invisible. */
export function shadeOf(share: number, count: number): number {
  if (count <= 0) return 0;
  return Math.min(SHADE_STEPS, Math.max(1, Math.ceil(share * SHADE_STEPS)));
}

const percent = (share: number): string => `${Math.round(share * 100)}%`;

export function layoutMatrix(matrix: MatrixView): MatrixLayout {
  const rowClasses = matrix.rows.filter((r, i) => !(r === OTHER_LABEL && i === matrix.rows.length - 1));
  const columns = matrix.columns.map((label, i) => ({ label, kind: columnKind(label, i, matrix.rows) }));
  let wrong = 0;
  const rows = matrix.rows.map((label, r): MatrixRowLayout => {
    const isOther = label === OTHER_LABEL && r === matrix.rows.length - 1;
    const raw = matrix.cells[r] ?? [];
    const total = raw.reduce((sum, c) => sum + c.count, 0);
    const cells = columns.map((column, c): MatrixCellLayout => {
      const cell = raw[c] ?? { count: 0, slice: -1 };
      const share = total === 0 ? 0 : cell.count / total;
      const diagonal = !isOther && column.kind === 'class' && column.label === label && r < rowClasses.length;
      if (!diagonal) wrong += cell.count;
      const answered =
        column.kind === 'off-list'
          ? 'answered no class of the dataset'
          : column.kind === 'other'
            ? 'answered a class not shown'
            : `answered ${column.label}`;
      const gold = isOther ? 'gold class not shown' : `gold ${label}`;
      return {
        count: cell.count,
        slice: cell.slice,
        share,
        shade: shadeOf(share, cell.count),
        diagonal,
        column: column.label,
        columnKind: column.kind,
        description: `${gold}, ${answered}: ${cell.count} of ${total} (${percent(share)})`,
      };
    });
    return { label, isOther, total, cells };
  });
  return { columns, rows, wrong };
}
