import assert from 'node:assert/strict';
import type { ChatMessage } from '../../../src/core/lvlm/chatMessages';
import { LvlmClient } from '../../../src/core/lvlm/lvlmClient';
import { validateEndpoint } from '../../../src/core/lvlm/lvlmEndpoint';
import { chatWithCache, InMemoryResponseCache, responseCacheKey } from '../../../src/core/lvlm/responseCache';
import type { SimulatedServerHandle } from '../../../src/core/simulator/simulatedLvlmServer';
import { makeTinyFixture, startTinySimulator, type TinyFixture } from './simulatorFixture';

describe('response cache', function () {
  // Real HTTP on a shared machine: no wall-clock limit (the client's own timeouts bound every call).
  this.timeout(0);
  let fixture: TinyFixture;
  let sim: SimulatedServerHandle;
  let messages: (imageIndex: number, text?: string) => ChatMessage[];

  before(async () => {
    fixture = await makeTinyFixture();
    sim = await startTinySimulator(fixture);
    messages = (i, text = 'What is the organism in this image?\nAnswer:') => [
      {
        role: 'user',
        content: [
          { type: 'image', image: fixture.images[i]! },
          { type: 'text', text },
        ],
      },
    ];
  });
  after(async () => {
    await sim.close();
    fixture.cleanup();
  });

  it('keys by server, model, parameters, prompt and image hash', () => {
    const base = {
      baseUrl: 'http://h/v1',
      model: 'm',
      params: { temperature: 0.2, maxTokens: 512 },
      messages: messages(0),
    };
    const key = responseCacheKey(base);
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.equal(responseCacheKey({ ...base, baseUrl: 'http://h/v1/' }), key, 'trailing slash is irrelevant');
    assert.equal(
      responseCacheKey({ ...base, params: { maxTokens: 512, temperature: 0.2 } }),
      key,
      'key order is irrelevant',
    );
    for (const changed of [
      { ...base, baseUrl: 'http://other/v1' },
      { ...base, model: 'm2' },
      { ...base, params: { temperature: 0.2, maxTokens: 256 } },
      { ...base, params: { temperature: 0.2, maxTokens: 512, seed: 1 } },
      { ...base, messages: messages(1) },
      { ...base, messages: messages(0, 'What bird?') },
    ]) {
      assert.notEqual(responseCacheKey(changed), key);
    }
  });

  it('answers a repeated request from the cache without calling the server', async () => {
    sim.resetStats();
    const client = new LvlmClient(validateEndpoint({ name: 's', baseUrl: sim.url, model: sim.model }));
    const cache = new InMemoryResponseCache();
    const first = await chatWithCache(client, cache, messages(2));
    const second = await chatWithCache(client, cache, messages(2));
    assert.equal(first.fromCache, false);
    assert.equal(second.fromCache, true);
    assert.equal(second.result.text, first.result.text);
    assert.equal(second.cacheKey, first.cacheKey);
    assert.equal(sim.stats().requests, 1);
    const other = await chatWithCache(client, cache, messages(2), { temperature: 0.7 });
    assert.equal(other.fromCache, false);
    assert.equal(sim.stats().requests, 2);
  });

  it('evicts the least recently used entry beyond its size', async () => {
    const cache = new InMemoryResponseCache(2);
    const r = { text: 't', usage: null, model: 'm', finishReason: 'stop' };
    await cache.set('a', r);
    await cache.set('b', r);
    await cache.get('a');
    await cache.set('c', r);
    assert.ok(await cache.get('a'));
    assert.equal(await cache.get('b'), undefined);
    assert.equal(cache.size, 2);
  });
});
