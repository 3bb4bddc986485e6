// The gallery's pure selection, focus and paging logic: click / ctrl-click / shift-click
// (range from the anchor) / ctrl+shift-click, arrow keys through the grid, the rows in view and
// the pages they need, and the page cache that forgets pages far from the view.
import { strict as assert } from 'node:assert';
import {
  FlingDetector,
  GALLERY_PAGE_SIZE,
  PageCache,
  pagesFor,
  visibleRange,
} from '../../../src/shared/galleryPaging';
import {
  applyClick,
  clickMode,
  EMPTY_SELECTION,
  moveFocus,
  rangeWindow,
} from '../../../src/shared/gallerySelection';

const ids = (s: { selected: ReadonlySet<number> }): number[] => [...s.selected].sort((a, b) => a - b);
/** Sample id of position p in these tests: 100 + p. */
const idsOf = (w: { offset: number; limit: number }): number[] =>
  Array.from({ length: w.limit }, (_, i) => 100 + w.offset + i);

describe('gallery selection and paging', () => {
  it('maps modifier keys to click modes', () => {
    const e = (shiftKey: boolean, ctrlKey: boolean, metaKey = false) => ({ shiftKey, ctrlKey, metaKey });
    assert.equal(clickMode(e(false, false)), 'single');
    assert.equal(clickMode(e(false, true)), 'toggle');
    assert.equal(clickMode(e(false, false, true)), 'toggle');
    assert.equal(clickMode(e(true, false)), 'range');
    assert.equal(clickMode(e(true, true)), 'add-range');
  });

  it('click selects one, ctrl-click toggles, shift-click selects the range from the anchor', () => {
    let s = applyClick(EMPTY_SELECTION, 'single', 3, 103);
    assert.deepEqual(ids(s), [103]);
    assert.equal(s.anchor, 3);
    s = applyClick(s, 'toggle', 5, 105);
    assert.deepEqual(ids(s), [103, 105]);
    s = applyClick(s, 'toggle', 3, 103);
    assert.deepEqual(ids(s), [105]);
    assert.equal(s.anchor, 3, 'a toggle moves the anchor');
    // Shift-click backwards from the anchor (3) to 1: positions 1..3, replacing the selection.
    const back = rangeWindow(s.anchor, 1);
    assert.deepEqual(back, { offset: 1, limit: 3 });
    s = applyClick(s, 'range', 1, 101, idsOf(back));
    assert.deepEqual(ids(s), [101, 102, 103]);
    assert.equal(s.anchor, 3, 'a range keeps its anchor');
    // Shift again to 6 re-ranges from the same anchor.
    s = applyClick(s, 'range', 6, 106, idsOf(rangeWindow(s.anchor, 6)));
    assert.deepEqual(ids(s), [103, 104, 105, 106]);
    // Ctrl-click 9 then ctrl+shift-click 11 adds 9..11 to what is selected.
    s = applyClick(s, 'toggle', 9, 109);
    s = applyClick(s, 'add-range', 11, 111, idsOf(rangeWindow(s.anchor, 11)));
    assert.deepEqual(ids(s), [103, 104, 105, 106, 109, 110, 111]);
  });

  it('a shift-click with no anchor yet selects just that tile', () => {
    const w = rangeWindow(null, 4);
    assert.deepEqual(w, { offset: 4, limit: 1 });
    const s = applyClick(EMPTY_SELECTION, 'range', 4, 104, idsOf(w));
    assert.deepEqual(ids(s), [104]);
    assert.equal(s.anchor, 4);
  });

  it('moves the focus through a grid of 4 columns over 10 tiles', () => {
    assert.equal(moveFocus(0, 'ArrowRight', 4, 10), 1);
    assert.equal(moveFocus(0, 'ArrowLeft', 4, 10), 0);
    assert.equal(moveFocus(3, 'ArrowRight', 4, 10), 4, 'wraps to the next row');
    assert.equal(moveFocus(1, 'ArrowDown', 4, 10), 5);
    assert.equal(moveFocus(7, 'ArrowDown', 4, 10), 7, 'no tile below: stays');
    assert.equal(moveFocus(5, 'ArrowDown', 4, 10), 9);
    assert.equal(moveFocus(2, 'ArrowUp', 4, 10), 2, 'top row: stays');
    assert.equal(moveFocus(6, 'ArrowUp', 4, 10), 2);
    assert.equal(moveFocus(6, 'Home', 4, 10), 0);
    assert.equal(moveFocus(1, 'End', 4, 10), 9);
    assert.equal(moveFocus(1, 'PageDown', 4, 10, 2), 9);
    assert.equal(moveFocus(9, 'PageUp', 4, 10, 2), 1);
    assert.equal(moveFocus(9, 'ArrowRight', 4, 10), 9);
    assert.equal(moveFocus(0, 'ArrowDown', 4, 0), 0, 'empty grid');
  });

  it('computes the tiles in view with overscan, clamped to the slice', () => {
    // 100k tiles, 5 columns, rows of 100 px, 450 px viewport scrolled to row 1000.
    const r = visibleRange(100_000, 450, 100, 5, 100_000, 2);
    assert.equal(r.firstRow, 998);
    assert.equal(r.lastRow, 1007);
    assert.equal(r.first, 4990);
    assert.equal(r.last, 5039);
    const end = visibleRange(1e9, 450, 100, 5, 12, 2);
    assert.equal(end.last, 11);
    assert.deepEqual(visibleRange(0, 450, 100, 5, 0), { first: 0, last: -1, firstRow: 0, lastRow: -1 });
    // The DOM holds (rows in view + overscan) x columns tiles, whatever the slice size.
    const big = visibleRange(5_000_000, 900, 184, 6, 1_000_000, 2);
    assert.ok(big.last - big.first + 1 <= (Math.ceil(900 / 184) + 2 + 2 * 2) * 6);
  });

  it('lists the pages covering a window and keeps only pages near the view', () => {
    assert.deepEqual(pagesFor(0, 0, 100), [0]);
    assert.deepEqual(pagesFor(95, 205, 100), [0, 100, 200]);
    assert.deepEqual(pagesFor(5, 4, 100), []);
    const cache = new PageCache<number>(10);
    for (let p = 0; p < 200; p += 10) cache.set(p, idsOf({ offset: p, limit: 10 }));
    assert.equal(cache.at(37), 137);
    assert.equal(cache.at(500), undefined);
    cache.retain([100], 2);
    assert.equal(cache.size, 5, 'pages 80..120 stay');
    assert.equal(cache.has(70), false);
    assert.equal(cache.at(125), 225);
    assert.ok(GALLERY_PAGE_SIZE > 0);
  });

  it('a stale page still answers `at` (a click during a refresh lands) but is fetched again', () => {
    const cache = new PageCache<number>(10);
    cache.set(0, idsOf({ offset: 0, limit: 10 }));
    cache.set(10, idsOf({ offset: 10, limit: 10 }));
    cache.markStale();
    assert.equal(cache.has(0), false, 'stale: the page asks for it again');
    assert.equal(cache.at(3), 103, 'but its tiles stay usable until then');
    cache.set(0, [900, 901]);
    assert.equal(cache.has(0), true);
    assert.equal(cache.at(1), 901, 'the fresh page replaces the stale one');
    assert.equal(cache.has(10), false);
    cache.retain([0], 0);
    assert.equal(cache.at(12), undefined, 'retain drops stale pages out of range too');
    cache.set(10, [1]);
    assert.equal(cache.has(10), true, 'a dropped stale mark does not linger');
    cache.markStale();
    cache.clear();
    assert.equal(cache.at(0), undefined);
  });

  it('tells a fling from reading-speed scrolling', () => {
    const wheel = new FlingDetector(2, 100);
    // A wheel notch of 100 px every 100 ms: 1 px/ms, never a fling.
    for (let t = 0; t <= 1000; t += 100) assert.equal(wheel.update(t, t), false, `wheel at ${t} ms`);
    // A dragged scrollbar: 300 px per 16 ms frame.
    const drag = new FlingDetector(2, 100);
    assert.equal(drag.update(0, 0), false, 'one position says nothing about speed');
    assert.equal(drag.update(300, 16), true);
    assert.equal(drag.update(600, 32), true);
    // It stops: the speed over the last 100 ms falls below the threshold.
    assert.equal(drag.update(610, 400), false);
    // After a reset one jump alone is not a fling; the next fast move is.
    drag.reset();
    assert.equal(drag.update(5000, 500), false);
    assert.equal(drag.update(9000, 520), true);
    // Upwards counts the same.
    assert.equal(drag.update(1000, 540), true);
  });
});
