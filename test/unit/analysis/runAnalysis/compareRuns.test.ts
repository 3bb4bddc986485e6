// compareRuns on the small store: flips, class deltas, confusion pairs that appeared or vanished,
// grounding deltas, each count equal to its slice's sample count.
import { strict as assert } from 'node:assert';
import { compareRuns } from '../../../../src/core/analysis/runAnalysis/compareRuns';
import { makeAnalysisFixture, slicedNumbers, type AnalysisFixture } from './analysisFixture';

describe('compareRuns', function () {
  this.timeout(60_000);
  let fx: AnalysisFixture;
  before(async () => {
    fx = await makeAnalysisFixture();
  });
  after(async () => {
    await fx.cleanup();
  });

  it('direct -> text probe: flips and class deltas', () => {
    const c = compareRuns(fx.store, fx.directRun, fx.textRun);
    // Direct right {1,5,8,9,10,11}; text right {0..5}: 4 each way.
    assert.deepEqual(
      c.flips.map((f) => [f.level, f.shared, f.right_to_wrong.count, f.wrong_to_right.count]),
      [['fine', 13, 4, 4]],
    );
    const barn = c.class_deltas.find((x) => x.label === 'Barn Owl')!;
    // Barn Owl idx 1, 5, 9: direct 3/3, text 2/3 (9 is "unknown").
    assert.deepEqual([barn.a_finer_em, barn.b_finer_em, barn.shared], [1, 2 / 3, 3]);
    const deltas = c.class_deltas.map((x) => Math.abs(x.delta ?? 0));
    assert.deepEqual(
      deltas,
      [...deltas].sort((x, y) => y - x),
      'largest change first',
    );
    assert.ok(c.confusions_vanished.some((p) => p.gold === 'Great Horned Owl' && p.predicted === 'Barn Owl'));
    assert.equal(c.grounding, null, 'neither run has attribute lists');
    for (const n of slicedNumbers(c)) {
      assert.equal(fx.store.countReviewSlice(n.slice), n.expected, n.path);
    }
  });

  it('attrseek -> direct: grounding delta present on one side only', () => {
    const c = compareRuns(fx.store, fx.attrseekRun, fx.directRun);
    assert.deepEqual(
      c.flips.map((f) => [f.level, f.shared, f.right_to_wrong.count, f.wrong_to_right.count]),
      [['fine', 5, 1, 1]],
    );
    assert.equal(c.grounding!.a_recall, 0.5);
    assert.equal(c.grounding!.b_recall, null);
    assert.equal(c.grounding!.recall_delta, null);
  });

  it('refuses runs of different datasets and unknown runs', () => {
    assert.throws(() => compareRuns(fx.store, fx.directRun, 999), /Run 999 does not exist/);
  });
});
