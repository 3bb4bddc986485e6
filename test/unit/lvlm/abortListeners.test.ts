// A run's AbortSignal is shared by every request of the run: queued, in flight and backing off.
// The listeners they add must not grow with the number of requests, and must all be gone after.
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import type { ChatMessage } from '../../../src/core/lvlm/chatMessages';
import { LvlmClient } from '../../../src/core/lvlm/lvlmClient';
import { validateEndpoint } from '../../../src/core/lvlm/lvlmEndpoint';
import { RequestLimiter } from '../../../src/core/lvlm/requestLimiter';
import type { SimulatedServerHandle } from '../../../src/core/simulator/simulatedLvlmServer';
import { makeTinyFixture, startTinySimulator, type TinyFixture } from './simulatorFixture';

const abortListeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

describe('AbortSignal listeners of a run', function () {
  this.timeout(0);
  let fixture: TinyFixture;
  let sim: SimulatedServerHandle;
  const question: ChatMessage[] = [{ role: 'user', content: 'Hello?' }];

  before(async () => {
    fixture = await makeTinyFixture();
    sim = await startTinySimulator(fixture);
  });
  after(async () => {
    await sim.close();
    fixture.cleanup();
  });

  it('the limiter adds one listener for any number of queued tasks, and removes it', async () => {
    const controller = new AbortController();
    const limiter = new RequestLimiter({ concurrency: 2 });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const tasks = Array.from({ length: 40 }, () => limiter.run(() => gate, controller.signal));
    assert.equal(limiter.queued, 38);
    assert.ok(abortListeners(controller.signal) <= 1, `${abortListeners(controller.signal)} listeners`);
    release();
    await Promise.all(tasks);
    assert.equal(abortListeners(controller.signal), 0);
  });

  it('aborting still rejects every queued task', async () => {
    const controller = new AbortController();
    const limiter = new RequestLimiter({ concurrency: 1 });
    const running = limiter.run(() => new Promise<void>(() => {}), controller.signal);
    const queued = Array.from({ length: 5 }, () => limiter.run(async () => 1, controller.signal));
    controller.abort();
    const results = await Promise.allSettled(queued);
    assert.ok(results.every((r) => r.status === 'rejected'));
    assert.equal(limiter.queued, 0);
    assert.equal(abortListeners(controller.signal), 0);
    void running;
  });

  it('32 concurrent chats (16 in flight, some retrying) keep at most a few listeners, none after', async () => {
    sim.setFaults({ latencyMs: 20, serverErrorRate: 0.3 });
    try {
      const controller = new AbortController();
      const limiter = new RequestLimiter({ concurrency: 16 });
      const endpoint = validateEndpoint({ name: 'sim', baseUrl: sim.url, model: sim.model });
      const client = new LvlmClient(endpoint, {
        limiter,
        timeoutMs: 5_000,
        retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 6 },
      });
      let most = 0;
      const sampler = setInterval(() => (most = Math.max(most, abortListeners(controller.signal))), 2);
      const chats = Array.from({ length: 32 }, (_, i) =>
        client.chat(question, { temperature: i / 100 }, { signal: controller.signal }),
      );
      await Promise.allSettled(chats);
      clearInterval(sampler);
      assert.ok(most >= 1 && most <= 3, `at most ${most} listeners at once`);
      assert.equal(abortListeners(controller.signal), 0);
    } finally {
      sim.setFaults({});
    }
  });
});
