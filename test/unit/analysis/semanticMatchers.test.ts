// The embedding and LLM-judge matchers against the simulated server over real HTTP (openai SDK
// and our client run for real): verdicts, the cache in the store (second pass sends nothing),
// costs, and which matcher decided.
import assert from 'node:assert/strict';
import { alignAttributesAsync } from '../../../src/core/analysis/attributeAlignment';
import { EmbeddingMatcher, cosine } from '../../../src/core/analysis/semantic/embeddingMatcher';
import { JudgeMatcher } from '../../../src/core/analysis/semantic/judgeMatcher';
import { parseJudgeReply } from '../../../src/core/analysis/semantic/judgePrompt';
import { EmbeddingClient } from '../../../src/core/lvlm/embeddingClient';
import { LvlmClient } from '../../../src/core/lvlm/lvlmClient';
import { validateEndpoint } from '../../../src/core/lvlm/lvlmEndpoint';
import { LvlmError } from '../../../src/core/lvlm/lvlmErrors';
import {
  startSimulatedLvlmServer,
  type SimulatedServerHandle,
} from '../../../src/core/simulator/simulatedLvlmServer';
import { FinerStore } from '../../../src/core/store/finerStore';
import { makeTempDir } from '../store/storeTestKit';

const REFERENCE = { required: ['yellow breast', 'white wing bars'], likely: ['thin pointed beak'] };

describe('semantic matchers over HTTP (simulated server)', function () {
  this.timeout(20_000);
  let server: SimulatedServerHandle;
  let temp: ReturnType<typeof makeTempDir>;
  let store: FinerStore;

  before(async () => {
    server = await startSimulatedLvlmServer({ catalog: { classes: {}, images: {}, superordinates: [] } });
  });
  after(async () => {
    await server.close();
  });
  beforeEach(async () => {
    temp = makeTempDir();
    store = await FinerStore.open(temp.dbPath);
    server.resetStats();
  });
  afterEach(async () => {
    await store.close();
    temp.cleanup();
  });

  const embeddingRequests = (): number => server.stats().log.filter((e) => e.task === 'embeddings').length;

  const endpoint = (pricing?: { inputPerMTok: number; outputPerMTok: number }) =>
    validateEndpoint({
      name: 'sim',
      baseUrl: server.url,
      model: server.model,
      ...(pricing ? { pricing } : {}),
    });

  it('embeddings: same phrasing supports, unrelated phrasing does not; vectors cached in the store', async () => {
    const first = new EmbeddingMatcher({
      client: new EmbeddingClient(endpoint({ inputPerMTok: 2, outputPerMTok: 0 })),
      cache: store,
    });
    const a = await alignAttributesAsync(['white wing bars', 'orange legs'], REFERENCE, first, 'bird');
    assert.equal(a.matcherId, 'embedding');
    assert.equal(a.generated[0]?.status, 'supported');
    assert.equal(a.generated[0]?.best?.text, 'white wing bars');
    assert.match(a.generated[0]?.reason ?? '', /^cosine 1\.00 ≥ 0\.8/);
    assert.equal(a.generated[1]?.status, 'unsupported');
    assert.ok(a.generated.every((g) => g.matcherId === 'embedding'));
    assert.equal(first.costs.requests, 1, 'one request for the four distinct texts');
    assert.ok(first.costs.promptTokens >= 10, `tokens counted: ${first.costs.promptTokens}`);
    assert.ok((first.costs.costUsd ?? 0) > 0, 'cost from the endpoint prices');
    assert.equal(embeddingRequests(), 1);

    const second = new EmbeddingMatcher({ client: new EmbeddingClient(endpoint()), cache: store });
    const again = await alignAttributesAsync(['white wing bars', 'orange legs'], REFERENCE, second, 'bird');
    assert.deepEqual(
      again.generated.map((g) => g.status),
      a.generated.map((g) => g.status),
    );
    assert.equal(second.costs.requests, 0, 'everything came from the cache');
    assert.equal(second.costs.cacheHits, 4);
    assert.equal(embeddingRequests(), 1, 'no second request reached the server');
  });

  it('embeddings: the threshold is a setting', async () => {
    const v = await new EmbeddingMatcher({ client: new EmbeddingClient(endpoint()) }).vectorsFor([
      'yellow breast',
      'yellow belly',
    ]);
    const c = cosine(v.get('yellow breast') ?? [], v.get('yellow belly') ?? []);
    assert.ok(c > 0 && c < 1, `partial overlap gives a cosine between 0 and 1: ${c}`);
    const loose = new EmbeddingMatcher({
      client: new EmbeddingClient(endpoint()),
      supportThreshold: c - 0.01,
    });
    const strict = new EmbeddingMatcher({
      client: new EmbeddingClient(endpoint()),
      supportThreshold: c + 0.01,
    });
    const ref = { required: ['yellow breast'], likely: [] };
    assert.equal(
      (await alignAttributesAsync(['yellow belly'], ref, loose)).generated[0]?.status,
      'supported',
    );
    assert.equal(
      (await alignAttributesAsync(['yellow belly'], ref, strict)).generated[0]?.status,
      'unsupported',
    );
  });

  it('judge: a JSON verdict per pair (contradicted, supported, generic), cached per pair', async () => {
    const judge = new JudgeMatcher({ client: new LvlmClient(endpoint()), cache: store });
    const a = await alignAttributesAsync(
      ['spotted breast', 'white wingbars', 'two wings', 'orange legs'],
      REFERENCE,
      judge,
      'bird',
    );
    assert.deepEqual(
      a.generated.map((g) => g.status),
      ['contradicted', 'supported', 'generic', 'unsupported'],
    );
    assert.match(a.generated[0]?.reason ?? '', /^judge: same part: breast/);
    assert.ok(a.generated.every((g) => g.matcherId === 'judge'));
    assert.equal(a.reference[0]?.status, 'contradicted');
    assert.equal(judge.costs.requests, 1, '12 pairs in one request');
    assert.ok(judge.costs.promptTokens > 0 && judge.costs.completionTokens > 0);

    const again = new JudgeMatcher({ client: new LvlmClient(endpoint()), cache: store });
    const b = await alignAttributesAsync(['spotted breast', 'white wingbars'], REFERENCE, again, 'bird');
    assert.deepEqual(
      b.generated.map((g) => g.status),
      ['contradicted', 'supported'],
    );
    assert.equal(again.costs.requests, 0);
    assert.equal(again.costs.cacheHits, 6);
  });

  it('embeddings: a model the server does not serve is a not-found error naming it', async () => {
    const client = new EmbeddingClient(
      validateEndpoint({ name: 'sim', baseUrl: server.url, model: 'no-such-model' }),
      {
        retry: { maxAttempts: 1 },
      },
    );
    await assert.rejects(client.embed(['white wing bars']), (e: unknown) => {
      assert.ok(e instanceof LvlmError, String(e));
      assert.equal(e.reason, 'not-found');
      assert.match(e.message, /no-such-model/);
      return true;
    });
  });

  it('judge: reads fenced JSON replies and refuses replies without verdicts', () => {
    assert.throws(() => parseJudgeReply('I think they match.'), /no JSON object/);
    assert.throws(() => parseJudgeReply('{"answer": 1}'), /no "verdicts" list/);
    assert.deepEqual(
      parseJudgeReply('```json\n{"verdicts":[{"id":3,"relation":"supports","reason":"ok"},{"id":"x"}]}\n```'),
      [{ id: 3, relation: 'supports', reason: 'ok' }],
    );
  });
});
