import assert from 'node:assert/strict';
import { LvlmError } from '../../../src/core/lvlm/lvlmErrors';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  seededRandom,
  withRetries,
} from '../../../src/core/lvlm/retryPolicy';

const headers = (h: Record<string, string>): Headers => new Headers(h);

describe('parseRetryAfter', () => {
  it('reads seconds, fractional seconds, retry-after-ms and HTTP dates', () => {
    assert.equal(parseRetryAfter(headers({ 'retry-after': '3' })), 3000);
    assert.equal(parseRetryAfter(headers({ 'retry-after': '0.5' })), 500);
    assert.equal(
      parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '9' })),
      250,
      'ms header wins',
    );
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }), now), 7000);
    assert.equal(
      parseRetryAfter(headers({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }), now),
      0,
      'past date',
    );
  });
  it('ignores absent or garbage values', () => {
    assert.equal(parseRetryAfter(headers({})), undefined);
    assert.equal(parseRetryAfter(headers({ 'retry-after': 'soon' })), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });
});

describe('backoff', () => {
  it('is exponential, capped, jittered and reproducible for a seed', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    const a = [1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs({ ...policy, random: seededRandom(5) }, n));
    const b = [1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs({ ...policy, random: seededRandom(5) }, n));
    assert.deepEqual(a, b);
    a.forEach((d, i) => assert.ok(d >= 0 && d <= Math.min(1000, 100 * 2 ** i), `attempt ${i + 1}: ${d}`));
    const r = seededRandom(9);
    const spread = new Set(
      Array.from({ length: 20 }, () => Math.round(backoffDelayMs({ ...policy, random: r }, 4))),
    );
    assert.ok(spread.size > 10, 'jitter varies');
  });
  it('never waits less than the server advised', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, random: () => 0 };
    assert.equal(backoffDelayMs(policy, 1, 1234), 1234);
  });
});

describe('withRetries', () => {
  const fast = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1, maxDelayMs: 1, maxAttempts: 4 };
  it('retries retryable errors and stops at the first non-retryable one', async () => {
    let calls = 0;
    await assert.rejects(
      withRetries(fast, async () => {
        calls++;
        throw new LvlmError(calls < 2 ? 'busy' : 'bad key', calls < 2 ? 'server' : 'auth');
      }),
      (e: unknown) => e instanceof LvlmError && e.reason === 'auth' && e.details.attempts === 2,
    );
    assert.equal(calls, 2);
  });
  it('reports the attempt count on success', async () => {
    let calls = 0;
    const out = await withRetries(fast, async () => {
      if (++calls < 3) throw new LvlmError('reset', 'connection');
      return 'ok';
    });
    assert.deepEqual(out, { value: 'ok', attempts: 3 });
  });
});
