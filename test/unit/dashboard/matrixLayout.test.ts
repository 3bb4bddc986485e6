// The confusion matrix layout: row totals, shares and shade steps, the diagonal only on class
// columns (never on "(other)" / "(off-list)", not even for a class named "(other)"), the wrong
// answers it shows, and a sentence per cell for screen readers.
import { strict as assert } from 'node:assert';
import { layoutMatrix, shadeOf, SHADE_STEPS } from '../../../src/shared/dashboardMatrix';
import type { MatrixView } from '../../../src/shared/dashboardProtocol';

const cells = (counts: number[][]): MatrixView['cells'] =>
  counts.map((r, i) => r.map((count, j) => ({ count, slice: i * 10 + j })));

describe('dashboard confusion matrix layout', () => {
  const matrix: MatrixView = {
    level: 'fine',
    coarse_group: 'Jay',
    rows: ['Blue Jay', 'Florida Jay', '(other)'],
    columns: ['Blue Jay', 'Florida Jay', '(other)', '(off-list)'],
    cells: cells([
      [6, 2, 1, 1],
      [3, 0, 0, 1],
      [0, 1, 4, 0],
    ]),
  };
  const layout = layoutMatrix(matrix);

  it('marks the columns and the diagonal', () => {
    assert.deepEqual(
      layout.columns.map((c) => c.kind),
      ['class', 'class', 'other', 'off-list'],
    );
    assert.deepEqual(
      layout.rows.map((r) => r.cells.map((c) => c.diagonal)),
      [
        [true, false, false, false],
        [false, true, false, false],
        [false, false, false, false],
      ],
    );
    assert.equal(layout.rows[2]!.isOther, true);
  });

  it('totals rows, shares cells and counts the wrong answers shown', () => {
    assert.deepEqual(
      layout.rows.map((r) => r.total),
      [10, 4, 5],
    );
    assert.equal(layout.rows[0]!.cells[1]!.share, 0.2);
    // Everything off the diagonal: 2+1+1 + 3+1 + 1+4 (the "(other)" row has no diagonal).
    assert.equal(layout.wrong, 13);
    assert.equal(layout.rows[1]!.cells[0]!.slice, 10);
  });

  it('gives every non-empty cell a visible shade and empty ones none', () => {
    assert.equal(shadeOf(0, 0), 0);
    assert.equal(shadeOf(0.001, 1), 1);
    assert.equal(shadeOf(1, 5), SHADE_STEPS);
    assert.equal(layout.rows[1]!.cells[1]!.shade, 0);
    assert.equal(layout.rows[0]!.cells[0]!.shade, 3);
  });

  it('describes each cell in words', () => {
    assert.equal(layout.rows[0]!.cells[1]!.description, 'gold Blue Jay, answered Florida Jay: 2 of 10 (20%)');
    assert.equal(
      layout.rows[1]!.cells[3]!.description,
      'gold Florida Jay, answered no class of the dataset: 1 of 4 (25%)',
    );
    assert.equal(
      layout.rows[2]!.cells[2]!.description,
      'gold class not shown, answered a class not shown: 4 of 5 (80%)',
    );
  });

  it('treats a class called "(other)" among the row classes as a class', () => {
    const odd = layoutMatrix({
      level: 'coarse',
      coarse_group: null,
      rows: ['(other)', 'Duck'],
      columns: ['(other)', 'Duck', '(off-list)'],
      cells: cells([
        [2, 0, 0],
        [1, 3, 0],
      ]),
    });
    assert.deepEqual(
      odd.columns.map((c) => c.kind),
      ['class', 'class', 'off-list'],
    );
    assert.equal(odd.rows[0]!.cells[0]!.diagonal, true);
    assert.equal(odd.rows[0]!.isOther, false);
  });

  it('lays out an empty row without dividing by zero', () => {
    const empty = layoutMatrix({
      level: 'coarse',
      coarse_group: null,
      rows: ['Duck'],
      columns: ['Duck', '(off-list)'],
      cells: cells([[0, 0]]),
    });
    assert.equal(empty.rows[0]!.total, 0);
    assert.equal(empty.rows[0]!.cells[0]!.share, 0);
  });
});
