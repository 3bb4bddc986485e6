// `finer-lens run` as a child process against the simulated LVLM over HTTP: --dry-run sends
// nothing and writes the exact bodies; --protocol and --token-param are recorded and shown;
// truncated replies and refusals (simulator fault flags) are counted apart from errors.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIMULATED_REFUSAL } from '../../../src/core/simulator/simulatedLvlmServer';
import { FinerStore } from '../../../src/core/store/finerStore';
import { TURN1_PLACEHOLDER } from '../../../src/core/runs/dryRun';
import { SAMPLE_ROOT } from '../simulator/sampleBirdsFixture';
import { makeCliRunFixture, type CliRunFixture } from './cliRunFixture';
import { runCliChild } from './cliChild';

interface DryRunLine {
  sampleIdx: number;
  level: string;
  turn: number;
  dependsOn?: string;
  protocol: string;
  templateHash: string;
  estimatedInputTokens: number;
  body: {
    model: string;
    temperature: number;
    max_tokens?: number;
    max_completion_tokens?: number;
    messages: {
      role: string;
      content: string | { type: string; text?: string; image_url?: { url: string } }[];
    }[];
  };
}

function readLines(file: string): DryRunLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as DryRunLine);
}

describe('CLI run: protocols, dry run, truncation and refusals', function () {
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

  async function withStore<T>(f: (store: FinerStore) => T): Promise<T> {
    const store = await FinerStore.open(fx.db, { readOnly: true });
    try {
      return f(store);
    } finally {
      await store.close();
    }
  }

  it('--dry-run writes every request body with images as SHA-256 + size, sends nothing, stores no run', async () => {
    const out = join(fx.dir, 'dry.jsonl');
    const runsBefore = await withStore((s) => s.listRuns().length);
    const r = await runCliChild(fx.runArgs('attrseek', 'all', ['--limit', '2', '--dry-run', out]));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fx.server.stats().requests, 0, 'the server received no request');
    assert.equal(await withStore((s) => s.listRuns().length), runsBefore, 'no run stored');
    const lines = readLines(out);
    assert.equal(lines.length, 2 * 2 * 2, '2 samples x (coarse, fine) x 2 turns');
    assert.match(r.stdout, /dry run: 8 requests written/);
    assert.match(r.stdout, /estimate: ~\d+ input tokens, at most 4096 output tokens/);
    const samples = await withStore((s) => {
      const d = s.findDatasetByName('sample-birds');
      return d ? s.samplesOfSlice(d.id, { kind: 'dataset', limit: 2 }) : [];
    });
    for (const line of lines) {
      assert.equal(line.protocol, 'finer-reference');
      assert.match(line.templateHash, /^[0-9a-f]{64}$/);
      assert.equal(line.body.max_tokens, 512);
      assert.equal(line.body.temperature, 0.2);
      const user = line.body.messages[0];
      assert.ok(user && Array.isArray(user.content));
      const image = user.content.find((p) => p.type === 'image_url');
      const sample = samples.find((s) => s.idx === line.sampleIdx);
      assert.ok(sample && image?.image_url);
      const bytes = readFileSync(join(SAMPLE_ROOT, sample.imagePath));
      const sha = createHash('sha256').update(bytes).digest('hex');
      assert.equal(image.image_url.url, `image:sha256=${sha},bytes=${bytes.length}`);
      assert.equal(JSON.stringify(line).includes('base64'), false);
      if (line.turn === 2) {
        assert.equal(line.dependsOn, 'turn1');
        assert.equal(line.body.messages[1]?.content, TURN1_PLACEHOLDER);
        assert.equal(line.body.messages[2]?.role, 'user');
      }
    }
    // Gold conditioning is on by default under finer-reference: the fine turn 1 names the coarse label.
    const fine = lines.find((l) => l.level === 'fine' && l.turn === 1);
    const sample = samples.find((s) => s.idx === fine?.sampleIdx);
    const fineText = JSON.stringify(fine?.body.messages[0]);
    assert.ok(sample && fineText.includes(`on the ${sample.coarse.join('/')} in this image`), fineText);
    assert.match(r.stdout, /4 ATTRSEEK turn-2 requests carry turn 1.s reply.*"dependsOn": "turn1"/);
  });

  it('--dry-run --token-param max_completion_tokens --protocol finer-lens-v1 shows in the bodies', async () => {
    const out = join(fx.dir, 'dry-v1.jsonl');
    const r = await runCliChild(
      fx.runArgs('text-only', 'fine', [
        '--limit',
        '1',
        '--protocol',
        'finer-lens-v1',
        '--token-param',
        'max_completion_tokens',
        '--dry-run',
        out,
      ]),
    );
    assert.equal(r.code, 0, r.stderr);
    const [line] = readLines(out);
    assert.equal(line?.protocol, 'finer-lens-v1');
    assert.doesNotMatch(r.stdout, /turn-2/, 'no dependent requests without ATTRSEEK');
    assert.equal(line?.body.max_completion_tokens, 512);
    assert.equal('max_tokens' in (line?.body ?? {}), false);
    assert.equal(fx.server.stats().requests, 0);
  });

  it('refuses an unknown --protocol or --token-param before anything is stored', async () => {
    const a = await runCliChild(fx.runArgs('direct', 'fine', ['--protocol', 'finer']));
    assert.equal(a.code, 2, a.stderr);
    assert.match(a.stderr, /--protocol must be one of finer-reference, finer-lens-v1/);
    const b = await runCliChild(fx.runArgs('direct', 'fine', ['--token-param', 'max']));
    assert.notEqual(b.code, 0);
    assert.match(b.stderr, /--token-param must be max_tokens or max_completion_tokens/);
  });

  it('counts truncated replies apart (scored, flagged) and records protocol and token field', async () => {
    fx.server.setFaults({ lengthRate: 1 });
    const r = await runCliChild(
      fx.runArgs('direct', 'fine', ['--limit', '3', '--no-cache', '--token-param', 'max_completion_tokens']),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /3 truncated \(finish_reason length; scored, flagged\)/);
    assert.match(
      r.stdout,
      /protocol finer-reference \(templates [0-9a-f]{12}, family organism\), gold conditioning on, max_completion_tokens 512/,
    );
    const runId = Number(/run (\d+) done/.exec(r.stdout)?.[1]);
    const rows = await withStore((s) => s.predictionsOfRun(runId));
    assert.equal(rows.length, 3);
    for (const row of rows) {
      assert.equal(row.finishReason, 'length');
      assert.equal(row.error, null);
      assert.notEqual(row.finerEm, null, 'a truncated reply is scored');
    }
    const runs = await runCliChild(['runs', '--db', fx.db]);
    assert.match(runs.stdout, new RegExp(`run ${runId} \\[done\\][^\\n]*\\n\\s+protocol finer-reference`));
    assert.match(runs.stdout, /truncated=3 \(scored, finish_reason length\)/);
    const json = JSON.parse((await runCliChild(['runs', '--db', fx.db, '--json'])).stdout) as {
      runs: {
        id: number;
        protocol: string;
        endpoint: { tokenLimitParam?: string };
        metrics: { truncated: number }[];
      }[];
    };
    const stored = json.runs.find((x) => x.id === runId);
    assert.equal(stored?.protocol, 'finer-reference');
    assert.equal(stored?.endpoint.tokenLimitParam, 'max_completion_tokens');
    assert.equal(stored?.metrics[0]?.truncated, 3);
  });

  it('keeps refusal text, counts refusals apart from errors, and does not score them', async () => {
    fx.server.setFaults({ refusalRate: 1 });
    const r = await runCliChild(fx.runArgs('attrseek', 'fine', ['--limit', '2', '--no-cache']));
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /0 errors.*2 refusals \(kept, not scored\)/);
    assert.doesNotMatch(r.stderr, /errors by kind/);
    const runId = Number(/run (\d+) done/.exec(r.stdout)?.[1]);
    const rows = await withStore((s) => s.predictionsOfRun(runId));
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.equal(row.refusal, SIMULATED_REFUSAL);
      assert.equal(row.error, null);
      assert.equal(row.finerEm, null);
      assert.equal(row.answer, null);
    }
    assert.equal(fx.server.stats().requests, 2, 'turn 2 is not sent after a refused turn 1');
  });
});
