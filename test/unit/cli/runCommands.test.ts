// The run-related CLI commands as a user runs them: child processes of dist/cli.js against a
// simulated LVLM over HTTP, checking exit codes, --json output, kill -9 + resume, Ctrl-C, and
// that the API key never reaches the database, the output or an export.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulatedServerHandle } from '../../../src/core/simulator/simulatedLvlmServer';
import { FinerStore } from '../../../src/core/store/finerStore';
import { executeBatchFile } from '../runs/batchExecutor';
import { settledServer } from '../simulator/settledServer';
import { runCliChild, startCli, waitForOutput } from './cliChild';
import { makeCliRunFixture, type CliRunFixture } from './cliRunFixture';

const SENTINEL = 'sk-SENTINEL-cli-key-0b7c44d1';
const KEY_ENV = { FINER_TEST_KEY: SENTINEL };

interface ModalityGapJson {
  imageRun: number;
  textRun: number;
  samples: number;
  finer_em: Record<string, number>;
}

interface RunsJson {
  runs: {
    id: number;
    strategy: string;
    status: string;
    metrics: { level: string; count: number; finer_em: number; strict_em: number; f1: number }[];
  }[];
}

describe('CLI run commands', function () {
  this.timeout(180_000);
  let fx: CliRunFixture;
  let dir: string;
  let db: string;
  let server: SimulatedServerHandle;
  const outputs: string[] = [];

  before(async () => {
    fx = await makeCliRunFixture({ seed: 4, apiKey: SENTINEL });
    ({ dir, db, server } = fx);
  });
  after(async () => {
    await fx.cleanup();
  });

  const runArgs = (strategy: string, level: string, extra: string[] = []): string[] =>
    fx.runArgs(strategy, level, ['--api-key-env', 'FINER_TEST_KEY', ...extra]);

  async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const r = await runCliChild(args, KEY_ENV);
    outputs.push(r.stdout, r.stderr);
    return r;
  }

  it('runs direct (all levels) and text-only; `runs --json` shows the accuracy ordering and modality gap', async () => {
    const direct = await cli(runArgs('direct', 'all', ['--json', '--concurrency', '8']));
    assert.equal(direct.code, 0, direct.stderr);
    const result = JSON.parse(direct.stdout) as {
      status: string;
      metrics: { level: string; finer_em: number }[];
    };
    assert.equal(result.status, 'done');
    const text = await cli(runArgs('text-only', 'fine', ['--json']));
    assert.equal(text.code, 0, text.stderr);
    const runs = await cli(['runs', '--db', db, '--json']);
    assert.equal(runs.code, 0);
    const parsed = JSON.parse(runs.stdout) as RunsJson;
    const [d, t] = parsed.runs;
    const em = (level: string, r = d): number => r?.metrics.find((m) => m.level === level)?.finer_em ?? NaN;
    assert.ok(em('superordinate') > em('coarse') && em('coarse') > em('fine'), runs.stdout);
    assert.ok(em('fine', t) > em('fine'), 'text-only beats the image at fine level');
    assert.ok(d?.metrics.every((m) => 'strict_em' in m && 'f1' in m && m.count === 98));
    // The image run and the text-only probe are paired: the per-sample modality gap.
    const gaps = (JSON.parse(runs.stdout) as { modalityGaps: ModalityGapJson[] }).modalityGaps;
    assert.equal(gaps.length, 1);
    const gap = gaps[0]!;
    assert.deepEqual([gap.imageRun, gap.textRun, gap.samples], [d?.id, t?.id, 98]);
    const counts = Object.values(gap.finer_em);
    assert.equal(
      counts.reduce((n, c) => n + c, 0),
      98,
    );
    assert.ok(
      (gap.finer_em['knows from text, not image'] ?? 0) > (gap.finer_em['knows from image, not text'] ?? 0),
    );
    const human = await cli(['runs', '--db', db]);
    assert.match(human.stdout, /FINER EM \(lenient\)/);
    assert.match(human.stdout, /modality gap, image run \d+ vs text-only run \d+ \(98 samples, FINER EM\)/);
    const withClasses = JSON.parse((await cli(['runs', '--db', db, '--json', '--classes'])).stdout) as {
      runs: { classMetrics: { level: string; classes: { classLabel: string; count: number }[] }[] }[];
    };
    const fineClasses = withClasses.runs[0]?.classMetrics.find((g) => g.level === 'fine')?.classes ?? [];
    assert.equal(
      fineClasses.reduce((n, c) => n + c.count, 0),
      98,
    );
    const retry = await cli(runArgs('attrseek', 'fine', ['--misclassified', `${d?.id}:fine`, '--json']));
    assert.equal(retry.code, 0, retry.stderr);
    const wrongAtFine = d?.metrics.find((m) => m.level === 'fine');
    const retried = JSON.parse(retry.stdout) as { progress: { total: number } };
    assert.equal(retried.progress.total, Math.round(98 * (1 - (wrongAtFine?.finer_em ?? 0))));
  });

  it('survives kill -9 mid-run; --resume gives exactly one result per (sample, level)', async () => {
    server.setFaults({ latencyMs: 25 });
    try {
      const started = startCli(runArgs('direct', 'all', ['--concurrency', '2', '--no-cache']), KEY_ENV);
      await waitForOutput(started.child, started.stderrSoFar, (t) => /progress [1-9]\d*\//.test(t));
      started.child.kill('SIGKILL');
      const killed = await started.done;
      assert.equal(killed.signal, 'SIGKILL');
      const runId = Number(/run (\d+) /.exec(killed.stderr)?.[1]);
      server.setFaults({});
      const before = await FinerStore.open(db, { readOnly: true });
      const storedBeforeResume = before.predictionsOfRun(runId).length;
      await before.close();
      // Requests the killed process wrote just before the kill may still be arriving: let them land.
      await settledServer(server);
      server.resetStats();
      const resumed = await cli([
        'run',
        '--db',
        db,
        '--resume',
        String(runId),
        '--api-key-env',
        'FINER_TEST_KEY',
        '--no-cache',
        '--json',
      ]);
      assert.equal(resumed.code, 0, resumed.stderr);
      // The unique index would hide re-sent requests in the table: count what the server got.
      assert.equal(server.stats().requests, 294 - storedBeforeResume, 'resume sends only what is missing');
      const out = JSON.parse(resumed.stdout) as { progress: { done: number; total: number } };
      assert.deepEqual([out.progress.done, out.progress.total], [294, 294]);
      const store = await FinerStore.open(db);
      try {
        const rows = store.predictionsOfRun(runId);
        assert.equal(rows.length, 294);
        assert.equal(new Set(rows.map((r) => `${r.sampleId}:${r.level}`)).size, 294);
      } finally {
        await store.close();
      }
      assert.equal((await cli(['checkpoint', '--db', db])).code, 0);
      // The stock sqlite3 CLI (installed by scripts/install-system-deps.sh) sees the same rows.
      const counted = execFileSync('sqlite3', [
        db,
        `SELECT count(*), count(DISTINCT sample_id || ':' || level) FROM predictions WHERE run_id = ${runId}`,
      ]).toString();
      assert.equal(counted.trim(), '294|294');
    } finally {
      server.setFaults({});
    }
  });

  it('Ctrl-C cancels cleanly with exit code 130 and prints how to resume', async () => {
    server.setFaults({ latencyMs: 25 });
    try {
      const started = startCli(runArgs('attrseek', 'fine', ['--concurrency', '2', '--no-cache']), KEY_ENV);
      await waitForOutput(started.child, started.stderrSoFar, (t) => /progress [1-9]\d*\//.test(t));
      started.child.kill('SIGINT');
      const result = await started.done;
      outputs.push(result.stdout, result.stderr);
      assert.equal(result.code, 130, result.stderr);
      assert.match(
        result.stderr,
        /cancelled; continue it with:\n\s+finer-lens run --db .* --resume \d+ --api-key-env FINER_TEST_KEY/,
      );
      assert.match(result.stdout, /run \d+ cancelled/);
    } finally {
      server.setFaults({});
    }
  });

  it('batch export -> external executor -> batch import gives the live scores', async () => {
    const input = join(dir, 'batch-in.jsonl');
    const output = join(dir, 'batch-out.jsonl');
    const created = await cli(
      runArgs('direct', 'coarse', ['--limit', '10', '--batch-export', input, '--json']),
    );
    assert.equal(created.code, 0, created.stderr);
    const runId = (JSON.parse(created.stdout) as { runId: number; requests: number }).runId;
    const exportText = readFileSync(input, 'utf8');
    outputs.push(exportText);
    // The batch executor holds the key itself (as OpenAI's Batch API or a vLLM cluster would).
    await executeBatchFile(input, output, server.url, SENTINEL);
    outputs.push(readFileSync(output, 'utf8'));
    const imported = await cli([
      'batch',
      'import',
      '--db',
      db,
      '--run',
      String(runId),
      '--input',
      output,
      '--json',
    ]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal((JSON.parse(imported.stdout) as { imported: number }).imported, 10);
    const live = await cli(runArgs('direct', 'coarse', ['--limit', '10', '--json', '--no-cache']));
    const runs = JSON.parse((await cli(['runs', '--db', db, '--json'])).stdout) as RunsJson;
    const batchRun = runs.runs.find((r) => r.id === runId);
    const liveRun = runs.runs.find((r) => r.id === (JSON.parse(live.stdout) as { runId: number }).runId);
    assert.deepEqual(batchRun?.metrics, liveRun?.metrics);
    const again = await cli([
      'batch',
      'export',
      '--db',
      db,
      '--run',
      String(runId),
      '--out',
      join(dir, 'none.jsonl'),
      '--json',
    ]);
    assert.equal((JSON.parse(again.stdout) as { requests: number }).requests, 0);
  });

  it('import-outputs reports bad lines with file:line and exits 1', async () => {
    const file = join(dir, 'sample-birds_fine_refmodel_output.jsonl');
    writeFileSync(file, `${JSON.stringify({ idx: 0, text: 'Answer: something' })}\nnot json\n`);
    const r = await cli([
      'import-outputs',
      '--db',
      db,
      '--dataset',
      'sample-birds',
      '--file',
      file,
      '--json',
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: not valid JSON`));
    const out = JSON.parse(r.stdout) as { imported: number; model: string; level: string };
    assert.deepEqual([out.imported, out.model, out.level], [1, 'refmodel', 'fine']);
  });

  it('score --json gives per-line and mean finer_em / strict_em / f1', async () => {
    const file = join(dir, 'score.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ prediction: 'Answer: Great Horned Owls', labels: ['great horned owl'] }),
        JSON.stringify({ prediction: 'owl', labels: ['Snowy Owl'] }),
      ].join('\n'),
    );
    const r = await cli(['score', '--input', file, '--extract-answer', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      count: number;
      mean: Record<string, number>;
      lines: Record<string, number>[];
    };
    assert.equal(out.count, 2);
    assert.deepEqual(Object.keys(out.mean).sort(), ['f1', 'finer_em', 'strict_em']);
    assert.equal(out.lines[0]?.['finer_em'], 1);
    assert.equal(out.lines[0]?.['strict_em'], 0);
  });

  it('uses exit code 2 for usage errors and never takes a key as a flag value', async () => {
    assert.equal((await cli(['nonsense'])).code, 2);
    assert.equal((await cli(['run', '--db', db])).code, 2);
    const asFlag = await cli(['run', '--db', db, '--api-key', SENTINEL]);
    assert.equal(asFlag.code, 2);
    const pasted = await cli([...runArgs('direct', 'fine').slice(0, -2), '--api-key-env', SENTINEL]);
    assert.equal(pasted.code, 2);
    assert.match(pasted.stderr, /NAME of an environment variable/);
    const missingDb = await cli(['runs', '--db', join(dir, 'nope.db')]);
    assert.equal(missingDb.code, 1);
  });

  it('simulate-server serves the dataset until SIGTERM', async () => {
    const started = startCli(['simulate-server', '--db', db, '--port', '0', '--seed', '2', '--json']);
    await waitForOutput(started.child, started.stdoutSoFar, (t) => t.includes('}'));
    const info = JSON.parse(started.stdoutSoFar()) as { url: string; model: string; simulated: boolean };
    assert.match(info.model, /simulated/);
    const models = (await (await fetch(`${info.url}/models`)).json()) as { data: { id: string }[] };
    assert.equal(models.data[0]?.id, info.model);
    started.child.kill('SIGTERM');
    assert.equal((await started.done).code, 0);
  });

  it('the API key is in no database byte, output or export', async () => {
    await cli(['checkpoint', '--db', db]);
    assert.equal(readFileSync(db).includes(SENTINEL), false, 'database file');
    if (existsSync(`${db}.journal`))
      assert.equal(readFileSync(`${db}.journal`).includes(SENTINEL), false, 'journal');
    for (const text of outputs) assert.equal(text.includes(SENTINEL), false, 'CLI output / export');
    assert.ok(server.stats().completed > 0, 'the key did reach the server (it requires it)');
  });
});
