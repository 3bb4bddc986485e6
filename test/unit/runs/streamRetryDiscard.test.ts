// A streamed attempt that is cut off mid-way and retried: the listener is told to discard what
// the failed attempt streamed, so the text it shows equals the final answer (never twice).
// Real HTTP against the simulated LVLM, its `truncateRate` fault cutting the first attempt.
import { strict as assert } from 'node:assert';
import { LvlmClient } from '../../../src/core/lvlm/lvlmClient';
import { makeRunFixture, type RunFixture } from './runFixture';

describe('streaming retries discard the failed attempt', function () {
  this.timeout(60_000);
  let fx: RunFixture;

  before(async () => {
    fx = await makeRunFixture();
  });
  after(async () => {
    await fx.cleanup();
  });
  afterEach(() => fx.server.setFaults({}));

  it('client: onDiscard comes before the retry streams, and the shown text equals the result', async () => {
    fx.server.setFaults({ truncateRate: 1 });
    const client = new LvlmClient(fx.endpoint, {
      retry: { baseDelayMs: 20, maxDelayMs: 50, maxAttempts: 3 },
    });
    let shown = '';
    let naive = '';
    let discards = 0;
    const result = await client.chat(
      [
        {
          role: 'user',
          content: [{ type: 'text', text: 'What is the name of the Bird in this image? Answer:' }],
        },
      ],
      { stream: true, maxTokens: 64 },
      {
        onDelta: (t) => {
          // The first attempt has streamed something: let the retry through.
          fx.server.setFaults({});
          shown += t;
          naive += t;
        },
        onDiscard: () => {
          discards++;
          shown = '';
        },
      },
    );
    assert.equal(result.attempts, 2);
    assert.equal(discards, 1);
    assert.equal(shown, result.text);
    assert.notEqual(naive, result.text, 'without the discard the cut attempt would be shown first');
    assert.ok(naive.startsWith('Answer:') && naive.endsWith(result.text));
  });

  it('single-sample run (the editor panel path): per turn, deltas minus discards equal the stored text', async () => {
    const sample = fx.store.samplesOfSlice(fx.dataset.id, { kind: 'dataset', limit: 1 })[0];
    assert.ok(sample);
    fx.server.setFaults({ truncateRate: 1 });
    const shown = new Map<string, string>();
    const discarded: string[] = [];
    const result = await fx.engine().runSingleSample({
      sampleId: sample.id,
      strategy: 'attrseek',
      level: 'fine',
      endpoint: fx.endpoint,
      onDelta: ({ level, turn, text }) => {
        fx.server.setFaults({});
        const key = `${level}:${turn}`;
        shown.set(key, (shown.get(key) ?? '') + text);
      },
      onDiscard: ({ level, turn }) => {
        discarded.push(`${level}:${turn}`);
        shown.set(`${level}:${turn}`, '');
      },
    });
    const row = result.results[0];
    assert.ok(row && row.error === null, row?.error ?? 'no row');
    assert.deepEqual(discarded, ['fine:1']);
    assert.equal(shown.get('fine:1'), row.turn1Raw);
    assert.equal(shown.get('fine:2'), row.rawResponse);
  });
});
