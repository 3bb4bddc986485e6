// The attribute grounding in a worker thread (the bundled dist/groundingWorker.js, a real
// worker_threads Worker): its section equals the in-thread computation; the per-(class, list)
// memo changes nothing; an abort terminates the worker; failures reject with a clear message
// instead of hanging; no worker outlives its request.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  computeGrounding,
  groundingData,
  type GroundingData,
} from '../../../../src/core/analysis/runAnalysis/grounding';
import {
  computeGroundingInWorker,
  runningGroundingWorkers,
} from '../../../../src/core/analysis/runAnalysis/groundingInWorker';
import { findRepoRoot } from '../../../e2e/support/repoPaths';
import { makeAnalysisFixture, type AnalysisFixture } from './analysisFixture';

/** The bundled worker entry, built beside the extension bundle. */
function workerPath(): string {
  const path = join(findRepoRoot(), 'dist', 'groundingWorker.js');
  if (!existsSync(path)) throw new Error(`${path} not found; run node scripts/build.mjs`);
  return path;
}

async function workersEnded(): Promise<void> {
  for (let i = 0; i < 200 && runningGroundingWorkers() > 0; i++) await new Promise((r) => setTimeout(r, 10));
}

describe('attribute grounding in a worker thread', function () {
  this.timeout(60_000);
  let fx: AnalysisFixture;
  let data: GroundingData;
  before(async () => {
    fx = await makeAnalysisFixture();
    data = groundingData({
      q: fx.store.analysisQueries(),
      datasetId: fx.datasetId,
      runId: fx.attrseekRun,
      level: 'fine',
      concepts: fx.store.listConcepts(fx.datasetId),
      domain: 'bird',
      attributeLimit: 15,
    });
    assert.ok(data.rows.length >= 5, 'the fixture run has attribute lists');
  });
  after(async () => {
    await fx.cleanup();
  });

  it('gives the same section as the computation on this thread', async () => {
    const inThread = computeGrounding(data);
    assert.ok(inThread !== null && inThread.generated > 0);
    const inWorker = await computeGroundingInWorker(data, { workerPath: workerPath() });
    assert.deepEqual(inWorker, inThread);
    await workersEnded();
    assert.equal(runningGroundingWorkers(), 0, 'the worker ended after answering');
  });

  it('matching each (class, attribute list) once changes no figure', () => {
    // Every row repeated 40 times under new sample ids: once with the list text unchanged (memo
    // hits), once with each copy's JSON spaced differently (same list, no memo hit).
    const repeat = (spaced: boolean): GroundingData => ({
      ...data,
      rows: Array.from({ length: 40 }, (_, copy) =>
        data.rows.map((r) => ({
          ...r,
          sampleId: r.sampleId + (copy + 1) * 100_000,
          attributesJson: spaced
            ? JSON.stringify(JSON.parse(r.attributesJson) as unknown, null, copy % 7)
            : r.attributesJson,
        })),
      ).flat(),
    });
    const memoised = computeGrounding(repeat(false));
    const unshared = computeGrounding(repeat(true));
    assert.ok(memoised !== null && unshared !== null);
    assert.deepEqual(memoised, unshared);
    assert.equal(memoised.samples, 40 * computeGrounding(data)!.samples);
  });

  it('an abort terminates the worker and rejects with an AbortError', async () => {
    const big: GroundingData = {
      ...data,
      rows: Array.from({ length: 4_000 }, (_, copy) =>
        data.rows.map((r) => ({
          ...r,
          sampleId: r.sampleId + (copy + 1) * 100_000,
          attributesJson: JSON.stringify([`patch ${copy}`, ...(JSON.parse(r.attributesJson) as string[])]),
        })),
      ).flat(),
    };
    const abort = new AbortController();
    const pending = computeGroundingInWorker(big, { workerPath: workerPath(), signal: abort.signal });
    assert.equal(runningGroundingWorkers(), 1);
    setTimeout(() => abort.abort(), 20);
    await assert.rejects(pending, (e: Error) => e.name === 'AbortError');
    await workersEnded();
    assert.equal(runningGroundingWorkers(), 0, 'the aborted worker was terminated');
    await assert.rejects(
      computeGroundingInWorker(data, { workerPath: workerPath(), signal: abort.signal }),
      (e: Error) => e.name === 'AbortError',
      'an already aborted signal starts no worker',
    );
    assert.equal(runningGroundingWorkers(), 0);
  });

  it('a failure in the worker rejects with its message; a missing worker file rejects too', async () => {
    const broken = { ...data, concepts: null } as unknown as GroundingData;
    await assert.rejects(
      computeGroundingInWorker(broken, { workerPath: workerPath() }),
      /attribute grounding failed/,
    );
    await assert.rejects(
      computeGroundingInWorker(data, { workerPath: join(dirname(workerPath()), 'no-such-worker.js') }),
      /attribute grounding/,
    );
    await workersEnded();
    assert.equal(runningGroundingWorkers(), 0);
  });
});
