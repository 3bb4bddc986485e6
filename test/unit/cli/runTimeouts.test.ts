// Hung and malformed responses in `finer-lens run`, as a user meets them: a child process of
// dist/cli.js against the simulated LVLM, with short timeouts given explicitly. The assertions
// count what the server received and what the run stored, never wall-clock time.
import { strict as assert } from 'node:assert';
import { FinerStore } from '../../../src/core/store/finerStore';
import { makeCliRunFixture, type CliRunFixture } from './cliRunFixture';
import { runCliChild } from './cliChild';

interface RunJson {
  runId: number;
  status: string;
  progress: { done: number; total: number; errors: number };
}

describe('CLI run: hung and malformed responses', function () {
  this.timeout(180_000);
  let fx: CliRunFixture;

  before(async () => {
    fx = await makeCliRunFixture();
  });
  after(async () => {
    await fx.cleanup();
  });
  beforeEach(() => {
    fx.server.setFaults({});
    fx.server.resetStats();
  });

  async function run(extra: string[], exitCode = 0): Promise<RunJson> {
    const r = await runCliChild(fx.runArgs('direct', 'fine', ['--no-cache', '--json', ...extra]));
    assert.equal(r.code, exitCode, r.stderr);
    return JSON.parse(r.stdout) as RunJson;
  }

  async function storedErrors(runId: number): Promise<string[]> {
    const store = await FinerStore.open(fx.db, { readOnly: true });
    try {
      return store.predictionsOfRun(runId).flatMap((p) => (p.error === null ? [] : [p.error]));
    } finally {
      await store.close();
    }
  }

  it('aborts hung requests at the timeout and retries them: every task gets its answer', async () => {
    fx.server.setFaults({ hangFirst: 2 });
    const out = await run(['--limit', '4', '--concurrency', '2', '--timeout-ms', '300']);
    assert.deepEqual([out.status, out.progress.done, out.progress.errors], ['done', 4, 0]);
    const stats = fx.server.stats();
    assert.equal(stats.requests, 6, '4 tasks + 2 retries of the hung requests');
    assert.equal(stats.inFlight, 0, 'the client closed the hung requests');
    assert.equal(stats.log.filter((e) => e.fault === 'hang').length, 2);
  });

  it('gives each attempt the whole timeout (a slow retry after a hang still succeeds)', async () => {
    // Attempt 1 hangs for the full 1000 ms; attempt 2 answers after 600 ms. With one timeout
    // for all attempts together the retry would have no time left.
    fx.server.setFaults({ hangFirst: 1, latencyMs: 600 });
    const out = await run(['--limit', '1', '--timeout-ms', '1000']);
    assert.deepEqual([out.progress.done, out.progress.errors], [1, 0]);
    assert.equal(fx.server.stats().requests, 2);
  });

  it('retries a malformed JSON body per the retry policy (4 attempts), then stores the error', async () => {
    fx.server.setFaults({ malformedJsonRate: 1 });
    const out = await run(['--limit', '1'], 1); // 1: every request of the run failed
    assert.deepEqual([out.progress.done, out.progress.errors], [1, 1]);
    assert.equal(fx.server.stats().requests, 4);
    const [error] = await storedErrors(out.runId);
    assert.match(error ?? '', /^malformed-response: .*not valid JSON.*after 4 attempts/);
  });

  it('recovers from a malformed body when the retry is answered properly', async () => {
    fx.server.setFaults({ malformedJsonRate: 0.5 });
    const out = await run(['--limit', '10', '--concurrency', '2']);
    const stats = fx.server.stats();
    const malformed = stats.log.filter((e) => e.fault === 'malformed-json').length;
    assert.ok(malformed > 0, 'some bodies were malformed');
    // Every malformed body is retried except the last of a task that used all 4 attempts.
    assert.equal(stats.requests, 10 + malformed - out.progress.errors);
    assert.ok(out.progress.errors < 10, 'retries recovered malformed answers');
  });
});
