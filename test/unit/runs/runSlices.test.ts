// Which samples a run covers: class, tag, misclassified-in-run, explicit ids, limit; per-class metrics.
import { strict as assert } from 'node:assert';
import { makeRunFixture, type RunFixture } from './runFixture';

describe('run slices and per-class metrics', function () {
  this.timeout(60_000);
  let fx: RunFixture;
  before(async () => {
    fx = await makeRunFixture();
  });
  after(async () => {
    await fx.cleanup();
  });

  it('selects a class node, a tag and explicit ids, ordered by idx, with a limit', () => {
    const all = fx.store.samplesOfSlice(fx.dataset.id, { kind: 'dataset' });
    const first = all[0]!;
    const cls = fx.store.samplesOfSlice(fx.dataset.id, {
      kind: 'class',
      superordinate: first.superordinate,
      coarse: first.coarse[0]!,
      fine: first.fine[0]!,
    });
    assert.ok(cls.length > 0 && cls.every((s) => s.fine[0] === first.fine[0]));
    fx.store.addTag(all[5]!.id, 'blurry');
    fx.store.addTag(all[2]!.id, 'blurry');
    assert.deepEqual(
      fx.store.samplesOfSlice(fx.dataset.id, { kind: 'tag', tag: 'blurry' }).map((s) => s.id),
      [all[2]!.id, all[5]!.id],
    );
    assert.deepEqual(
      fx.store
        .samplesOfSlice(fx.dataset.id, { kind: 'samples', sampleIds: [all[9]!.id, all[1]!.id] })
        .map((s) => s.id),
      [all[1]!.id, all[9]!.id],
    );
    assert.equal(fx.store.samplesOfSlice(fx.dataset.id, { kind: 'dataset', limit: 7 }).length, 7);
  });

  it('re-runs exactly the samples misclassified at a level in an earlier run', async () => {
    const first = await fx
      .engine()
      .startRun({ datasetId: fx.dataset.id, strategy: 'direct', level: 'fine', endpoint: fx.endpoint });
    const wrong = fx.store
      .predictionsOfRun(first.runId)
      .filter((p) => p.finerEm === 0 || p.error !== null)
      .map((p) => p.sampleId)
      .sort((a, b) => a - b);
    assert.ok(wrong.length > 0 && wrong.length < fx.dataset.sampleCount);
    const second = await fx.engine().startRun({
      datasetId: fx.dataset.id,
      strategy: 'attrseek',
      level: 'fine',
      endpoint: fx.endpoint,
      slice: { kind: 'misclassified', runId: first.runId, level: 'fine' },
    });
    assert.deepEqual(
      fx.store
        .predictionsOfRun(second.runId)
        .map((p) => p.sampleId)
        .sort((a, b) => a - b),
      wrong,
    );
    const classes = fx.store.runClassMetrics(first.runId, 'fine');
    assert.equal(
      classes.reduce((n, c) => n + c.count, 0),
      fx.dataset.sampleCount,
    );
    const overall = fx.store.runLevelMetrics(first.runId)[0]!;
    const weighted = classes.reduce((sum, c) => sum + (c.finerEm ?? 0) * c.scored, 0) / overall.scored;
    assert.ok(Math.abs(weighted - (overall.finerEm ?? -1)) < 1e-12);
  });

  it('rejects levels a strategy cannot answer', async () => {
    await assert.rejects(
      fx.engine().startRun({
        datasetId: fx.dataset.id,
        strategy: 'attrseek',
        level: 'superordinate',
        endpoint: fx.endpoint,
      }),
      /coarse or fine/,
    );
    await assert.rejects(
      fx.engine().startRun({
        datasetId: fx.dataset.id,
        strategy: 'text-only',
        level: 'coarse',
        endpoint: fx.endpoint,
      }),
      /fine level only/,
    );
  });
});
