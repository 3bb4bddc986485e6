// Live runs through the real openai SDK and our client against the simulated LVLM over HTTP.
import { strict as assert } from 'node:assert';
import { modalityGapReport } from '../../../src/core/analysis/modalityGap';
import { readFileSync } from 'node:fs';
import { LABEL_LEVELS } from '../../../src/core/model';
import type { RunProgress } from '../../../src/core/runs/runTypes';
import { extractAnswer } from '../../../src/core/scoring/answerNormalization';
import { acceptableLabels, scorePrediction } from '../../../src/core/scoring/finerMetrics';
import { makeRunFixture, type RunFixture } from './runFixture';

describe('RunEngine against the simulated LVLM', function () {
  this.timeout(60_000);
  let fx: RunFixture;

  before(async () => {
    fx = await makeRunFixture();
  });
  after(async () => {
    await fx.cleanup();
  });

  it('runs direct at all levels: one scored result per (sample, level), scores equal scorePrediction', async () => {
    const progress: RunProgress[] = [];
    const outcome = await fx
      .engine()
      .startRun(
        { datasetId: fx.dataset.id, strategy: 'direct', level: 'all', endpoint: fx.endpoint },
        { onProgress: (p) => progress.push(p) },
      );
    assert.equal(outcome.status, 'done');
    const n = fx.dataset.sampleCount;
    assert.equal(outcome.progress.total, n * 3);
    assert.equal(outcome.progress.done, n * 3);
    assert.equal(progress.at(-1)?.done, n * 3);
    assert.ok(outcome.progress.inputTokens > 0 && outcome.progress.outputTokens > 0);
    assert.ok(outcome.progress.cost > 0, 'cost from endpoint pricing');
    const rows = fx.store.predictionsOfRun(outcome.runId);
    assert.equal(rows.length, n * 3);
    for (const row of rows) {
      assert.equal(row.error, null);
      const sample = fx.store.getSample(row.sampleId);
      assert.ok(sample && row.rawResponse !== null);
      const expected = scorePrediction(extractAnswer(row.rawResponse), acceptableLabels(row.level, sample));
      assert.deepEqual({ finerEm: row.finerEm, strictEm: row.strictEm, f1: row.f1 }, expected);
      assert.match(row.imageSha256 ?? '', /^[0-9a-f]{64}$/);
      assert.equal(JSON.stringify(row.prompt).includes('base64'), false, 'prompt stored without image bytes');
    }
    const metrics = fx.store.runLevelMetrics(outcome.runId);
    assert.deepEqual(
      metrics.map((m) => m.level),
      [...LABEL_LEVELS],
    );
    const em = Object.fromEntries(metrics.map((m) => [m.level, m.finerEm ?? -1]));
    assert.ok(em['superordinate']! > em['coarse']! && em['coarse']! > em['fine']!, JSON.stringify(em));
  });

  it('runs ATTRSEEK with both turns stored and the attribute list parsed', async () => {
    const outcome = await fx.engine().startRun({
      datasetId: fx.dataset.id,
      strategy: 'attrseek',
      level: 'fine',
      endpoint: fx.endpoint,
      slice: { kind: 'dataset', limit: 12 },
    });
    assert.equal(outcome.status, 'done');
    const rows = fx.store.predictionsOfRun(outcome.runId);
    assert.equal(rows.length, 12);
    for (const row of rows) {
      assert.equal(row.error, null);
      assert.ok(row.turn1Raw && row.turn1Raw.length > 0);
      assert.ok(Array.isArray(row.attributes) && (row.attributes as unknown[]).length > 0);
      const prompt = row.prompt as { messages: { role: string; content: unknown }[] };
      assert.deepEqual(
        prompt.messages.map((m) => m.role).filter((r) => r !== 'system'),
        ['user', 'assistant', 'user'],
      );
      assert.equal(prompt.messages.find((m) => m.role === 'assistant')?.content, row.turn1Raw);
    }
  });

  it('text-only probes beat image runs at fine level (modality gap) and pair per sample', async () => {
    const image = await fx
      .engine()
      .startRun({ datasetId: fx.dataset.id, strategy: 'direct', level: 'fine', endpoint: fx.endpoint });
    const text = await fx
      .engine()
      .startRun({ datasetId: fx.dataset.id, strategy: 'text-only', level: 'fine', endpoint: fx.endpoint });
    const imageEm = fx.store.runLevelMetrics(image.runId)[0]?.finerEm ?? 1;
    const textEm = fx.store.runLevelMetrics(text.runId)[0]?.finerEm ?? 0;
    assert.ok(textEm > imageEm, `text ${textEm} > image ${imageEm}`);
    const gap = modalityGapReport(fx.store, image.runId, text.runId);
    assert.equal(gap.samples.length, fx.dataset.sampleCount);
    const c = gap.finerCounts;
    assert.equal(
      c['both correct'] + c['knows from text, not image'] + c['knows from image, not text'] + c['both wrong'],
      fx.dataset.sampleCount,
    );
    assert.ok(c['knows from text, not image'] > c['knows from image, not text']);
    const textRow = fx.store.predictionsOfRun(text.runId)[0];
    assert.equal(textRow?.imageSha256, null, 'text-only sends no image');
  });

  it('generates attributes once per class with Required / Likely parsed', async () => {
    const outcome = await fx.engine().startRun({
      datasetId: fx.dataset.id,
      strategy: 'attribute-generation',
      level: 'all',
      endpoint: fx.endpoint,
    });
    const rows = fx.store.predictionsOfRun(outcome.runId);
    const classes = new Set(
      fx.store.samplesOfSlice(fx.dataset.id, { kind: 'dataset' }).map((s) => s.fine[0]),
    );
    assert.equal(rows.length, classes.size);
    const run = fx.store.getRun(outcome.runId);
    assert.equal(run?.params.maxTokens, 256);
    for (const row of rows) {
      const attrs = row.attributes as { required: string[]; likely: string[] };
      assert.ok(attrs.required.length > 0, row.rawResponse ?? '');
    }
  });

  it('answers a second identical run from the cache without any request', async () => {
    const spec = {
      datasetId: fx.dataset.id,
      strategy: 'direct' as const,
      level: 'coarse' as const,
      endpoint: fx.endpoint,
      slice: { kind: 'dataset' as const, limit: 20 },
      seed: 5,
    };
    const first = await fx.engine().startRun(spec);
    const before = fx.server.stats().completed;
    const second = await fx.engine().startRun(spec);
    assert.equal(fx.server.stats().completed, before, 'no request reached the server');
    assert.equal(second.progress.cacheHits, 20);
    assert.equal(second.progress.cost, 0);
    const a = fx.store.predictionsOfRun(first.runId).map((r) => r.rawResponse);
    const b = fx.store.predictionsOfRun(second.runId).map((r) => r.rawResponse);
    assert.deepEqual(b, a);
    const third = await fx.engine().startRun(spec, { useCache: false });
    assert.equal(third.progress.cacheHits, 0);
    assert.equal(fx.server.stats().completed, before + 20);
  });

  it('never stores the API key', async () => {
    const sentinel = 'sk-SENTINEL-finer-key-5e3a91';
    const outcome = await fx.engine({ apiKey: sentinel }).startRun({
      datasetId: fx.dataset.id,
      strategy: 'direct',
      level: 'fine',
      endpoint: fx.endpoint,
      slice: { kind: 'dataset', limit: 3 },
    });
    assert.equal(outcome.status, 'done');
    fx.store.checkpoint();
    assert.equal(readFileSync(fx.dbPath).includes(sentinel), false);
  });
});
