// analyzeRun against hand-computed figures on a small store (analysisFixture.ts), every clickable
// number's slice counted by the store's slice query, and the level means checked against a direct
// SQL aggregate over the predictions table.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { analyzeRun } from '../../../../src/core/analysis/runAnalysis/analyzeRun';
import { queryClassTable } from '../../../../src/core/analysis/runAnalysis/levelsAndClasses';
import type { RunAnalysis } from '../../../../src/core/analysis/runAnalysis/types';
import type { ReviewSlice } from '../../../../src/core/model';
import { FinerStore } from '../../../../src/core/store/finerStore';
import { loadSqlJs } from '../../../../src/core/store/sqlJsLoader';
import { makeAnalysisFixture, slicedNumbers, type AnalysisFixture } from './analysisFixture';

describe('analyzeRun', function () {
  this.timeout(60_000);
  let fx: AnalysisFixture;
  let direct: RunAnalysis;
  let attrseek: RunAnalysis;
  before(async () => {
    fx = await makeAnalysisFixture();
    direct = analyzeRun(fx.store, fx.directRun);
    attrseek = analyzeRun(fx.store, fx.attrseekRun);
  });
  after(async () => {
    await fx.cleanup();
  });

  it('states the protocol without any key', () => {
    assert.equal(direct.run.model, 'sim-a');
    assert.equal(direct.run.strategy, 'direct');
    assert.equal(direct.run.gold_conditioning, true);
    assert.equal(direct.run.protocol, 'finer-reference');
    assert.deepEqual(direct.run.decoding, { temperature: 0.2, max_tokens: 512, seed: null });
    assert.deepEqual(direct.run.endpoint, { name: 'sim', kind: 'openai' });
    assert.ok(!JSON.stringify(direct).includes('apiKey'));
  });

  it('levels: 13 results, 12 scored, 6 right, 1 failed', () => {
    assert.equal(direct.levels.length, 1);
    const fine = direct.levels[0]!;
    assert.equal(fine.n, 13);
    assert.equal(fine.scored, 12);
    assert.equal(fine.finer_em, 0.5);
    assert.equal(fine.correct.count, 6);
    assert.equal(fine.wrong.count, 7, '6 wrong + 1 failed');
    assert.equal(fine.errors.count, 1);
    assert.equal(direct.hierarchical_consistency, null, 'one level asked');
  });

  it('hierarchical consistency: right at coarse and fine', () => {
    const h = attrseek.hierarchical_consistency!;
    assert.deepEqual(h.levels, ['coarse', 'fine']);
    assert.equal(h.answered, 5);
    assert.equal(h.consistent.count, 3);
    assert.equal(h.share, 0.6);
  });

  it('classes: per fine class, worst first, failed results apart', () => {
    const fine = direct.classes.filter((c) => c.level === 'fine');
    const byLabel = new Map(fine.map((c) => [c.label, c]));
    assert.deepEqual(
      [...byLabel.entries()].map(([l, c]) => [l, c.n, c.finer_em, c.errors]),
      [
        ['Great Horned Owl', 3, 1 / 3, 0],
        ['Hooded Warbler', 3, 1 / 3, 0],
        ['Yellow Warbler', 3, 1 / 3, 0],
        ['Barn Owl', 3, 1, 0],
        ['Shih-Tzu', 1, null, 1],
      ],
    );
    assert.equal(byLabel.get('Great Horned Owl')!.coarse, 'Owl');
    const coarse = attrseek.classes.filter((c) => c.level === 'coarse');
    assert.deepEqual(
      coarse.map((c) => [c.label, c.n, c.finer_em]),
      [['Owl', 5, 1]],
    );
  });

  it('class table: filter and sort as a pure function', () => {
    const rows = queryClassTable(direct.classes, { by: 'n', descending: true, filter: 'warbler' });
    assert.deepEqual(
      rows.map((r) => r.label),
      ['Hooded Warbler', 'Yellow Warbler'],
    );
    const byLabel = queryClassTable(direct.classes, { by: 'label', level: 'fine', minN: 2 });
    assert.deepEqual(
      byLabel.map((r) => r.label),
      ['Barn Owl', 'Great Horned Owl', 'Hooded Warbler', 'Yellow Warbler'],
    );
  });

  it('confusions with severity, most frequent first', () => {
    assert.deepEqual(
      direct.confusions.map((c) => [c.gold, c.predicted, c.count, c.severity]),
      [
        ['Great Horned Owl', 'Barn Owl', 2, 'sibling'],
        ['Hooded Warbler', '(off-list)', 1, 'off-list'],
        ['Hooded Warbler', 'Great Horned Owl', 1, 'cousin'],
        ['Yellow Warbler', 'Hooded Warbler', 1, 'sibling'],
        ['Yellow Warbler', 'Shih-Tzu', 1, 'other'],
      ],
    );
    assert.equal(direct.severity!.wrong, 6);
    assert.deepEqual(
      Object.fromEntries(Object.entries(direct.severity!.counts).map(([k, v]) => [k, v.count])),
      { sibling: 3, cousin: 1, other: 1, 'off-list': 1, ambiguous: 0 },
    );
  });

  it('fine confusion matrix inside the worst coarse group, with (other) and (off-list)', () => {
    const m = direct.confusion_matrices.find((x) => x.level === 'fine')!;
    assert.equal(m.coarse_group, 'Warbler');
    assert.deepEqual(m.rows, ['Hooded Warbler', 'Yellow Warbler']);
    assert.deepEqual(m.columns, ['Hooded Warbler', 'Yellow Warbler', '(other)', '(off-list)']);
    assert.deepEqual(
      m.cells.map((r) => r.map((c) => c.count)),
      [
        [0, 0, 1, 2],
        [1, 1, 1, 0],
      ],
    );
    const small = analyzeRun(fx.store, fx.directRun, { matrixSize: 1, skipGrounding: true });
    const m1 = small.confusion_matrices.find((x) => x.level === 'fine')!;
    assert.deepEqual(m1.rows, ['Hooded Warbler', '(other)']);
    assert.deepEqual(
      m1.cells.map((r) => r.map((c) => c.count)),
      [
        [0, 1, 2],
        [1, 2, 0],
      ],
    );
    for (const n of slicedNumbers(small.confusion_matrices)) {
      assert.equal(fx.store.countReviewSlice(n.slice), n.expected, n.path);
    }
  });

  it('modality gap against the newest text-only run: quadrants and per class', () => {
    const g = direct.modality_gap!;
    assert.equal(g.text_run_id, fx.textRun);
    assert.equal(g.shared, 13);
    assert.deepEqual(Object.fromEntries(Object.entries(g.quadrants).map(([k, v]) => [k, v.count])), {
      'text-only': 4,
      'image-only': 4,
      both: 2,
      neither: 3,
    });
    const gho = g.classes.find((c) => c.label === 'Great Horned Owl')!;
    // idx 0, 4, 8: image right only on 8; text right on 0 and 4.
    assert.deepEqual([gho.n, gho.image_finer_em, gho.text_finer_em], [3, 1 / 3, 2 / 3]);
    const owl = g.coarse_groups.find((c) => c.label === 'Owl')!;
    assert.deepEqual([owl.n, owl.image_finer_em, owl.text_finer_em], [6, 4 / 6, 4 / 6]);
    assert.equal(analyzeRun(fx.store, fx.textRun).modality_gap, null, 'a text-only run has no image side');
  });

  it('ATTRSEEK against direct on the same samples', () => {
    const s = attrseek.attrseek_vs_direct!;
    assert.equal(s.direct_run_id, fx.directRun);
    assert.deepEqual(
      s.levels.map((l) => [
        l.level,
        l.shared,
        l.attrseek_finer_em,
        l.direct_finer_em,
        l.attrseek_only.count,
        l.direct_only.count,
      ]),
      [['fine', 5, 0.6, 0.6, 1, 1]],
    );
  });

  it('grounding: precision, recall, most missed, saw it vs never saw it', () => {
    const g = attrseek.grounding!;
    assert.equal(g.samples, 5);
    assert.equal(g.required, 8);
    assert.equal(g.required_mentioned, 4);
    assert.equal(g.recall, 0.5);
    assert.equal(g.generated, 6);
    assert.ok(g.supported >= 4, `supported ${g.supported}`);
    assert.equal(g.precision, 1 - (g.unsupported + g.contradicted) / (g.generated - g.generic));
    assert.deepEqual(g.most_missed[0], {
      text: 'yellow eyes',
      count: 2,
      slice: {
        datasetId: fx.datasetId,
        conditions: [{ kind: 'samples', sampleIds: [fx.samples[4]!.id, fx.samples[8]!.id] }],
      },
    });
    assert.equal(g.misclassified.judged, 2);
    assert.deepEqual(g.misclassified.saw_it_named_wrong.slice.conditions, [
      { kind: 'samples', sampleIds: [fx.samples[0]!.id] },
    ]);
    assert.deepEqual(g.misclassified.never_saw_it.slice.conditions, [
      { kind: 'samples', sampleIds: [fx.samples[5]!.id] },
    ]);
    assert.equal(direct.grounding, null, 'no attribute lists in a direct run');
  });

  it('tags per run and per class; latency median and p95', () => {
    assert.deepEqual(direct.tags.run.map((t) => [t.tag, t.count]).sort(), [
      ['label-noise', 1],
      ['sibling-confusion', 1],
    ]);
    assert.deepEqual(
      attrseek.tags.run.map((t) => [t.tag, t.count]),
      [['label-noise', 1]],
    );
    assert.deepEqual(direct.tags.classes.map((t) => [t.tag, t.label]).sort(), [
      ['label-noise', 'Great Horned Owl'],
      ['sibling-confusion', 'Yellow Warbler'],
    ]);
    // latencies 100..111 for idx 0..11: median (105 + 106) / 2, p95 = the 12th value (nearest rank).
    assert.deepEqual(direct.cost.latency_ms, { median: 105.5, p95: 111 });
    assert.equal(direct.cost.requests, 13);
  });

  it('every clickable number counts exactly the samples of its slice', () => {
    const kinds = new Set<string>();
    for (const analysis of [direct, attrseek, analyzeRun(fx.store, fx.textRun)]) {
      const numbers = slicedNumbers(analysis);
      assert.ok(numbers.length > 20, `${numbers.length} numbers`);
      for (const n of numbers) {
        n.slice.conditions.forEach((c) => kinds.add(c.kind));
        assert.equal(fx.store.countReviewSlice(n.slice), n.expected, `${n.path}: ${JSON.stringify(n.slice)}`);
        assert.equal(fx.store.reviewSliceSampleIds(n.slice).length, n.expected, n.path);
      }
    }
    for (const kind of [
      'result',
      'correct',
      'misclassified',
      'failed',
      'gold',
      'predicted',
      'severity',
      'flip',
      'quadrant',
      'tagged',
      'samples',
    ]) {
      assert.ok(kinds.has(kind), `a number with a ${kind} condition`);
    }
  });

  it('the new conditions, one at a time, against hand counts', () => {
    const d = fx.datasetId;
    const count = (...conditions: ReviewSlice['conditions']) =>
      fx.store.countReviewSlice({ datasetId: d, conditions });
    assert.equal(count({ kind: 'correct', runId: fx.directRun, level: 'fine' }), 6);
    assert.equal(
      count({ kind: 'correct', runId: fx.directRun, level: 'fine', strict: true }),
      3,
      'idx 1, 8, 10',
    );
    assert.equal(count({ kind: 'gold', level: 'coarse', classKeys: ['Owl'] }), 6);
    assert.equal(count({ kind: 'gold', level: 'coarse', classKeys: ['Owl'], exclude: true }), 7);
    assert.equal(
      count({ kind: 'predicted', runId: fx.directRun, level: 'fine', classKeys: ['Barn Owl'] }),
      4,
      'idx 0, 1, 4, 5',
    );
    assert.equal(
      count({ kind: 'predicted', runId: fx.directRun, level: 'fine', classKeys: [null] }),
      1,
      'idx 7',
    );
    assert.equal(
      count({ kind: 'predicted', runId: fx.directRun, level: 'fine', classKeys: [], ambiguous: true }),
      1,
      'idx 11',
    );
    assert.equal(
      count({
        kind: 'predicted',
        runId: fx.directRun,
        level: 'fine',
        classKeys: ['Barn Owl', null],
        ambiguous: true,
        exclude: true,
      }),
      6,
      '12 scored - 4 Barn Owl - 1 off-list - 1 ambiguous',
    );
    assert.equal(count({ kind: 'severity', runId: fx.directRun, severity: 'sibling' }), 3);
    assert.equal(
      count({
        kind: 'flip',
        runId: fx.directRun,
        otherRunId: fx.textRun,
        level: 'fine',
        direction: 'right-to-wrong',
      }),
      4,
    );
    assert.equal(
      count({
        kind: 'flip',
        runId: fx.directRun,
        otherRunId: fx.textRun,
        level: 'fine',
        direction: 'wrong-to-right',
      }),
      4,
    );
    assert.equal(
      count({ kind: 'quadrant', imageRunId: fx.directRun, textRunId: fx.textRun, quadrant: 'neither' }),
      3,
    );
    assert.equal(count({ kind: 'result', runId: fx.attrseekRun, level: 'coarse' }), 5);
    assert.equal(count({ kind: 'failed', runId: fx.directRun, level: 'fine' }), 1);
    assert.equal(count({ kind: 'failed', runId: fx.directRun, level: 'coarse' }), 0);
    assert.equal(
      count({ kind: 'tagged', tag: 'sibling-confusion', runId: fx.attrseekRun }),
      0,
      'tagged for another run',
    );
    assert.equal(count({ kind: 'tagged', tag: 'sibling-confusion', runId: fx.directRun }), 1);
  });

  it('level means equal a direct SQL aggregate over the predictions table', async () => {
    fx.store.checkpoint();
    const SQL = await loadSqlJs();
    const db = new SQL.Database(readFileSync(fx.dbPath));
    try {
      for (const runId of [fx.directRun, fx.attrseekRun, fx.textRun]) {
        const rows = db.exec(
          `SELECT level, count(*), avg(finer_em), avg(strict_em), avg(f1), sum(error IS NOT NULL) FROM predictions
           WHERE run_id = ${runId} AND stage = 'done' GROUP BY level ORDER BY level`,
        )[0]!.values;
        const analysis = analyzeRun(fx.store, runId, { skipGrounding: true });
        const mine = [...analysis.levels]
          .sort((a, b) => (a.level < b.level ? -1 : 1))
          .map((l) => [l.level, l.n, l.finer_em, l.strict_em, l.f1, l.errors.count]);
        assert.deepEqual(rounded(mine), rounded(rows));
      }
    } finally {
      db.close();
    }
  });

  it('the one-pass reads give what the grouped SQL queries give', () => {
    const memory = fx.store.analysisQueries();
    const sql = fx.store.analysisQueries({ sql: true });
    const sorted = <T>(list: T[]): unknown => rounded(list.map((x) => JSON.stringify(x)).sort());
    for (const runId of [fx.directRun, fx.attrseekRun, fx.textRun]) {
      assert.deepEqual(rounded(memory.levelCounts(runId)), rounded(sql.levelCounts(runId)));
      assert.deepEqual(
        memory.consistencyCounts(runId, ['coarse', 'fine']),
        sql.consistencyCounts(runId, ['coarse', 'fine']),
      );
      assert.deepEqual(rounded(memory.requestFigures(runId)), rounded(sql.requestFigures(runId)));
      assert.deepEqual(memory.severityCounts(runId), sql.severityCounts(runId));
      for (const level of ['coarse', 'fine'] as const) {
        assert.deepEqual(sorted(memory.classCounts(runId, level)), sorted(sql.classCounts(runId, level)));
        assert.deepEqual(sorted(memory.resolvedCells(runId, level)), sorted(sql.resolvedCells(runId, level)));
        assert.deepEqual(
          sorted(memory.resolvedCells(runId, level, 'Owl')),
          sorted(sql.resolvedCells(runId, level, 'Owl')),
        );
      }
      for (const other of [fx.directRun, fx.attrseekRun, fx.textRun]) {
        assert.deepEqual(memory.flipCounts(runId, other), sql.flipCounts(runId, other));
        assert.deepEqual(sorted(memory.modalityCells(runId, other)), sorted(sql.modalityCells(runId, other)));
        assert.deepEqual(
          sorted(memory.sharedClassCounts(runId, other, 'fine')),
          sorted(sql.sharedClassCounts(runId, other, 'fine')),
        );
      }
    }
  });

  it('the one-pass read keeps a rule or severity outside the known sets as its text', async () => {
    const other = await makeAnalysisFixture();
    let closeLater: FinerStore | undefined;
    try {
      other.store.checkpoint();
      await other.store.close();
      const SQL = await loadSqlJs();
      const db = new SQL.Database(readFileSync(other.dbPath));
      db.run(
        `UPDATE predictions SET resolution_rule = 'fuzzy-v2', mistake_severity = 'far-off'
         WHERE id = (SELECT min(id) FROM predictions WHERE run_id = ? AND level = 'fine' AND finer_em = 0)`,
        [other.directRun],
      );
      writeFileSync(other.dbPath, db.export());
      db.close();
      const reopened = await FinerStore.open(other.dbPath);
      closeLater = reopened;
      const memory = reopened.analysisQueries();
      const sql = reopened.analysisQueries({ sql: true });
      const cells = memory.resolvedCells(other.directRun, 'fine');
      assert.ok(
        cells.some((c) => c.rule === 'fuzzy-v2' && c.severity === 'far-off'),
        JSON.stringify(cells),
      );
      const sorted = (list: unknown[]): string[] => list.map((x) => JSON.stringify(x)).sort();
      assert.deepEqual(sorted(cells), sorted(sql.resolvedCells(other.directRun, 'fine')));
      assert.deepEqual(memory.severityCounts(other.directRun), sql.severityCounts(other.directRun));
    } finally {
      await closeLater?.close();
      await other.cleanup();
    }
  });

  it('refuses an unknown run and a text run of another dataset', () => {
    assert.throws(() => analyzeRun(fx.store, 9999), /Run 9999 does not exist/);
  });
});

/** Numbers to 12 decimals: SQLite and JavaScript sum floats in different orders. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1e12) / 1e12;
  if (typeof value === 'string')
    return value.replace(/\d+\.\d{13,}/g, (m) => String(Math.round(Number(m) * 1e12) / 1e12));
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  }
  return value;
}
