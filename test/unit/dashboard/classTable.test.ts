// The dashboard's class table logic: worst first by default, rows without a score last in
// either direction, stable ties, text filter over class and coarse group, smallest n, level,
// paging with a clamped page, and the header-click sort cycle.
import { strict as assert } from 'node:assert';
import type { ClassTableQuery } from '../../../src/shared/dashboardClassTable';
import {
  DEFAULT_CLASS_QUERY,
  indexClassRows,
  nextSort,
  queryClassTable,
} from '../../../src/shared/dashboardClassTable';
import type { ClassRowView, DashboardLevel } from '../../../src/shared/dashboardProtocol';

let nextRef = 0;
function row(
  label: string,
  coarse: string,
  n: number,
  finerEm: number | null,
  level: DashboardLevel = 'fine',
): ClassRowView {
  const wrong = finerEm === null ? 0 : Math.round(n * (1 - finerEm));
  return {
    level,
    label,
    superordinate: 'bird',
    coarse,
    n,
    scored: finerEm === null ? 0 : n,
    finer_em: finerEm,
    strict_em: finerEm === null ? null : finerEm / 2,
    errors: finerEm === null ? n : 0,
    wrong: { count: wrong, slice: nextRef++ },
    slice: nextRef++,
  };
}

const rows = [
  row('Blue Jay', 'Jay', 10, 0.9),
  row("Steller's Jay", 'Jay', 4, 0.25),
  row('Florida Jay', 'Jay', 8, 0.25),
  row('Mallard', 'Duck', 20, 0.5),
  row('Wood Duck', 'Duck', 3, null),
  row('Jay', 'Jay', 22, 0.7, 'coarse'),
  row('Duck', 'Duck', 23, 0.45, 'coarse'),
];
const index = indexClassRows(rows);
const q = (change: Partial<ClassTableQuery> = {}): ClassTableQuery => ({
  ...DEFAULT_CLASS_QUERY,
  level: 'fine',
  ...change,
});
const labels = (query: ClassTableQuery): string[] => queryClassTable(index, query).rows.map((r) => r.label);

describe('dashboard class table', () => {
  it('lists one level, worst FINER EM first, bigger classes first among equals, unscored last', () => {
    assert.deepEqual(labels(q()), ['Florida Jay', "Steller's Jay", 'Mallard', 'Blue Jay', 'Wood Duck']);
    assert.deepEqual(labels(q({ level: 'coarse' })), ['Duck', 'Jay']);
  });

  it('keeps unscored rows last also when sorting best first', () => {
    assert.deepEqual(labels(q({ direction: 'desc' })), [
      'Blue Jay',
      'Mallard',
      'Florida Jay',
      "Steller's Jay",
      'Wood Duck',
    ]);
  });

  it('sorts by label, coarse group and counts', () => {
    assert.deepEqual(labels(q({ sort: 'label' })), [
      'Blue Jay',
      'Florida Jay',
      'Mallard',
      "Steller's Jay",
      'Wood Duck',
    ]);
    assert.deepEqual(labels(q({ sort: 'n', direction: 'desc' })), [
      'Mallard',
      'Blue Jay',
      'Florida Jay',
      "Steller's Jay",
      'Wood Duck',
    ]);
    assert.deepEqual(labels(q({ sort: 'coarse' })).slice(0, 2), ['Mallard', 'Wood Duck']);
    assert.deepEqual(labels(q({ sort: 'wrong', direction: 'desc' })).slice(0, 2), ['Mallard', 'Florida Jay']);
    assert.deepEqual(labels(q({ sort: 'errors', direction: 'desc' }))[0], 'Wood Duck');
  });

  it('filters by text in the class or its coarse group (any case) and by smallest n', () => {
    assert.deepEqual(labels(q({ text: 'DUCK' })), ['Mallard', 'Wood Duck']);
    assert.deepEqual(labels(q({ text: "  steller's " })), ["Steller's Jay"]);
    assert.deepEqual(labels(q({ minN: 8 })), ['Florida Jay', 'Mallard', 'Blue Jay']);
    assert.equal(queryClassTable(index, q({ text: 'no such bird' })).total, 0);
    assert.equal(queryClassTable(index, q({ text: 'no such bird' })).pages, 1);
  });

  it('pages, and clamps a page past the end to the last one', () => {
    const first = queryClassTable(index, q({ pageSize: 2 }));
    assert.deepEqual([first.total, first.pages, first.page], [5, 3, 0]);
    assert.deepEqual(
      first.rows.map((r) => r.label),
      ['Florida Jay', "Steller's Jay"],
    );
    const past = queryClassTable(index, q({ pageSize: 2, page: 99 }));
    assert.equal(past.page, 2);
    assert.deepEqual(
      past.rows.map((r) => r.label),
      ['Wood Duck'],
    );
  });

  it('flips the direction on the same column and starts worst first on a new one', () => {
    assert.deepEqual(nextSort({ sort: 'finer_em', direction: 'asc' }, 'finer_em'), {
      sort: 'finer_em',
      direction: 'desc',
    });
    assert.deepEqual(nextSort({ sort: 'finer_em', direction: 'asc' }, 'wrong'), {
      sort: 'wrong',
      direction: 'desc',
    });
    assert.deepEqual(nextSort({ sort: 'wrong', direction: 'desc' }, 'strict_em'), {
      sort: 'strict_em',
      direction: 'asc',
    });
    assert.deepEqual(nextSort({ sort: 'n', direction: 'desc' }, 'label'), {
      sort: 'label',
      direction: 'asc',
    });
  });

  it('sorts and filters 10k classes into one page (the table never renders more than a page)', () => {
    const many: ClassRowView[] = [];
    for (let i = 0; i < 10_000; i++)
      many.push(row(`Class ${i}`, `Group ${i % 100}`, 1 + (i % 17), (i % 101) / 100));
    const big = indexClassRows(many);
    const page = queryClassTable(big, q({ text: 'group 7' }));
    // "Group 7" and "Group 70".."Group 79": 11 groups of 100 classes.
    assert.equal(page.total, 1_100);
    assert.equal(page.rows.length, DEFAULT_CLASS_QUERY.pageSize);
    const ems = page.rows.map((r) => r.finer_em ?? 2);
    assert.deepEqual(
      ems,
      [...ems].sort((a, b) => a - b),
    );
  });
});
