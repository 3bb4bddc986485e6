// FINER reference-script outputs imported as scored runs, bad lines reported with file:line.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importReferenceOutputs, parseReferenceOutputName } from '../../../src/core/runs/referenceOutputs';
import { extractAnswer } from '../../../src/core/scoring/answerNormalization';
import { acceptableLabels, scorePrediction } from '../../../src/core/scoring/finerMetrics';
import { makeRunFixture, type RunFixture } from './runFixture';

describe('FINER reference output import', function () {
  this.timeout(30_000);
  let fx: RunFixture;
  before(async () => {
    fx = await makeRunFixture();
  });
  after(async () => {
    await fx.cleanup();
  });

  it('reads task and model from the reference file names', () => {
    assert.deepEqual(parseReferenceOutputName('/x/cub-200_high_coarse_llava-1.5-7b_output.jsonl'), {
      level: 'superordinate',
      strategy: 'direct',
      model: 'llava-1.5-7b',
    });
    assert.deepEqual(parseReferenceOutputName('stanford-dogs_fine_instructblip_output.jsonl'), {
      level: 'fine',
      strategy: 'direct',
      model: 'instructblip',
    });
    assert.deepEqual(
      parseReferenceOutputName('inaturalist_attr_gen_gpt-4v_output.jsonl')?.strategy,
      'attribute-generation',
    );
    assert.deepEqual(parseReferenceOutputName('knowledge_probe_cub-200_llava_output.jsonl'), {
      level: 'fine',
      strategy: 'text-only',
      model: 'llava',
    });
    assert.equal(parseReferenceOutputName('predictions.jsonl'), null);
  });

  it('imports {"idx","text"} lines matched by idx, scored, with bad lines reported', async () => {
    const samples = fx.store.samplesOfSlice(fx.dataset.id, { kind: 'dataset', limit: 3 });
    const file = join(fx.dir, 'sample-birds_coarse_llava-1.5-7b_output.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ idx: samples[0]!.idx, text: `Answer: ${samples[0]!.coarse[0]}</s>` }),
        JSON.stringify({ idx: samples[1]!.idx, text: 'Answer: a penguin' }),
        '{"idx": 1, "text": ',
        JSON.stringify({ idx: 99999, text: 'Answer: x' }),
        JSON.stringify({ idx: 'two', text: 'x' }),
        JSON.stringify({ idx: samples[2]!.idx, text: 7 }),
        '',
      ].join('\n'),
    );
    const summary = await importReferenceOutputs(fx.store, { datasetId: fx.dataset.id, file });
    assert.equal(summary.level, 'coarse');
    assert.equal(summary.model, 'llava-1.5-7b');
    assert.equal(summary.imported, 2);
    assert.deepEqual(
      summary.issues.map((i) => i.line),
      [3, 4, 5, 6],
    );
    const rows = fx.store.predictionsOfRun(summary.runId);
    assert.equal(rows.length, 2);
    for (const row of rows) {
      const sample = fx.store.getSample(row.sampleId)!;
      assert.deepEqual(
        { finerEm: row.finerEm, strictEm: row.strictEm, f1: row.f1 },
        scorePrediction(extractAnswer(row.rawResponse ?? ''), acceptableLabels('coarse', sample)),
      );
    }
    assert.equal(rows.find((r) => r.sampleId === samples[0]!.id)?.finerEm, 1);
    const run = fx.store.getRun(summary.runId);
    assert.equal(run?.source, 'import');
    assert.equal(run?.status, 'done');
  });
});
