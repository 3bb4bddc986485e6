// Counterfactual ATTRSEEK: a corrected attribute list as turn 1, turn 2 re-asked against the
// simulated LVLM; the run is saved on its own and its answer scored.
import { strict as assert } from 'node:assert';
import { formatCounterfactualTurn1 } from '../../../src/core/analysis/counterfactualAttributes';
import { parseAttributeList } from '../../../src/core/parse/attributeLists';
import { makeRunFixture, type RunFixture } from '../runs/runFixture';

describe('formatCounterfactualTurn1', () => {
  it('writes the list the way models answer turn 1, and parses back to the same list', () => {
    const text = formatCounterfactualTurn1(['bright blue crown', '  yellow\nthroat ', '', 'white wing bars']);
    assert.equal(text, 'Attributes:\n- bright blue crown\n- yellow throat\n- white wing bars');
    assert.deepEqual(parseAttributeList(text).items, [
      'bright blue crown',
      'yellow throat',
      'white wing bars',
    ]);
  });
  it('says none for an empty list', () => {
    assert.equal(formatCounterfactualTurn1([]), 'Attributes:\n- none');
  });
});

describe('counterfactual run with corrected attributes', function () {
  this.timeout(60_000);
  let fx: RunFixture;
  before(async () => {
    fx = await makeRunFixture();
  });
  after(async () => {
    await fx.cleanup();
  });

  it('is saved as a run of its own, with the given turn 1 and a scored answer', async () => {
    const sample = fx.store.samplesOfSlice(fx.dataset.id, { kind: 'dataset', limit: 1 })[0]!;
    const concept = fx.store.conceptForSample(sample)!;
    const turn1 = formatCounterfactualTurn1(concept.required);
    const before = fx.store.listRuns(fx.dataset.id).length;
    const result = await fx.engine().runSingleSample({
      sampleId: sample.id,
      strategy: 'counterfactual',
      level: 'fine',
      endpoint: fx.endpoint,
      counterfactualAttributes: turn1,
    });
    const runs = fx.store.listRuns(fx.dataset.id);
    assert.equal(runs.length, before + 1);
    const run = fx.store.getRun(result.runId)!;
    assert.equal(run.strategy, 'counterfactual');
    const saved = fx.store.predictionsOfRun(result.runId);
    assert.equal(saved.length, 1);
    const row = saved[0]!;
    assert.equal(row.turn1Raw, turn1);
    assert.equal(row.error, null);
    assert.ok(row.answer !== null && row.answer.length > 0);
    assert.ok(row.finerEm === 0 || row.finerEm === 1, `finerEm ${row.finerEm}`);
    assert.ok(row.strictEm === 0 || row.strictEm === 1);
    assert.equal(typeof row.f1, 'number');
    const metrics = fx.store.runLevelMetrics(result.runId).find((m) => m.level === 'fine');
    assert.equal(metrics?.scored, 1);
  });
});
