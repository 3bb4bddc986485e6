// Modality gap per sample: pure classification, and the store query over an image run and a
// text-only probe run made against the simulated LVLM.
import { strict as assert } from 'node:assert';
import {
  classifyModality,
  modalityGapReport,
  modalityRunPairs,
} from '../../../src/core/analysis/modalityGap';
import { StoreError } from '../../../src/core/errors';
import { makeRunFixture, type RunFixture } from '../runs/runFixture';

describe('classifyModality', () => {
  it('names the four outcomes, by FINER EM and by strict EM separately', () => {
    assert.deepEqual(classifyModality({ finerEm: 0, strictEm: 0 }, { finerEm: 1, strictEm: 1 }), {
      finer: 'knows from text, not image',
      strict: 'knows from text, not image',
    });
    assert.deepEqual(classifyModality({ finerEm: 1, strictEm: 0 }, { finerEm: 0, strictEm: 0 }), {
      finer: 'knows from image, not text',
      strict: 'both wrong',
    });
    assert.deepEqual(classifyModality({ finerEm: 1, strictEm: 1 }, { finerEm: 1, strictEm: 0 }), {
      finer: 'both correct',
      strict: 'knows from image, not text',
    });
  });
  it('counts a missing score (an errored request) as wrong', () => {
    assert.equal(
      classifyModality({ finerEm: null, strictEm: null }, { finerEm: 1, strictEm: 1 }).finer,
      'knows from text, not image',
    );
  });
});

describe('modality gap over stored runs', function () {
  this.timeout(60_000);
  let fx: RunFixture;
  before(async () => {
    fx = await makeRunFixture();
  });
  after(async () => {
    await fx.cleanup();
  });

  it('pairs image runs with text-only runs and classifies each shared sample', async () => {
    const samples = fx.store.samplesOfSlice(fx.dataset.id, { kind: 'dataset', limit: 3 });
    const engine = fx.engine();
    const imageRuns: number[] = [];
    const textRuns: number[] = [];
    for (const sample of samples.slice(0, 2)) {
      imageRuns.push(
        (
          await engine.runSingleSample({
            sampleId: sample.id,
            strategy: 'direct',
            level: 'fine',
            endpoint: fx.endpoint,
          })
        ).runId,
      );
    }
    for (const sample of samples.slice(0, 2)) {
      textRuns.push(
        (
          await engine.runSingleSample({
            sampleId: sample.id,
            strategy: 'text-only',
            level: 'fine',
            endpoint: fx.endpoint,
          })
        ).runId,
      );
    }
    const pairs = modalityRunPairs(fx.store, fx.dataset.id);
    assert.equal(pairs.length, 4);
    assert.ok(pairs.every((p) => p.imageRun.strategy === 'direct' && p.textRun.strategy === 'text-only'));

    const imageRun = imageRuns[0]!;
    const textRun = textRuns[0]!;
    const report = modalityGapReport(fx.store, imageRun, textRun);
    assert.equal(report.samples.length, 1);
    const row = report.samples[0]!;
    assert.equal(row.sampleId, samples[0]!.id);
    const image = fx.store.predictionsOfRun(imageRun)[0]!;
    const text = fx.store.predictionsOfRun(textRun)[0]!;
    assert.deepEqual({ finer: row.finer, strict: row.strict }, classifyModality(image, text));
    assert.equal(row.imageAnswer, image.answer);
    const total = Object.values(report.finerCounts).reduce((a, b) => a + b, 0);
    assert.equal(total, 1);
    // Runs over different samples share none.
    assert.equal(modalityGapReport(fx.store, imageRuns[1]!, textRun).samples.length, 0);
    assert.throws(
      () => modalityGapReport(fx.store, 99_999, textRun),
      (e: unknown) => e instanceof StoreError && e.reason === 'not-found',
    );
  });
});
