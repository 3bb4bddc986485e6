// Per-sample failures in `finer-lens run` (child processes against the simulated LVLM): the
// summary of errors by kind with sample idx, the exit code when every request failed, and the
// early stop after consecutive 401/403/404 answers, counted by the requests the server received.
import { strict as assert } from 'node:assert';
import { FinerStore } from '../../../src/core/store/finerStore';
import { makeCliRunFixture, type CliRunFixture } from './cliRunFixture';
import { runCliChild, type CliResult } from './cliChild';

const KEY = 'sk-test-failures-key-7f3a';

interface PrintedKind {
  kind: string;
  count: number;
  examples: { sampleIdx: number; level: string; message: string }[];
}

describe('CLI run: failed requests', function () {
  this.timeout(180_000);
  let fx: CliRunFixture;

  before(async () => {
    fx = await makeCliRunFixture({ apiKey: KEY });
  });
  after(async () => {
    await fx.cleanup();
  });
  beforeEach(() => {
    fx.server.setFaults({});
    fx.server.resetStats();
  });

  /** Sample idx of the stored errors, by kind (the text before the first ':'). */
  async function storedErrorsByKind(runId: number): Promise<Map<string, Set<number>>> {
    const store = await FinerStore.open(fx.db, { readOnly: true });
    try {
      const byKind = new Map<string, Set<number>>();
      for (const p of store.predictionsOfRun(runId)) {
        if (p.error === null) continue;
        const kind = p.error.split(':')[0] ?? '';
        const idx = store.getSample(p.sampleId)?.idx ?? -1;
        byKind.set(kind, (byKind.get(kind) ?? new Set<number>()).add(idx));
      }
      return byKind;
    } finally {
      await store.close();
    }
  }

  const run = (extra: string[], key = KEY, level = 'fine'): Promise<CliResult> =>
    runCliChild(fx.runArgs('direct', level, ['--no-cache', '--api-key-env', 'FINER_KEY', ...extra]), {
      FINER_KEY: key,
    });

  it('stops after 5 consecutive authentication failures (default) instead of one per sample', async () => {
    const r = await run(['--concurrency', '1'], 'sk-wrong-key-0000');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(fx.server.stats().requests, 5);
    assert.match(r.stderr, /stopped after 5 consecutive authentication failures \(401\/403\)/);
    assert.match(r.stderr, /--resume \d+/);
    assert.doesNotMatch(r.stdout + r.stderr, /sk-wrong-key-0000/, 'the key is redacted');
  });

  it('--max-consecutive-fatal N stops after N; with more slots at most N + concurrency - 1 are sent', async () => {
    const one = await run(['--concurrency', '1', '--max-consecutive-fatal', '2'], 'sk-wrong-key-0000');
    assert.equal(one.code, 1);
    assert.equal(fx.server.stats().requests, 2);
    fx.server.resetStats();
    const many = await run(['--concurrency', '4', '--max-consecutive-fatal', '3'], 'sk-wrong-key-0000');
    assert.equal(many.code, 1);
    const sent = fx.server.stats().requests;
    assert.ok(sent >= 3 && sent <= 3 + 4 - 1, `${sent} requests`);
  });

  it('stops early on 404 (unknown model) with a message naming the model', async () => {
    const args = fx.runArgs('direct', 'fine', ['--no-cache', '--api-key-env', 'FINER_KEY']);
    args[args.indexOf(fx.server.model)] = 'no-such-model';
    const r = await runCliChild(args, { FINER_KEY: KEY });
    assert.equal(r.code, 1, r.stderr);
    assert.ok(fx.server.stats().requests <= 5 + 8 - 1, `${fx.server.stats().requests} requests`);
    assert.match(r.stderr, /stopped after 5 consecutive not-found failures \(404\).*no-such-model/s);
  });

  it('prints the first errors of each kind with sample idx and a count per kind', async () => {
    // The first 8 requests fail with 500: with one slot (two workers) at least one of the first
    // tasks uses its 4 attempts on them and gives up. About a third of the rest get a 401.
    fx.server.setFaults({ failFirst: 8, failFirstStatus: 500, unauthorizedRate: 0.3 });
    const r = await run(['--limit', '30', '--concurrency', '1', '--max-consecutive-fatal', '0', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { runId: number; errors: PrintedKind[] };
    const stored = await storedErrorsByKind(out.runId);
    const unauthorized = fx.server.stats().byStatus['401'] ?? 0;
    assert.ok(unauthorized > 0 && unauthorized < 30);
    assert.equal(stored.get('auth')?.size, unauthorized, 'a 401 is final: one error per 401');
    assert.ok((stored.get('server')?.size ?? 0) >= 1);
    // JSON and stderr list every stored kind with its count, most frequent first.
    const counted = [...stored]
      .map(([kind, idx]) => [kind, idx.size])
      .sort((a, b) => Number(b[1]) - Number(a[1]));
    assert.deepEqual(
      out.errors.map((e) => [e.kind, e.count]),
      counted,
    );
    for (const kind of out.errors) {
      assert.equal(kind.examples.length, Math.min(3, kind.count), 'the first 3 of the kind');
      for (const e of kind.examples) assert.ok(stored.get(kind.kind)?.has(e.sampleIdx), `idx ${e.sampleIdx}`);
    }
    assert.match(
      r.stderr,
      new RegExp(
        `errors by kind:\\n  auth: ${unauthorized}\\n    sample idx \\d+ \\(fine\\): The server refused the API key \\(401\\)`,
      ),
    );
    assert.match(
      r.stderr,
      /\n {2}server: [12]\n {4}sample idx [01] \(fine\): Server error \(500\).*\(after 4 attempts\)/,
    );
  });

  it('exits 1 when every request of the run failed', async () => {
    fx.server.setFaults({ unauthorizedRate: 1 });
    const r = await run(['--limit', '6', '--max-consecutive-fatal', '0', '--json']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(fx.server.stats().requests, 6);
    assert.match(r.stderr, /every request of run \d+ failed/);
    const out = JSON.parse(r.stdout) as {
      progress: { errors: number };
      errors: { kind: string; count: number }[];
    };
    assert.equal(out.progress.errors, 6);
    assert.deepEqual(
      out.errors.map((e) => [e.kind, e.count]),
      [['auth', 6]],
    );
  });
});
