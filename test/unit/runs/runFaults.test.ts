// Fault injection, cancellation and resume: every outcome is a stored result or a stored error.
import { strict as assert } from 'node:assert';
import { settledServer } from '../simulator/settledServer';
import { makeRunFixture, type RunFixture } from './runFixture';

function assertOnePerTask(fx: RunFixture, runId: number, expected: number): void {
  const rows = fx.store.predictionsOfRun(runId);
  const keys = new Set(rows.map((r) => `${r.sampleId}:${r.level}`));
  assert.equal(rows.length, expected);
  assert.equal(keys.size, expected, 'no duplicate (sample, level)');
}

describe('RunEngine faults, cancellation and resume', function () {
  this.timeout(120_000);
  let fx: RunFixture;

  beforeEach(async () => {
    fx = await makeRunFixture();
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  const faultCases: [string, Parameters<RunFixture['server']['setFaults']>[0]][] = [
    ['429 with Retry-After', { rateLimitRate: 0.3, retryAfterSeconds: 0 }],
    ['500', { serverErrorRate: 0.3 }],
    ['malformed JSON', { malformedJsonRate: 0.3 }],
    ['timeout', { hangRate: 0.2 }],
    ['truncated stream', { truncateRate: 0.3 }],
  ];
  for (const [name, faults] of faultCases) {
    it(`ends with results or stored errors under ${name}`, async () => {
      fx.server.setFaults(faults);
      const outcome = await fx.engine({ timeoutMs: 800 }).startRun({
        datasetId: fx.dataset.id,
        strategy: 'direct',
        level: 'coarse',
        endpoint: fx.endpoint,
        slice: { kind: 'dataset', limit: 30 },
      });
      assert.equal(outcome.status, 'done');
      assertOnePerTask(fx, outcome.runId, 30);
      const rows = fx.store.predictionsOfRun(outcome.runId);
      for (const row of rows) {
        assert.ok((row.error === null) !== (row.finerEm === null), 'either scored or failed');
      }
      assert.equal(outcome.progress.errors, rows.filter((r) => r.error !== null).length);
      assert.ok(
        rows.some((r) => r.error === null),
        'retries recover most requests',
      );
    });
  }

  it('stores persistent failures as errors and retries them with retryErrors', async () => {
    fx.server.setFaults({ serverErrorRate: 1 });
    const engine = fx.engine();
    const first = await engine.startRun({
      datasetId: fx.dataset.id,
      strategy: 'direct',
      level: 'fine',
      endpoint: fx.endpoint,
      slice: { kind: 'dataset', limit: 10 },
    });
    assert.equal(first.progress.errors, 10);
    assert.match(fx.store.predictionsOfRun(first.runId)[0]?.error ?? '', /^server:/);
    fx.server.setFaults({});
    const again = await engine.execute(first.runId);
    assert.equal(again.progress.errors, 10, 'without retryErrors failures count as done');
    const retried = await engine.execute(first.runId, { retryErrors: true });
    assert.equal(retried.progress.errors, 0);
    assertOnePerTask(fx, first.runId, 10);
  });

  it('stores a missing image as a per-sample error', async () => {
    const samples = fx.store.samplesOfSlice(fx.dataset.id, { kind: 'dataset', limit: 2 });
    const { rmSync, cpSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    // Run against a copy of the dataset folder whose first image disappears after the import.
    const copy = mkdtempSync(join(tmpdir(), 'finer-runs-img-'));
    cpSync(fx.dataset.rootDir, copy, { recursive: true });
    const { FinerStore } = await import('../../../src/core/store/finerStore');
    const { importSampleDataset } = await import('../../../src/core/import/sampleDataset');
    const store2 = await FinerStore.open(join(copy, 'other.db'));
    try {
      const { dataset } = await importSampleDataset(store2, copy);
      rmSync(join(copy, samples[0]!.imagePath));
      const { RunEngine } = await import('../../../src/core/runs/runEngine');
      const outcome = await new RunEngine({ store: store2, createClient: fx.clientFactory() }).startRun({
        datasetId: dataset.id,
        strategy: 'direct',
        level: 'fine',
        endpoint: fx.endpoint,
        slice: { kind: 'dataset', limit: 2 },
      });
      const rows = store2.predictionsOfRun(outcome.runId);
      assert.equal(rows.length, 2);
      assert.match(rows.find((r) => r.error !== null)?.error ?? '', /cannot be read/);
      assert.equal(rows.filter((r) => r.error === null).length, 1);
    } finally {
      await store2.close();
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('cancellation keeps completed results; resume completes with no duplicates or gaps', async () => {
    fx.server.setFaults({ latencyMs: 20 });
    const controller = new AbortController();
    const engine = fx.engine();
    const outcome = await engine.startRun(
      { datasetId: fx.dataset.id, strategy: 'attrseek', level: 'all', endpoint: fx.endpoint, concurrency: 4 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.done >= 30) controller.abort();
        },
      },
    );
    assert.equal(outcome.status, 'cancelled');
    assert.equal(fx.store.getRun(outcome.runId)?.status, 'cancelled');
    const kept = fx.store.predictionsOfRun(outcome.runId);
    assert.ok(kept.length >= 30 && kept.length < fx.dataset.sampleCount * 2, `kept ${kept.length}`);
    assert.equal(kept.length, outcome.progress.done);
    assert.ok(
      kept.every((r) => r.error === null),
      'a cancelled request is not stored as an error',
    );
    // What the resume must send: two turns for a missing task, turn 2 for a task stopped after turn 1.
    const stored = new Map(
      fx.store.predictionKeys(outcome.runId).map((k) => [`${k.sampleId}:${k.level}`, k]),
    );
    let expectedRequests = fx.dataset.sampleCount * 2 * 2;
    for (const key of stored.values()) expectedRequests -= key.stage === 'done' ? 2 : 1;
    // Requests the cancelled execution wrote just before the abort reach this in-process server
    // a little later: let them land before counting what the resume sends.
    await settledServer(fx.server);
    fx.server.resetStats();
    const resumed = await engine.execute(outcome.runId, { useCache: false });
    // The unique index would hide re-sent requests in the table: count what the server got.
    assert.equal(fx.server.stats().requests, expectedRequests, 'resume sends only what is missing');
    assert.equal(resumed.status, 'done');
    assert.equal(resumed.progress.done, fx.dataset.sampleCount * 2);
    assertOnePerTask(fx, outcome.runId, fx.dataset.sampleCount * 2);
    // Results stored before the cancel are unchanged by the resume.
    const after = new Map(fx.store.predictionsOfRun(outcome.runId).map((r) => [r.id, r.rawResponse]));
    for (const r of kept) assert.equal(after.get(r.id), r.rawResponse);
  });
});
