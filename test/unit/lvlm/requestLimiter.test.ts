import assert from 'node:assert/strict';
import type { ChatMessage } from '../../../src/core/lvlm/chatMessages';
import { LvlmClient } from '../../../src/core/lvlm/lvlmClient';
import { validateEndpoint } from '../../../src/core/lvlm/lvlmEndpoint';
import { LvlmError } from '../../../src/core/lvlm/lvlmErrors';
import { RequestLimiter } from '../../../src/core/lvlm/requestLimiter';
import type { SimulatedServerHandle } from '../../../src/core/simulator/simulatedLvlmServer';
import { makeTinyFixture, startTinySimulator, type TinyFixture } from './simulatorFixture';

describe('RequestLimiter with the client and the simulated server', function () {
  // Real HTTP on a shared machine: no wall-clock limit (the client's own timeouts bound every call).
  this.timeout(0);
  let fixture: TinyFixture;
  let sim: SimulatedServerHandle;
  const ask = (i: number): ChatMessage[] => [
    { role: 'user', content: `Reply with the single word: ready (${i})` },
  ];

  before(async () => {
    fixture = await makeTinyFixture();
    sim = await startTinySimulator(fixture);
  });
  after(async () => {
    await sim.close();
    fixture.cleanup();
  });
  beforeEach(() => sim.resetStats());

  it('never has more than N requests in flight (counted by the server)', async () => {
    sim.setFaults({ latencyMs: 30 });
    const limiter = new RequestLimiter({ concurrency: 3 });
    const client = new LvlmClient(validateEndpoint({ name: 's', baseUrl: sim.url, model: sim.model }), {
      limiter,
    });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => client.chat(ask(i))));
    assert.equal(results.length, 20);
    const stats = sim.stats();
    assert.equal(stats.requests, 20);
    assert.equal(stats.maxInFlight, 3);
  });

  it('spaces request starts to the requests-per-minute limit (server timestamps)', async () => {
    sim.setFaults({});
    const limiter = new RequestLimiter({ concurrency: 8, requestsPerMinute: 1200 }); // one per 50 ms
    const client = new LvlmClient(validateEndpoint({ name: 's', baseUrl: sim.url, model: sim.model }), {
      limiter,
    });
    await Promise.all(Array.from({ length: 6 }, (_, i) => client.chat(ask(i))));
    const times = sim
      .stats()
      .log.map((e) => e.receivedAt)
      .sort((a, b) => a - b);
    assert.equal(times.length, 6);
    const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
    // 6 starts with a burst of 1 need 5 refills of 50 ms each.
    assert.ok(span >= 5 * 50 - 10, `6 requests started within ${span} ms`);
  });

  it('counts retries against the limits too', async () => {
    sim.setFaults({ failFirst: 2, failFirstStatus: 500 });
    const limiter = new RequestLimiter({ concurrency: 1, requestsPerMinute: 1200 });
    const client = new LvlmClient(validateEndpoint({ name: 's', baseUrl: sim.url, model: sim.model }), {
      limiter,
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
    });
    await client.chat(ask(0));
    const times = sim.stats().log.map((e) => e.receivedAt);
    assert.equal(times.length, 3);
    assert.ok(
      (times[2] ?? 0) - (times[0] ?? 0) >= 2 * 50 - 10,
      JSON.stringify(times.map((t) => t - (times[0] ?? 0))),
    );
  });

  it('drops a queued task whose signal aborts, without running it', async () => {
    const limiter = new RequestLimiter({ concurrency: 1 });
    let release: () => void = () => undefined;
    const blocker = limiter.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    let ran = false;
    const queued = limiter.run(async () => {
      ran = true;
    }, controller.signal);
    assert.equal(limiter.queued, 1);
    controller.abort();
    await assert.rejects(queued, (e: unknown) => e instanceof LvlmError && e.reason === 'aborted');
    assert.equal(limiter.queued, 0);
    release();
    await blocker;
    assert.equal(ran, false);
    assert.equal(limiter.inFlight, 0);
  });

  it('passes task failures through and frees the slot', async () => {
    const limiter = new RequestLimiter({ concurrency: 1 });
    await assert.rejects(
      limiter.run(() => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await limiter.run(async () => 42), 42);
  });
});
