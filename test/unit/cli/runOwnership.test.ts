// One run, one executor; a busy database delays results instead of failing the run. Real CLI
// processes against the simulated LVLM over HTTP, counting the requests the server received.
import { strict as assert } from 'node:assert';
import type { SimulatedServerHandle } from '../../../src/core/simulator/simulatedLvlmServer';
import { FinerStore } from '../../../src/core/store/finerStore';
import { runChild } from '../store/storeTestKit';
import { startCli, waitForOutput } from './cliChild';
import { makeCliRunFixture, type CliRunFixture } from './cliRunFixture';

describe('CLI runs: ownership and a busy database', function () {
  // Bounds a hang of the child processes; not a speed check.
  this.timeout(180_000);
  let fx: CliRunFixture;
  let db: string;
  let server: SimulatedServerHandle;

  before(async () => {
    fx = await makeCliRunFixture({ seed: 9 });
    db = fx.db;
    server = fx.server;
  });
  after(() => fx.cleanup());
  afterEach(() => server.setFaults({}));

  const runArgs = (extra: string[]): string[] => fx.runArgs('direct', 'fine', ['--no-cache', ...extra]);

  async function storedResults(runId: number): Promise<number> {
    const store = await FinerStore.open(db, { readOnly: true });
    try {
      return store.predictionsOfRun(runId).length;
    } finally {
      await store.close();
    }
  }

  it('a second executor of the same run is refused; every task is sent exactly once', async () => {
    server.setFaults({ latencyMs: 40 });
    server.resetStats();
    const first = startCli(runArgs(['--concurrency', '2']));
    await waitForOutput(first.child, first.stderrSoFar, (t) => /run \d+ (created|resumed)/.test(t));
    const runId = Number(/run (\d+) /.exec(first.stderrSoFar())?.[1]);
    const second = startCli(['run', '--db', db, '--resume', String(runId), '--no-cache']);
    const refused = await second.done;
    const finished = await first.done;
    assert.equal(finished.code, 0, finished.stderr);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`Run ${runId} is already being executed by process \\d+ on `));
    assert.equal(server.stats().requests, 98, 'one request per sample, none sent twice');
    assert.equal(await storedResults(runId), 98);

    // Once the first executor is gone, resuming is allowed again (and has nothing to send).
    server.resetStats();
    const again = startCli(['run', '--db', db, '--resume', String(runId), '--no-cache']);
    const resumed = await again.done;
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(server.stats().requests, 0);
  });

  it('results wait for an import holding the database in another process instead of failing', async () => {
    server.setFaults({ latencyMs: 60 });
    const run = startCli(runArgs(['--concurrency', '1']));
    await waitForOutput(run.child, run.stderrSoFar, (t) => /progress [1-9]\d*\//.test(t));
    // A long import takes the lock for 7 s, longer than any single write would wait.
    const importer = runChild(['import-pause', db, 'held-by-import', '50', '7000']);
    const imported = await importer.exited;
    const result = await run.done;
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /busy/);
    const runId = Number(/run (\d+) /.exec(result.stderr)?.[1]);
    assert.equal(await storedResults(runId), 98, 'every result was stored');
  });
});
