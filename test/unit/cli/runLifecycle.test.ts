// The life of a `finer-lens run` child process: its id printed before any request, a kill -9
// right after that, `finer-lens runs` offering the resume, and a busy run (concurrency 16)
// printing no MaxListenersExceededWarning.
import { strict as assert } from 'node:assert';
import { makeCliRunFixture, type CliRunFixture } from './cliRunFixture';
import { runCliChild, startCli, waitForOutput } from './cliChild';

interface RunsJson {
  runs: {
    id: number;
    status: string;
    resumable: boolean;
    resumeCommand: string | null;
    executedBy: string | null;
  }[];
}

describe('CLI run lifecycle', function () {
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

  async function listRuns(): Promise<RunsJson['runs']> {
    const r = await runCliChild(['runs', '--db', fx.db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as RunsJson).runs;
  }

  it('prints "run N created" before any request, even with --json; runs lists it as resumable after kill -9', async () => {
    fx.server.setFaults({ latencyMs: 50 });
    const started = startCli(fx.runArgs('direct', 'fine', ['--json', '--no-cache', '--concurrency', '2']));
    await waitForOutput(started.child, started.stderrSoFar, (t) => /run \d+ created/.test(t));
    started.child.kill('SIGKILL');
    const killed = await started.done;
    assert.equal(killed.signal, 'SIGKILL');
    const runId = Number(/run (\d+) created/.exec(killed.stderr)?.[1]);
    const listed = (await listRuns()).find((r) => r.id === runId);
    assert.ok(listed, `run ${runId} is listed`);
    assert.ok(['pending', 'running'].includes(listed.status), listed.status);
    assert.equal(listed.resumable, true);
    assert.equal(listed.executedBy, null);
    assert.match(listed.resumeCommand ?? '', new RegExp(`finer-lens run --db .* --resume ${runId}`));
    const human = await runCliChild(['runs', '--db', fx.db]);
    assert.match(
      human.stdout,
      new RegExp(
        `run ${runId} \\[(pending|running)\\].*\\n\\s+resumable: finer-lens run --db .* --resume ${runId}`,
      ),
    );
    fx.server.setFaults({});
    const resumed = await runCliChild(['run', '--db', fx.db, '--resume', String(runId), '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const out = JSON.parse(resumed.stdout) as { status: string; progress: { done: number; total: number } };
    assert.deepEqual([out.status, out.progress.done, out.progress.total], ['done', 98, 98]);
    const after = (await listRuns()).find((r) => r.id === runId);
    assert.deepEqual([after?.status, after?.resumable], ['done', false]);
  });

  it('lists a run that is executing as running, not resumable', async () => {
    fx.server.setFaults({ latencyMs: 50 });
    const started = startCli(fx.runArgs('direct', 'fine', ['--no-cache', '--concurrency', '1']));
    try {
      await waitForOutput(started.child, started.stderrSoFar, (t) => /progress [1-9]\d*\//.test(t));
      const runId = Number(/run (\d+) created/.exec(started.stderrSoFar())?.[1]);
      const listed = (await listRuns()).find((r) => r.id === runId);
      assert.deepEqual([listed?.status, listed?.resumable], ['running', false]);
      assert.match(listed?.executedBy ?? '', new RegExp(`process ${started.child.pid}\\b`));
    } finally {
      started.child.kill('SIGKILL');
      await started.done;
    }
  });

  it('runs with concurrency 16 without a MaxListenersExceededWarning', async () => {
    fx.server.setFaults({ latencyMs: 20 });
    const r = await runCliChild(fx.runArgs('attrseek', 'all', ['--no-cache', '--concurrency', '16']));
    assert.equal(r.code, 0, r.stderr);
    assert.ok(fx.server.stats().maxInFlight >= 16, 'the run did fill 16 slots');
    assert.doesNotMatch(r.stderr, /MaxListenersExceededWarning|memory leak/);
  });
});
