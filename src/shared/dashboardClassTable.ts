// The dashboard's per-class table as data: filter (level, text in the class or its coarse group,
// smallest n), sort (any column, worst first by default) and page. Pure and DOM-free, so the
// page, the unit tests and the benchmark run the same code; at 10k classes the page renders one
// page of rows, never all of them. Lower-cased search keys are built once per analysis.
import type { ClassRowView, DashboardLevel } from './dashboardProtocol';

export type ClassSortKey = 'label' | 'coarse' | 'n' | 'finer_em' | 'strict_em' | 'errors' | 'wrong';
export type SortDirection = 'asc' | 'desc';

export interface ClassTableQuery {
  level: DashboardLevel;
  /** Case-insensitive text searched in the class label and its coarse group. */
  text: string;
  /** Classes with fewer samples are hidden. */
  minN: number;
  sort: ClassSortKey;
  direction: SortDirection;
  /** 0-based page. */
  page: number;
  pageSize: number;
}

export interface ClassTablePage {
  rows: ClassRowView[];
  /** Classes that pass the filter. */
  total: number;
  page: number;
  pages: number;
}

/** Worst first: lowest FINER EM at the top, the biggest classes first among equals. */
export const DEFAULT_CLASS_QUERY: Omit<ClassTableQuery, 'level'> = {
  text: '',
  minN: 0,
  sort: 'finer_em',
  direction: 'asc',
  page: 0,
  pageSize: 50,
};

export interface ClassTableIndex {
  rows: readonly ClassRowView[];
  /** `label \u0000 coarse`, lower-cased, per row. */
  keys: readonly string[];
}

export function indexClassRows(rows: readonly ClassRowView[]): ClassTableIndex {
  return { rows, keys: rows.map((r) => `${r.label}\u0000${r.coarse}`.toLowerCase()) };
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function numberOf(row: ClassRowView, key: ClassSortKey): number | null {
  switch (key) {
    case 'n':
      return row.n;
    case 'finer_em':
      return row.finer_em;
    case 'strict_em':
      return row.strict_em;
    case 'errors':
      return row.errors;
    case 'wrong':
      return row.wrong.count;
    default:
      return null;
  }
}

/**
 * Compares two rows by `key` in `direction`; rows without a value (no scored answer) always go
 * last, and ties fall back to more samples first, then the label, so the order is stable.
 */
export function compareClassRows(
  a: ClassRowView,
  b: ClassRowView,
  key: ClassSortKey,
  direction: SortDirection,
): number {
  const sign = direction === 'asc' ? 1 : -1;
  let primary = 0;
  if (key === 'label' || key === 'coarse') {
    primary = sign * collator.compare(a[key], b[key]);
  } else {
    const x = numberOf(a, key);
    const y = numberOf(b, key);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else {
      primary = sign * (x - y);
    }
  }
  if (primary !== 0) return primary;
  if (a.n !== b.n) return b.n - a.n;
  return collator.compare(a.label, b.label);
}

/** The rows of one page; `page` is clamped into range. */
export function queryClassTable(index: ClassTableIndex, query: ClassTableQuery): ClassTablePage {
  const needle = query.text.trim().toLowerCase();
  const matched: ClassRowView[] = [];
  for (let i = 0; i < index.rows.length; i++) {
    const row = index.rows[i]!;
    if (row.level !== query.level || row.n < query.minN) continue;
    if (needle !== '' && !index.keys[i]!.includes(needle)) continue;
    matched.push(row);
  }
  matched.sort((a, b) => compareClassRows(a, b, query.sort, query.direction));
  const pageSize = Math.max(1, Math.floor(query.pageSize));
  const pages = Math.max(1, Math.ceil(matched.length / pageSize));
  const page = Math.min(Math.max(0, Math.floor(query.page)), pages - 1);
  return {
    rows: matched.slice(page * pageSize, (page + 1) * pageSize),
    total: matched.length,
    page,
    pages,
  };
}

/** Clicking a column header: the same column flips direction, a new one starts worst first. */
export function nextSort(
  current: { sort: ClassSortKey; direction: SortDirection },
  clicked: ClassSortKey,
): { sort: ClassSortKey; direction: SortDirection } {
  if (current.sort === clicked) {
    return { sort: clicked, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  // Accuracy columns start low-to-high (worst first); counts and errors start high-to-low.
  const ascending =
    clicked === 'label' || clicked === 'coarse' || clicked === 'finer_em' || clicked === 'strict_em';
  return { sort: clicked, direction: ascending ? 'asc' : 'desc' };
}
