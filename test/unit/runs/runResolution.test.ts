// A live run against the simulated LVLM stores the class each answer resolves to: checked here
// against the dataset's labels directly (normalized equality, the coarse group of the class named).
import { strict as assert } from 'node:assert';
import { normalizeAnswer } from '../../../src/core/scoring/answerNormalization';
import { makeRunFixture, type RunFixture } from './runFixture';

describe('class resolution of a live run', function () {
  this.timeout(60_000);
  let fx: RunFixture;

  before(async () => {
    fx = await makeRunFixture();
  });
  after(async () => {
    await fx.cleanup();
  });

  it('resolves every scored answer when the results are saved, with the severity of each wrong fine answer', async () => {
    const outcome = await fx
      .engine()
      .startRun({ datasetId: fx.dataset.id, strategy: 'direct', level: 'fine', endpoint: fx.endpoint });
    assert.equal(outcome.status, 'done');
    const samples = fx.store.samplesOfSlice(fx.dataset.id, { kind: 'dataset' });
    // Every fine label of the dataset -> the fine class (first label) and its coarse group.
    const classOfLabel = new Map<string, Set<string>>();
    const coarseOfClass = new Map<string, string>();
    for (const s of samples) {
      const key = s.fine[0] ?? '(none)';
      coarseOfClass.set(key, s.coarse[0] ?? '(none)');
      for (const label of s.fine) {
        const set = classOfLabel.get(normalizeAnswer(label)) ?? new Set<string>();
        set.add(key);
        classOfLabel.set(normalizeAnswer(label), set);
      }
    }
    const byId = new Map(samples.map((s) => [s.id, s]));
    const rows = fx.store.predictionsOfRun(outcome.runId);
    let wrong = 0;
    let exact = 0;
    for (const row of rows) {
      assert.equal(row.error, null);
      assert.notEqual(row.resolutionRule, null, `sample ${row.sampleId} has a resolution`);
      const named = classOfLabel.get(normalizeAnswer(row.answer ?? ''));
      if (named?.size === 1) {
        exact++;
        assert.equal(row.resolutionRule, 'exact');
        assert.equal(row.resolvedClass, [...named][0]);
      }
      const gold = byId.get(row.sampleId)!;
      if (row.finerEm === 0) {
        wrong++;
        assert.notEqual(row.mistakeSeverity, null, `wrong answer "${row.answer}" has a severity`);
        if (row.mistakeSeverity === 'sibling')
          assert.equal(
            coarseOfClass.get(row.resolvedClass ?? ''),
            gold.coarse[0],
            'a sibling shares the coarse group',
          );
        if (row.mistakeSeverity === 'off-list') assert.equal(row.resolvedClass, null);
      } else {
        assert.equal(row.mistakeSeverity, null);
      }
    }
    assert.ok(exact > 0 && wrong > 0, `exact ${exact}, wrong ${wrong}`);
    const breakdown = fx.store.runSeverityBreakdown(outcome.runId);
    assert.equal(breakdown.wrong, wrong);
    assert.equal(
      Object.values(breakdown.counts).reduce((a, b) => a + b, 0),
      wrong,
    );
    const pairs = fx.store.runConfusionPairs(outcome.runId, 'fine');
    assert.equal(
      pairs.reduce((n, p) => n + p.count, 0),
      wrong,
    );
  });
});
