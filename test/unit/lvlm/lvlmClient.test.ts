import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import type { ChatMessage } from '../../../src/core/lvlm/chatMessages';
import { LvlmClient, type LvlmClientOptions } from '../../../src/core/lvlm/lvlmClient';
import { validateEndpoint } from '../../../src/core/lvlm/lvlmEndpoint';
import { LvlmError } from '../../../src/core/lvlm/lvlmErrors';
import type { SimulatedServerHandle } from '../../../src/core/simulator/simulatedLvlmServer';
import { makeTinyFixture, startTinySimulator, type TinyFixture } from './simulatorFixture';

function clientFor(
  sim: SimulatedServerHandle,
  options: LvlmClientOptions = {},
  extra: Record<string, unknown> = {},
): LvlmClient {
  const endpoint = validateEndpoint({ name: 'sim', baseUrl: sim.url, model: sim.model, ...extra });
  return new LvlmClient(endpoint, {
    timeoutMs: 5_000,
    ...options,
    retry: { baseDelayMs: 1, maxDelayMs: 5, ...options.retry },
  });
}

async function rejection(p: Promise<unknown>): Promise<LvlmError> {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof LvlmError, `expected LvlmError, got ${inspect(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('LvlmClient against the simulated server (real openai SDK over HTTP)', function () {
  // Real HTTP on a shared machine: no wall-clock limit (the client's own timeouts bound every call).
  this.timeout(0);
  let fixture: TinyFixture;
  let sim: SimulatedServerHandle;
  let question: ChatMessage[];

  before(async () => {
    fixture = await makeTinyFixture();
    sim = await startTinySimulator(fixture);
    const image = fixture.images[0];
    assert.ok(image);
    question = [
      {
        role: 'user',
        content: [
          { type: 'image', image },
          {
            type: 'text',
            text: 'What is the organism in this image? Answer with one of: Bird, Mammal, Fish.\nAnswer:',
          },
        ],
      },
    ];
  });
  after(async () => {
    await sim.close();
    fixture.cleanup();
  });
  beforeEach(() => {
    sim.setFaults({});
    sim.resetStats();
  });

  it('returns text, usage, model and finish reason without streaming', async () => {
    // The server holds the request 60 ms, so a latency that was never measured cannot pass.
    sim.setFaults({ latencyMs: 60 });
    const result = await clientFor(sim).chat(question);
    assert.match(result.text, /Bird/);
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.model, sim.model);
    assert.equal(result.attempts, 1);
    assert.ok(result.usage && result.usage.input >= 576, 'image tokens counted');
    assert.ok(result.usage.output > 0);
    assert.ok(result.latencyMs >= 55, `latency ${result.latencyMs} ms`);
  });

  it('streams deltas that add up to the final text, with usage', async () => {
    const deltas: string[] = [];
    const streamed = await clientFor(sim).chat(
      question,
      { stream: true },
      { onDelta: (d) => deltas.push(d) },
    );
    const plain = await clientFor(sim).chat(question);
    assert.ok(deltas.length >= 2, 'several chunks');
    assert.equal(deltas.join(''), streamed.text);
    assert.equal(streamed.text, plain.text);
    assert.equal(streamed.finishReason, 'stop');
    assert.deepEqual(streamed.usage, plain.usage);
  });

  it('tolerates a server that ignores stream_options: usage is null', async () => {
    const plain = await startTinySimulator(fixture, { ignoreStreamOptions: true });
    try {
      const result = await clientFor(plain).chat(question, { stream: true });
      assert.match(result.text, /Bird/);
      assert.equal(result.usage, null);
    } finally {
      await plain.close();
    }
  });

  it('reports finish_reason "length" when max tokens cut the answer', async () => {
    const result = await clientFor(sim).chat(question, { maxTokens: 1 });
    assert.equal(result.finishReason, 'length');
  });

  it('honours Retry-After on 429 before retrying (measured on the server)', async () => {
    sim.setFaults({ failFirst: 1, failFirstStatus: 429, retryAfterSeconds: 1 });
    const retries: number[] = [];
    const result = await clientFor(sim, { onRetry: (e) => retries.push(e.delayMs) }).chat(question);
    assert.equal(result.attempts, 2);
    const log = sim.stats().log;
    assert.equal(log.length, 2);
    assert.equal(log[0]?.status, 429);
    assert.equal(log[1]?.status, 200);
    const waited = (log[1]?.receivedAt ?? 0) - (log[0]?.finishedAt ?? Infinity);
    assert.ok(waited >= 1000 - 2, `waited ${waited} ms, advised 1000 ms`);
    assert.ok((retries[0] ?? 0) >= 1000);
  });

  it('retries 500s and succeeds', async () => {
    sim.setFaults({ failFirst: 2, failFirstStatus: 500 });
    const result = await clientFor(sim).chat(question);
    assert.equal(result.attempts, 3);
    assert.deepEqual(sim.stats().byStatus, { '500': 2, '200': 1 });
  });

  it('gives up after maxAttempts with a typed server error', async () => {
    sim.setFaults({ serverErrorRate: 1 });
    const error = await rejection(clientFor(sim, { retry: { maxAttempts: 3 } }).chat(question));
    assert.equal(error.reason, 'server');
    assert.equal(error.details.status, 500);
    assert.equal(error.details.attempts, 3);
    assert.equal(sim.stats().requests, 3);
  });

  it('retries a malformed JSON body per the policy, then reports malformed-response', async () => {
    sim.setFaults({ malformedJsonRate: 1 });
    const error = await rejection(clientFor(sim, { retry: { maxAttempts: 3 } }).chat(question));
    assert.equal(error.reason, 'malformed-response');
    assert.equal(error.details.attempts, 3);
    assert.equal(sim.stats().requests, 3);
  });

  it('retries a malformed streamed event like a malformed body', async () => {
    sim.setFaults({ malformedJsonRate: 1 });
    const error = await rejection(
      clientFor(sim, { retry: { maxAttempts: 2 } }).chat(question, { stream: true }),
    );
    assert.equal(error.reason, 'malformed-response');
    assert.equal(sim.stats().requests, 2);
  });

  it('times out a hanging request, retries it, then fails with a timeout error', async () => {
    sim.setFaults({ hangRate: 1 });
    const error = await rejection(
      clientFor(sim, { timeoutMs: 150, retry: { maxAttempts: 2 } }).chat(question),
    );
    assert.equal(error.reason, 'timeout');
    assert.equal(error.details.attempts, 2);
    assert.equal(sim.stats().requests, 2);
  });

  it('treats a truncated stream as interrupted and retries it', async () => {
    sim.setFaults({ truncateRate: 1 });
    const error = await rejection(
      clientFor(sim, { retry: { maxAttempts: 2 } }).chat(question, { stream: true }),
    );
    assert.equal(error.reason, 'stream-interrupted');
    assert.equal(sim.stats().requests, 2);
  });

  it('recovers when only the first stream is cut off', async () => {
    sim.setFaults({ truncateRate: 0.5 });
    // Draws are per (body, attempt), so some attempt soon gets through; at most 10 tries.
    const result = await clientFor(sim, { retry: { maxAttempts: 10 } }).chat(question, { stream: true });
    assert.equal(result.finishReason, 'stop');
    const log = sim.stats().log;
    assert.equal(log.length, result.attempts);
    assert.ok(
      log.slice(0, -1).every((e) => e.fault === 'truncate'),
      'earlier attempts were the cut-off ones',
    );
  });

  it('treats a truncated non-streaming body as a retryable failure', async () => {
    sim.setFaults({ truncateRate: 1 });
    const error = await rejection(clientFor(sim, { retry: { maxAttempts: 2 } }).chat(question));
    assert.ok(error.retryable, `reason ${error.reason}`);
    assert.ok(error.reason === 'stream-interrupted' || error.reason === 'connection', error.reason);
    assert.equal(sim.stats().requests, 2);
  });

  it('cancels an in-flight request via AbortSignal', async () => {
    sim.setFaults({ hangRate: 1 });
    const controller = new AbortController();
    const pending = clientFor(sim, { timeoutMs: 60_000 }).chat(question, {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(pending);
    assert.equal(error.reason, 'aborted');
    assert.equal(sim.stats().requests, 1, 'not retried');
  });

  it('cancels during the backoff wait', async () => {
    sim.setFaults({ failFirst: 1, failFirstStatus: 429, retryAfterSeconds: 30 });
    const controller = new AbortController();
    const pending = clientFor(sim, { onRetry: () => controller.abort() }).chat(
      question,
      {},
      { signal: controller.signal },
    );
    const error = await rejection(pending);
    assert.equal(error.reason, 'aborted');
    assert.equal(sim.stats().requests, 1);
  });

  it('fails a 429 at once when the advised wait exceeds the policy limit', async () => {
    sim.setFaults({ rateLimitRate: 1, retryAfterSeconds: 600 });
    const error = await rejection(clientFor(sim, { retry: { maxRetryAfterMs: 1000 } }).chat(question));
    assert.equal(error.reason, 'rate-limited');
    assert.equal(error.details.retryAfterMs, 600_000);
    assert.equal(sim.stats().requests, 1);
  });

  it('reports an unknown model as not-found', async () => {
    const error = await rejection(clientFor(sim, {}, { model: 'no-such-model' }).chat(question));
    assert.equal(error.reason, 'not-found');
    assert.match(error.message, /no-such-model/);
  });

  it('lists the models', async () => {
    assert.deepEqual(await clientFor(sim).listModels(), [sim.model]);
  });

  it('talks to an Azure-style deployment path', async () => {
    const azure = clientFor(
      sim,
      {},
      { kind: 'azure', azureApiVersion: '2024-10-21', azureDeployment: sim.model },
    );
    const result = await azure.chat(question);
    assert.match(result.text, /Bird/);
    assert.match(
      sim.stats().log[0]?.path ?? '',
      /\/openai\/deployments\/finer-simulated-lvlm-1\/chat\/completions$/,
    );
  });
});

describe('LvlmClient keeps the API key out of errors', function () {
  // Real HTTP on a shared machine: no wall-clock limit (the client's own timeouts bound every call).
  this.timeout(0);
  const KEY = 'sk-test-SECRET-0123456789abcdef';
  let fixture: TinyFixture;
  let sim: SimulatedServerHandle;

  before(async () => {
    fixture = await makeTinyFixture();
    sim = await startTinySimulator(fixture, { apiKey: 'sk-the-right-key-000000' });
  });
  after(async () => {
    await sim.close();
    fixture.cleanup();
  });

  function assertNoKey(error: LvlmError): void {
    for (const text of [
      error.message,
      String(error),
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
      error.stack ?? '',
    ]) {
      assert.ok(!text.includes(KEY), `key leaked in: ${text}`);
      assert.ok(!text.includes('SECRET-0123'), `part of the key leaked in: ${text}`);
    }
  }

  it('401 whose body echoes the key: reason auth, key redacted', async () => {
    const client = new LvlmClient(validateEndpoint({ name: 's', baseUrl: sim.url, model: sim.model }), {
      apiKey: KEY,
    });
    const error = await rejection(client.chat([{ role: 'user', content: 'hi' }]));
    assert.equal(error.reason, 'auth');
    assert.equal(error.details.status, 401);
    assertNoKey(error);
  });

  it('connection refused: reason connection-refused, key absent', async () => {
    const closed = await startTinySimulator(fixture);
    const url = closed.url;
    await closed.close();
    const client = new LvlmClient(validateEndpoint({ name: 's', baseUrl: url, model: 'm' }), {
      apiKey: KEY,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    const error = await rejection(client.chat([{ role: 'user', content: 'hi' }]));
    assert.equal(error.reason, 'connection-refused');
    assertNoKey(error);
  });

  it('accepts the right key', async () => {
    const client = new LvlmClient(validateEndpoint({ name: 's', baseUrl: sim.url, model: sim.model }), {
      apiKey: 'sk-the-right-key-000000',
    });
    const result = await client.chat([{ role: 'user', content: 'Reply with the single word: ready' }]);
    assert.match(result.text, /ready/i);
  });
});
