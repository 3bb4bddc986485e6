import assert from 'node:assert/strict';
import { EndpointConfigError, estimateCostUsd, validateEndpoint } from '../../../src/core/lvlm/lvlmEndpoint';

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof EndpointConfigError);
    return e.field;
  }
  assert.fail('expected an EndpointConfigError');
}

describe('validateEndpoint', () => {
  it('fills the FINER decoding defaults and trims the base URL', () => {
    const e = validateEndpoint({ name: 'local', baseUrl: 'http://localhost:11434/v1/', model: 'llava:7b' });
    assert.deepEqual(e, {
      name: 'local',
      baseUrl: 'http://localhost:11434/v1',
      model: 'llava:7b',
      kind: 'openai',
      defaults: { temperature: 0.2, maxTokens: 512 },
    });
  });
  it('keeps optional settings', () => {
    const e = validateEndpoint({
      name: 'az',
      kind: 'azure',
      baseUrl: 'https://res.openai.azure.com',
      model: 'gpt-4o',
      azureApiVersion: '2024-10-21',
      azureDeployment: 'vision',
      headers: { 'X-Team': 'lab' },
      defaults: { temperature: 0, maxTokens: 256, seed: 3 },
      pricing: { inputPerMTok: 2.5, outputPerMTok: 10 },
    });
    assert.equal(e.azureDeployment, 'vision');
    assert.deepEqual(e.defaults, { temperature: 0, maxTokens: 256, seed: 3 });
    assert.equal(estimateCostUsd(e, 1_000_000, 100_000), 3.5);
  });
  it('names the offending field', () => {
    const base = { name: 'x', baseUrl: 'http://h/v1', model: 'm' };
    assert.equal(
      fieldOf(() => validateEndpoint({ ...base, name: '' })),
      'name',
    );
    assert.equal(
      fieldOf(() => validateEndpoint({ ...base, baseUrl: 'ftp://h' })),
      'baseUrl',
    );
    assert.equal(
      fieldOf(() => validateEndpoint({ ...base, baseUrl: 'not a url' })),
      'baseUrl',
    );
    assert.equal(
      fieldOf(() => validateEndpoint({ ...base, model: 3 })),
      'model',
    );
    assert.equal(
      fieldOf(() => validateEndpoint({ ...base, kind: 'gemini' })),
      'kind',
    );
    assert.equal(
      fieldOf(() => validateEndpoint({ ...base, kind: 'azure' })),
      'azureApiVersion',
    );
    assert.equal(
      fieldOf(() => validateEndpoint({ ...base, defaults: { temperature: 5 } })),
      'defaults.temperature',
    );
    assert.equal(
      fieldOf(() => validateEndpoint({ ...base, defaults: { maxTokens: 1.5 } })),
      'defaults.maxTokens',
    );
    assert.equal(
      fieldOf(() => validateEndpoint({ ...base, headers: { A: 1 } })),
      'headers.A',
    );
    assert.equal(
      fieldOf(() => validateEndpoint({ ...base, headers: { Authorization: 'Bearer x' } })),
      'headers.Authorization',
    );
    assert.equal(
      fieldOf(() => validateEndpoint({ ...base, pricing: { inputPerMTok: 1 } })),
      'pricing.outputPerMTok',
    );
  });
});
