// The gallery's selection and keyboard focus as pure functions (unit-tested in Node, used by the
// page): click = select one, ctrl/cmd-click = toggle, shift-click = the range from the anchor
// (ctrl/cmd+shift adds it to the selection), arrows move the focus through the grid.

export type ClickMode = 'single' | 'toggle' | 'range' | 'add-range';

export interface SelectionState {
  /** Selected sample ids. */
  selected: ReadonlySet<number>;
  /** Position (in the slice) a shift-click range starts from. */
  anchor: number | null;
}

export const EMPTY_SELECTION: SelectionState = { selected: new Set(), anchor: null };

export function clickMode(event: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): ClickMode {
  const toggle = event.ctrlKey || event.metaKey;
  if (event.shiftKey) return toggle ? 'add-range' : 'range';
  return toggle ? 'toggle' : 'single';
}

/** Positions a range click covers (both ends included), as a window to fetch ids for. */
export function rangeWindow(anchor: number | null, target: number): { offset: number; limit: number } {
  const from = anchor ?? target;
  const offset = Math.min(from, target);
  return { offset, limit: Math.abs(target - from) + 1 };
}

/**
 * The selection after a click on the tile at `position` (sample `sampleId`); for the range modes
 * `rangeIds` are the ids of rangeWindow(state.anchor, position).
 */
export function applyClick(
  state: SelectionState,
  mode: ClickMode,
  position: number,
  sampleId: number,
  rangeIds: readonly number[] = [],
): SelectionState {
  switch (mode) {
    case 'single':
      return { selected: new Set([sampleId]), anchor: position };
    case 'toggle': {
      const selected = new Set(state.selected);
      if (selected.has(sampleId)) selected.delete(sampleId);
      else selected.add(sampleId);
      return { selected, anchor: position };
    }
    case 'range':
      return { selected: new Set(rangeIds), anchor: state.anchor ?? position };
    case 'add-range':
      return { selected: new Set([...state.selected, ...rangeIds]), anchor: state.anchor ?? position };
  }
}

export type GridKey =
  'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End' | 'PageUp' | 'PageDown';

export const GRID_KEYS: readonly GridKey[] = [
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
];

/** Where the focus goes from `position` in a grid of `columns` columns over `total` tiles. */
export function moveFocus(
  position: number,
  key: GridKey,
  columns: number,
  total: number,
  pageRows = 1,
): number {
  if (total <= 0) return 0;
  const cols = Math.max(1, Math.floor(columns));
  const step: Record<GridKey, number> = {
    ArrowLeft: -1,
    ArrowRight: 1,
    ArrowUp: -cols,
    ArrowDown: cols,
    PageUp: -cols * Math.max(1, pageRows),
    PageDown: cols * Math.max(1, pageRows),
    Home: -Infinity,
    End: Infinity,
  };
  const next = position + step[key];
  if (next === -Infinity || next < 0) return key === 'ArrowUp' ? position : 0;
  if (next === Infinity || next > total - 1) return key === 'ArrowDown' ? position : total - 1;
  return next;
}
