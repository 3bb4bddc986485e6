// The editor's one-image run: streamed turns, a saved one-sample run, parsed results per level.
import { strict as assert } from 'node:assert';
import { makeRunFixture, type RunFixture } from './runFixture';

describe('single-sample runs (editor API)', function () {
  this.timeout(30_000);
  let fx: RunFixture;
  before(async () => {
    fx = await makeRunFixture();
  });
  after(async () => {
    await fx.cleanup();
  });

  it('streams both ATTRSEEK turns per level and saves a one-sample run', async () => {
    const sample = fx.store.samplesOfSlice(fx.dataset.id, { kind: 'dataset', limit: 1 })[0]!;
    const deltas: { level: string; turn: number; text: string }[] = [];
    const result = await fx.engine().runSingleSample({
      sampleId: sample.id,
      strategy: 'attrseek',
      level: 'all',
      endpoint: fx.endpoint,
      onDelta: (d) => deltas.push(d),
    });
    assert.deepEqual(
      result.results.map((r) => r.level),
      ['coarse', 'fine'],
    );
    for (const row of result.results) {
      assert.equal(row.error, null);
      const streamed1 = deltas
        .filter((d) => d.level === row.level && d.turn === 1)
        .map((d) => d.text)
        .join('');
      const streamed2 = deltas
        .filter((d) => d.level === row.level && d.turn === 2)
        .map((d) => d.text)
        .join('');
      assert.equal(streamed1, row.turn1Raw);
      assert.equal(streamed2, row.rawResponse);
      assert.ok(Array.isArray(row.attributes));
      assert.ok(row.finerEm === 0 || row.finerEm === 1);
    }
    const run = fx.store.getRun(result.runId);
    assert.equal(run?.status, 'done');
    assert.deepEqual(run?.slice, { kind: 'samples', sampleIds: [sample.id] });
    const saved = fx.store.predictionsOfSample(sample.id).filter((p) => p.runId === result.runId);
    assert.equal(saved.length, 2);
  });

  it('runs a counterfactual turn 2 from given attribute text', async () => {
    const sample = fx.store.samplesOfSlice(fx.dataset.id, { kind: 'dataset', limit: 1 })[0]!;
    const concept = fx.store.conceptForSample(sample);
    const text = `Attributes:\n${(concept?.required ?? []).map((a) => `- ${a}`).join('\n')}`;
    const result = await fx.engine().runSingleSample({
      sampleId: sample.id,
      strategy: 'counterfactual',
      level: 'fine',
      endpoint: fx.endpoint,
      counterfactualAttributes: text,
    });
    const row = result.results[0]!;
    assert.equal(row.turn1Raw, text);
    assert.equal(row.error, null);
    assert.ok(row.rawResponse && row.rawResponse.length > 0);
  });
});
