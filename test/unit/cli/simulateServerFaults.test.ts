// `finer-lens simulate-server` fault flags, as a user starts it: a child process whose faults
// are checked through GET /admin/faults, raw chat requests and a `finer-lens run` against it.
import { strict as assert } from 'node:assert';
import { makeCliRunFixture, type CliRunFixture } from './cliRunFixture';
import { runCliChild, startCli, waitForOutput, type CliResult } from './cliChild';

interface ServerInfo {
  url: string;
  model: string;
  faults: Record<string, unknown>;
}

describe('CLI simulate-server fault flags', function () {
  this.timeout(120_000);
  let fx: CliRunFixture;
  const children: ReturnType<typeof startCli>[] = [];

  before(async () => {
    fx = await makeCliRunFixture();
  });
  after(async () => {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGTERM');
    await Promise.all(children.map((c) => c.done));
    await fx.cleanup();
  });

  async function startServer(flags: string[]): Promise<ServerInfo> {
    const started = startCli(['simulate-server', '--db', fx.db, '--port', '0', '--json', ...flags]);
    children.push(started);
    await waitForOutput(started.child, started.stdoutSoFar, (t) => t.includes('}'));
    return JSON.parse(started.stdoutSoFar()) as ServerInfo;
  }

  const chat = (info: ServerInfo): Promise<Response> =>
    fetch(`${info.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: info.model, messages: [{ role: 'user', content: 'Hello?' }] }),
    });

  it('starts with the faults given as flags and reports them', async () => {
    const info = await startServer([
      '--fail-first',
      '1',
      '--fail-first-status',
      '503',
      '--fault-500-rate',
      '1',
      '--fault-latency-ms',
      '5',
      '--fault-retry-after-s',
      '3',
      '--fault-retry-after-date',
    ]);
    const expected = {
      latencyMs: 5,
      retryAfterSeconds: 3,
      serverErrorRate: 1,
      failFirst: 1,
      failFirstStatus: 503,
      retryAfterAsDate: true,
    };
    assert.deepEqual(info.faults, expected);
    const base = info.url.replace(/\/v1$/, '');
    const current = (await (await fetch(`${base}/admin/faults`)).json()) as { faults: unknown };
    assert.deepEqual(current.faults, expected);
    assert.equal((await chat(info)).status, 503, 'fail-first');
    assert.equal((await chat(info)).status, 500, 'then the 500 rate');
  });

  it('hangs the first request and answers 401 to the rest: a run sees both', async () => {
    const info = await startServer(['--hang-first', '1', '--fault-401-rate', '1']);
    const run: CliResult = await runCliChild([
      ...fx.runArgs('direct', 'fine', ['--limit', '2', '--concurrency', '1', '--timeout-ms', '400']),
      '--endpoint',
      info.url,
      '--json',
    ]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /every request of run \d+ failed \(2 of 2\)/);
    const base = info.url.replace(/\/v1$/, '');
    const stats = (await (await fetch(`${base}/admin/stats`)).json()) as {
      requests: number;
      inFlight: number;
      byStatus: Record<string, number>;
    };
    // 1 hung (aborted by the client at its timeout, then retried) + one 401 per sample.
    assert.equal(stats.requests, 3);
    assert.equal(stats.byStatus['401'], 2);
    assert.equal(stats.inFlight, 0, 'the hung request was closed by the client');
  });

  it('refuses a rate outside 0..1 as a usage error', async () => {
    const r = await runCliChild(['simulate-server', '--db', fx.db, '--fault-hang-rate', '2']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--fault-hang-rate/);
  });
});
