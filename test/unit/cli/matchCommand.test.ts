// `finer-lens match`: verdicts per generated attribute with score, match and reason; bad lines
// reported as file:line while the others are judged; --json; the embedding matcher through
// an endpoint (the simulated server) with its results cached in --db.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import {
  startSimulatedLvlmServer,
  type SimulatedServerHandle,
} from '../../../src/core/simulator/simulatedLvlmServer';
import { FinerStore } from '../../../src/core/store/finerStore';

interface Captured {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[]): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('finer-lens match', function () {
  this.timeout(20_000);
  let dir: string;
  let input: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'finer-match-'));
    input = join(dir, 'pairs.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({
          reference: ['yellow breast', 'white wing bars'],
          generated: ['spotted breast', 'white wingbars', 'two wings', 'orange legs'],
          domain: 'birds',
        }),
        '{"reference": ["x"], "generated": "not a list"}',
        'not json at all',
        JSON.stringify({
          reference: ['four engines under the wings'],
          generated: ['twin engines'],
          domain: 'aircraft',
        }),
        JSON.stringify({ reference: ['a'], generated: ['b'], domain: 'boats' }),
      ].join('\n'),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints verdict, score, match and reason per generated attribute; bad lines as file:line', async () => {
    const r = await cli(['match', '--input', input]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /line 1 \(bird\):/);
    assert.match(
      r.out,
      /contradicted +"spotted breast" 0\.35 ~ "yellow breast" - same part: breast; colour yellow vs pattern spotted/,
    );
    assert.match(r.out, /supported +"white wingbars" [01]\.\d\d ~ "white wing bars"/);
    assert.match(r.out, /generic +"two wings" - generic: nearly every bird has two wings/);
    assert.match(r.out, /unsupported +"orange legs"/);
    assert.match(r.out, /line 4 \(aircraft\):\n {2}contradicted +"twin engines" .*count 4 vs 2/);
    assert.match(r.err, new RegExp(`${input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: field "generated"`));
    assert.match(r.err, /pairs\.jsonl:3: not valid JSON/);
    assert.match(r.err, /pairs\.jsonl:5: field "domain"/);
  });

  it('--json carries the verdicts, the matcher of each, and the problems', async () => {
    const r = await cli(['match', '--input', input, '--matcher', 'token', '--json']);
    assert.equal(r.code, 0, r.err);
    const body = JSON.parse(r.out) as {
      matcher: string;
      cases: { line: number; generated: { text: string; verdict: string; matcherId: string }[] }[];
      problems: string[];
    };
    assert.equal(body.matcher, 'token-overlap');
    assert.deepEqual(
      body.cases.map((c) => c.line),
      [1, 4],
    );
    assert.ok(body.cases.every((c) => c.generated.every((g) => g.matcherId === 'token-overlap')));
    // The token matcher knows no contradiction: the shared word "breast" even passes as support.
    assert.equal(body.cases[0]?.generated[0]?.verdict, 'supported');
    assert.equal(body.problems.length, 3);
  });

  it('refuses an unknown matcher and a missing endpoint for embeddings', async () => {
    const unknown = await cli(['match', '--input', input, '--matcher', 'magic']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /--matcher must be one of structured, token, embedding, judge/);
    const noEndpoint = await cli(['match', '--input', input, '--matcher', 'embedding']);
    assert.equal(noEndpoint.code, 2);
    assert.match(noEndpoint.err, /missing required option --endpoint/);
  });

  describe('through an endpoint', () => {
    let server: SimulatedServerHandle;
    before(async () => {
      server = await startSimulatedLvlmServer({ catalog: { classes: {}, images: {}, superordinates: [] } });
    });
    after(async () => {
      await server.close();
    });

    it('embedding: counts requests and tokens, and a second run answers from the --db cache', async () => {
      const dbPath = join(dir, 'finer.db');
      await (await FinerStore.open(dbPath)).close();
      const args = ['match', '--input', input, '--matcher', 'embedding', '--endpoint', server.url];
      const first = await cli([...args, '--model', server.model, '--db', dbPath]);
      assert.equal(first.code, 0, first.err);
      assert.match(first.out, /supported +"white wingbars"|unsupported +"white wingbars"/);
      assert.match(
        first.out,
        /embedding: 2 request\(s\), \d+ prompt \+ 0 completion tokens, 0 from the cache/,
      );
      const second = await cli([...args, '--model', server.model, '--db', dbPath, '--json']);
      const body = JSON.parse(second.out) as { costs: { requests: number; cacheHits: number } };
      assert.equal(body.costs.requests, 0);
      assert.ok(body.costs.cacheHits >= 8, `cache hits: ${body.costs.cacheHits}`);
    });

    it('judge: verdicts from the endpoint, each marked as the judge’s', async () => {
      const r = await cli([
        'match',
        '--input',
        input,
        '--matcher',
        'judge',
        '--endpoint',
        server.url,
        '--model',
        server.model,
        '--json',
      ]);
      assert.equal(r.code, 0, r.err);
      const body = JSON.parse(r.out) as {
        cases: { generated: { verdict: string; reason: string; matcherId: string }[] }[];
        costs: { requests: number };
      };
      assert.deepEqual(
        body.cases[0]?.generated.map((g) => g.verdict),
        ['contradicted', 'supported', 'generic', 'unsupported'],
      );
      assert.ok(body.cases.flatMap((c) => c.generated).every((g) => g.matcherId === 'judge'));
      assert.equal(body.costs.requests, 2, 'one request per case');
    });
  });
});
