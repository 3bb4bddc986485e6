// Which pages of a slice the gallery needs for what is on screen, and a small cache that keeps
// the pages near the viewport and drops the rest (so memory stays bounded at 100k samples).
// Pure: unit-tested in Node, used by the page.

/** Tiles per page request (the host allows up to GALLERY_PAGE_MAX). */
export const GALLERY_PAGE_SIZE = 120;

/** Visible rows of a fixed-size grid, plus `overscan` rows above and below. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  columns: number,
  total: number,
  overscan = 2,
): { first: number; last: number; firstRow: number; lastRow: number } {
  const cols = Math.max(1, Math.floor(columns));
  const rows = Math.ceil(total / cols);
  if (total <= 0 || rowHeight <= 0) return { first: 0, last: -1, firstRow: 0, lastRow: -1 };
  const firstRow = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const lastRow = Math.min(rows - 1, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first: firstRow * cols, last: Math.min(total - 1, (lastRow + 1) * cols - 1), firstRow, lastRow };
}

/** Offsets of the pages covering positions first .. last. */
export function pagesFor(first: number, last: number, pageSize = GALLERY_PAGE_SIZE): number[] {
  const pages: number[] = [];
  if (last < first) return pages;
  for (let p = Math.floor(first / pageSize) * pageSize; p <= last; p += pageSize) pages.push(p);
  return pages;
}

/**
 * Pages by offset; `retain` drops every page farther than `keep` pages from the ones in view.
 * `markStale` keeps the pages for display (and for a click or Enter on them) while fresh ones
 * are fetched: `has` is false for a stale page, so the page asks for it again, and `set`
 * replaces it. Without this a store refresh blanked every tile until the refetch answered, and
 * a click or key pressed in that gap hit a placeholder and was lost.
 */
export class PageCache<T> {
  private readonly pages = new Map<number, T[]>();
  private readonly stale = new Set<number>();

  constructor(private readonly pageSize = GALLERY_PAGE_SIZE) {}

  get size(): number {
    return this.pages.size;
  }

  /** True when the page is loaded and not stale (so it need not be fetched). */
  has(offset: number): boolean {
    return this.pages.has(offset) && !this.stale.has(offset);
  }

  set(offset: number, items: T[]): void {
    this.pages.set(offset, items);
    this.stale.delete(offset);
  }

  /** Keep every page for display but have each fetched again. */
  markStale(): void {
    for (const offset of this.pages.keys()) this.stale.add(offset);
  }

  /** The item at a position, if its page is loaded. */
  at(position: number): T | undefined {
    const offset = Math.floor(position / this.pageSize) * this.pageSize;
    return this.pages.get(offset)?.[position - offset];
  }

  retain(inView: readonly number[], keep = 4): void {
    if (inView.length === 0) return;
    const lo = Math.min(...inView) - keep * this.pageSize;
    const hi = Math.max(...inView) + keep * this.pageSize;
    for (const offset of [...this.pages.keys()]) {
      if (offset < lo || offset > hi) {
        this.pages.delete(offset);
        this.stale.delete(offset);
      }
    }
  }

  clear(): void {
    this.pages.clear();
    this.stale.clear();
  }
}

/**
 * Tells a fling (a dragged scrollbar, a fast wheel, End) from reading-speed scrolling, from the
 * scroll positions and times it is given. While the grid flings, tiles that mount defer their
 * image: thousands of thumbnails flashing past would each be a webview resource request to the
 * extension host and an image decode, for tiles on screen for one frame.
 * `fastPxPerMs` is the speed above which scrolling counts as a fling; the speed is measured over
 * the last `windowMs` so one big jump (a click on the scrollbar track) counts as well.
 */
export class FlingDetector {
  private samples: { top: number; time: number }[] = [];

  constructor(
    private readonly fastPxPerMs = 2,
    private readonly windowMs = 100,
  ) {}

  /** Records a scroll position; true when the grid is moving faster than `fastPxPerMs`. */
  update(top: number, now: number): boolean {
    this.samples.push({ top, time: now });
    while (this.samples.length > 2 && now - (this.samples[1]?.time ?? now) >= this.windowMs) {
      this.samples.shift();
    }
    const first = this.samples[0];
    if (!first || first.time === now) return false;
    const speed = Math.abs(top - first.top) / Math.max(now - first.time, 1);
    return speed > this.fastPxPerMs;
  }

  reset(): void {
    this.samples = [];
  }
}
