// The simulator's wire format and admin endpoint, checked with plain fetch (no SDK in between).
import assert from 'node:assert/strict';
import {
  startSimulatedLvlmServer,
  type SimulatedServerHandle,
} from '../../../src/core/simulator/simulatedLvlmServer';
import { makeTinyFixture, type TinyFixture } from '../lvlm/simulatorFixture';

describe('simulated server over raw HTTP', function () {
  // Real HTTP on a shared machine: no wall-clock limit.
  this.timeout(0);
  let fixture: TinyFixture;
  let sim: SimulatedServerHandle;
  const post = (path: string, body: unknown): Promise<Response> =>
    fetch(`${sim.url.replace(/\/v1$/, '')}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const chatBody = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    model: sim.model,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: fixture.images[1]!.dataUrl } },
          { type: 'text', text: 'What is the name of the Warbler in this image?\nAnswer:' },
        ],
      },
    ],
    ...extra,
  });

  before(async () => {
    fixture = await makeTinyFixture();
    sim = await startSimulatedLvlmServer({ catalog: fixture.catalog, host: '127.0.0.1', seed: 2 });
  });
  after(async () => {
    await sim.close();
    fixture.cleanup();
  });
  beforeEach(() => {
    sim.setFaults({});
    sim.resetStats();
  });

  it('lists a model whose name says it is simulated', async () => {
    const res = await fetch(`${sim.url}/models`);
    const body = (await res.json()) as { object: string; data: Array<{ id: string }> };
    assert.equal(body.object, 'list');
    assert.match(body.data[0]!.id, /simulated/);
  });

  it('answers a chat completion with usage counting 576 tokens per image', async () => {
    const res = await post('/v1/chat/completions', chatBody());
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      object: string;
      choices: Array<{ message: { role: string; content: string }; finish_reason: string }>;
      usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    };
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.choices[0]!.message.role, 'assistant');
    assert.match(body.choices[0]!.message.content, /Warbler/);
    const textWords = 'What is the name of the Warbler in this image?\nAnswer:'.split(/\s+/).length;
    assert.equal(body.usage.prompt_tokens, Math.ceil(textWords * 1.3) + 576);
    assert.equal(body.usage.total_tokens, body.usage.prompt_tokens + body.usage.completion_tokens);
    assert.equal(sim.stats().log[0]?.level, 'fine');
  });

  it('streams server-sent events ending with [DONE], usage only when asked', async () => {
    const read = async (extra: Record<string, unknown>): Promise<string[]> => {
      const res = await post('/v1/chat/completions', chatBody(extra));
      assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
      return (await res.text()).split('\n\n').filter((e) => e !== '');
    };
    const events = await read({ stream: true, stream_options: { include_usage: true } });
    assert.equal(events.at(-1), 'data: [DONE]');
    const chunks = events.slice(0, -1).map(
      (e) =>
        JSON.parse(e.replace(/^data: /, '')) as {
          choices: Array<{ finish_reason: string | null }>;
          usage?: unknown;
        },
    );
    assert.ok(chunks.every((c) => c.choices.length <= 1));
    assert.ok(chunks.some((c) => c.choices[0]?.finish_reason === 'stop'));
    assert.ok(chunks.at(-1)!.usage, 'usage chunk last');
    const without = await read({ stream: true });
    assert.ok(without.every((e) => !e.includes('"usage"')));
  });

  it('returns OpenAI-style error bodies', async () => {
    const unknownModel = await post('/v1/chat/completions', chatBody({ model: 'gpt-nope' }));
    assert.equal(unknownModel.status, 404);
    const e1 = (await unknownModel.json()) as { error: { message: string; type: string; code: string } };
    assert.equal(e1.error.code, 'model_not_found');
    assert.equal(e1.error.type, 'invalid_request_error');
    const badJson = await post('/v1/chat/completions', '{not json');
    assert.equal(badJson.status, 400);
    assert.ok(((await badJson.json()) as { error: { message: string } }).error.message);
    const noMessages = await post('/v1/chat/completions', { model: sim.model, messages: [] });
    assert.equal(noMessages.status, 400);
    const unknownRoute = await fetch(`${sim.url}/embeddings`, { method: 'POST', body: '{}' });
    assert.equal(unknownRoute.status, 404);
  });

  it('changes faults at run time through POST /admin/faults', async () => {
    const set = await post('/admin/faults', { failFirst: 1, failFirstStatus: 503 });
    assert.equal(set.status, 200);
    assert.equal((await post('/v1/chat/completions', chatBody())).status, 503);
    assert.equal((await post('/v1/chat/completions', chatBody())).status, 200);
    const rejected = await post('/admin/faults', { serverErrorRate: 2 });
    assert.equal(rejected.status, 400);
    assert.match(
      ((await rejected.json()) as { error: { message: string } }).error.message,
      /serverErrorRate/,
    );
    const unknown = await post('/admin/faults', { explode: 1 });
    assert.equal(unknown.status, 400);
    const stats = (await (await fetch(`${sim.url.replace(/\/v1$/, '')}/admin/stats`)).json()) as {
      byStatus: Record<string, number>;
    };
    assert.deepEqual(stats.byStatus, { '503': 1, '200': 1 });
  });

  it('sends Retry-After with 429s, in seconds or as an HTTP date', async () => {
    sim.setFaults({ rateLimitRate: 1, retryAfterSeconds: 7 });
    const seconds = await post('/v1/chat/completions', chatBody());
    assert.equal(seconds.status, 429);
    assert.equal(seconds.headers.get('retry-after'), '7');
    sim.setFaults({ rateLimitRate: 1, retryAfterSeconds: 7, retryAfterAsDate: true });
    const dated = await post('/v1/chat/completions', chatBody());
    const when = Date.parse(dated.headers.get('retry-after') ?? '');
    assert.ok(when > Date.now() + 4000, 'a date in the future');
  });

  it('injects rate-based faults deterministically per request body and attempt', async () => {
    const outcomes = async (): Promise<number[]> => {
      sim.setFaults({ serverErrorRate: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await post('/v1/chat/completions', chatBody({ temperature: i / 10 }))).status);
      return statuses;
    };
    const first = await outcomes();
    const second = await outcomes();
    assert.deepEqual(second, first);
    assert.ok(first.includes(500) && first.includes(200), first.join(','));
  });

  it('applies a fixed latency before answering', async () => {
    sim.setFaults({ latencyMs: 120 });
    await post('/v1/chat/completions', chatBody());
    const entry = sim.stats().log[0]!;
    assert.ok(entry.finishedAt! - entry.receivedAt >= 119, `${entry.finishedAt! - entry.receivedAt} ms`);
  });
});
