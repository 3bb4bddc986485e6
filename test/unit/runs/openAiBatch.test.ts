// Batch JSONL export -> an external executor (HTTP, the process boundary) -> import gives the
// same results as a live run; ATTRSEEK in two phases; re-import is idempotent.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportBatchRequests, importBatchOutputs } from '../../../src/core/runs/openAiBatch';
import { createRunFromRequest, type RunRequest } from '../../../src/core/runs/runSetup';
import { executeBatchFile } from './batchExecutor';
import { makeRunFixture, type RunFixture } from './runFixture';

describe('OpenAI Batch JSONL export / import', function () {
  this.timeout(60_000);
  let fx: RunFixture;

  before(async () => {
    fx = await makeRunFixture();
  });
  after(async () => {
    await fx.cleanup();
  });

  function scoresOf(runId: number): string[] {
    return fx.store
      .predictionsOfRun(runId)
      .map((p) =>
        JSON.stringify([
          p.sampleId,
          p.level,
          p.rawResponse,
          p.finerEm,
          p.strictEm,
          p.f1,
          p.turn1Raw,
          p.error,
        ]),
      );
  }

  it('direct: export -> execute -> import equals a live run, and import is idempotent', async () => {
    const request: RunRequest = {
      datasetId: fx.dataset.id,
      strategy: 'direct',
      level: 'all',
      endpoint: fx.endpoint,
      slice: { kind: 'dataset', limit: 15 },
      seed: 3,
    };
    const live = await fx.engine().startRun(request, { useCache: false });
    const run = createRunFromRequest(fx.store, { ...request, source: 'batch' });
    const input = join(fx.dir, 'batch-in.jsonl');
    const output = join(fx.dir, 'batch-out.jsonl');
    const exported = await exportBatchRequests(fx.store, run.id, input);
    assert.equal(exported.requests, 45);
    const first = JSON.parse(readFileSync(input, 'utf8').split('\n')[0] ?? '{}') as Record<string, unknown>;
    assert.equal(first['method'], 'POST');
    assert.equal(first['url'], '/v1/chat/completions');
    assert.match(JSON.stringify(first['body']), /data:image\/png;base64,/);
    await executeBatchFile(input, output, fx.server.url);
    const imported = await importBatchOutputs(fx.store, run.id, output);
    assert.deepEqual(
      [imported.imported, imported.errors, imported.pending, imported.issues.length],
      [45, 0, 0, 0],
    );
    assert.equal(fx.store.getRun(run.id)?.status, 'done');
    assert.deepEqual(scoresOf(run.id), scoresOf(live.runId));
    const again = await importBatchOutputs(fx.store, run.id, output);
    assert.equal(again.imported, 45);
    assert.equal(fx.store.predictionsOfRun(run.id).length, 45);
    const empty = await exportBatchRequests(fx.store, run.id, join(fx.dir, 'nothing.jsonl'));
    assert.equal(empty.requests, 0, 'nothing left to export');
  });

  it('ATTRSEEK goes in two phases and matches a live run', async () => {
    const request: RunRequest = {
      datasetId: fx.dataset.id,
      strategy: 'attrseek',
      level: 'all',
      endpoint: fx.endpoint,
      slice: { kind: 'dataset', limit: 8 },
    };
    const live = await fx.engine().startRun(request, { useCache: false });
    const run = createRunFromRequest(fx.store, { ...request, source: 'batch' });
    const phase1 = await exportBatchRequests(fx.store, run.id, join(fx.dir, 'a1-in.jsonl'));
    assert.deepEqual([phase1.turn1, phase1.turn2], [16, 0]);
    await executeBatchFile(join(fx.dir, 'a1-in.jsonl'), join(fx.dir, 'a1-out.jsonl'), fx.server.url);
    const imported1 = await importBatchOutputs(fx.store, run.id, join(fx.dir, 'a1-out.jsonl'));
    assert.deepEqual([imported1.turn1, imported1.imported, imported1.pending], [16, 0, 16]);
    const phase2 = await exportBatchRequests(fx.store, run.id, join(fx.dir, 'a2-in.jsonl'));
    assert.deepEqual([phase2.turn1, phase2.turn2], [0, 16]);
    await executeBatchFile(join(fx.dir, 'a2-in.jsonl'), join(fx.dir, 'a2-out.jsonl'), fx.server.url);
    const imported2 = await importBatchOutputs(fx.store, run.id, join(fx.dir, 'a2-out.jsonl'));
    assert.deepEqual([imported2.imported, imported2.pending], [16, 0]);
    assert.deepEqual(scoresOf(run.id), scoresOf(live.runId));
    // Importing phase 1 again after phase 2 changes nothing.
    const replay = await importBatchOutputs(fx.store, run.id, join(fx.dir, 'a1-out.jsonl'));
    assert.equal(replay.skipped, 16);
    assert.deepEqual(scoresOf(run.id), scoresOf(live.runId));
  });

  it('keeps finish_reason and refusals from batch output lines (counted apart, refusals not scored)', async () => {
    const run = createRunFromRequest(fx.store, {
      datasetId: fx.dataset.id,
      strategy: 'direct',
      level: 'fine',
      endpoint: { ...fx.endpoint, tokenLimitParam: 'max_completion_tokens' },
      slice: { kind: 'dataset', limit: 4 },
      source: 'batch',
    });
    const input = join(fx.dir, 'honest-in.jsonl');
    const output = join(fx.dir, 'honest-out.jsonl');
    await exportBatchRequests(fx.store, run.id, input);
    const body = (
      JSON.parse(readFileSync(input, 'utf8').split('\n')[0] ?? '{}') as { body: Record<string, unknown> }
    ).body;
    assert.equal(body['max_completion_tokens'], 512, 'the endpoint field is used in batch bodies too');
    assert.equal('max_tokens' in body, false);
    fx.server.setFaults({ refusalRate: 0.5, lengthRate: 0.5 });
    try {
      await executeBatchFile(input, output, fx.server.url);
    } finally {
      fx.server.setFaults({});
    }
    await importBatchOutputs(fx.store, run.id, output);
    const rows = fx.store.predictionsOfRun(run.id);
    const refused = rows.filter((r) => r.refusal !== null);
    const truncated = rows.filter((r) => r.finishReason === 'length');
    assert.equal(refused.length + truncated.length, 4, 'every line was one or the other');
    assert.ok(refused.every((r) => r.finerEm === null && r.error === null && r.answer === null));
    assert.ok(truncated.every((r) => r.finerEm !== null));
    const [m] = fx.store.runLevelMetrics(run.id);
    assert.deepEqual([m?.refusals, m?.truncated, m?.errors], [refused.length, truncated.length, 0]);
  });

  it('stores failed batch lines as errors and reports bad lines with file:line', async () => {
    const run = createRunFromRequest(fx.store, {
      datasetId: fx.dataset.id,
      strategy: 'direct',
      level: 'fine',
      endpoint: fx.endpoint,
      slice: { kind: 'dataset', limit: 2 },
    });
    const ids = fx.store.samplesOfSlice(fx.dataset.id, { kind: 'dataset', limit: 2 }).map((s) => s.id);
    const output = join(fx.dir, 'bad-out.jsonl');
    writeFileSync(
      output,
      [
        JSON.stringify({
          id: 'b1',
          custom_id: `run-${run.id}:sample-${ids[0]}:fine:turn-1`,
          response: null,
          error: { code: 'x', message: 'expired' },
        }),
        '{not json',
        JSON.stringify({ id: 'b3', custom_id: 'someone-else', response: null, error: null }),
        JSON.stringify({
          id: 'b4',
          custom_id: `run-${run.id}:sample-${ids[1]}:fine:turn-1`,
          response: { status_code: 500, body: { error: { message: 'boom' } } },
          error: null,
        }),
      ].join('\n'),
    );
    const summary = await importBatchOutputs(fx.store, run.id, output);
    assert.equal(summary.errors, 2);
    assert.deepEqual(
      summary.issues.map((i) => `${i.file}:${i.line}`),
      [`${output}:2`, `${output}:3`],
    );
    const errors = fx.store.predictionsOfRun(run.id).map((p) => p.error);
    assert.deepEqual(errors, ['batch error: expired', 'HTTP 500: boom']);
  });
});
