// Which sampling parameters a new run records: the request's, else the endpoint's defaults,
// else FINER's reference decoding (attribute generation keeps its 256-token budget).
import { strict as assert } from 'node:assert';
import { validateEndpoint } from '../../../src/core/lvlm/lvlmEndpoint';
import { createRunFromRequest } from '../../../src/core/runs/runSetup';
import { makeRunFixture, type RunFixture } from './runFixture';

describe('run parameters', function () {
  this.timeout(0);
  let fx: RunFixture;
  before(async () => {
    fx = await makeRunFixture();
  });
  after(async () => fx.cleanup());

  const endpointWith = (defaults: Record<string, unknown>) =>
    validateEndpoint({ name: 'sim', baseUrl: fx.endpoint.baseUrl, model: fx.endpoint.model, defaults });

  it('uses FINER reference decoding for an endpoint with default settings', () => {
    const run = createRunFromRequest(fx.store, {
      datasetId: fx.dataset.id,
      strategy: 'direct',
      level: 'fine',
      endpoint: endpointWith({}),
    });
    assert.deepEqual(run.params, { temperature: 0.2, maxTokens: 512 });
  });

  it("uses the endpoint's own defaults, and the request's values over them", () => {
    const endpoint = endpointWith({ temperature: 0.7, maxTokens: 300, seed: 5 });
    const fromEndpoint = createRunFromRequest(fx.store, {
      datasetId: fx.dataset.id,
      strategy: 'attrseek',
      level: 'fine',
      endpoint,
    });
    assert.deepEqual(fromEndpoint.params, { temperature: 0.7, maxTokens: 300, seed: 5 });
    const overridden = createRunFromRequest(fx.store, {
      datasetId: fx.dataset.id,
      strategy: 'direct',
      level: 'coarse',
      endpoint,
      temperature: 0,
      maxTokens: 64,
    });
    assert.deepEqual(overridden.params, { temperature: 0, maxTokens: 64, seed: 5 });
    assert.deepEqual(fx.store.getRun(overridden.id)?.params, overridden.params, 'stored with the run');
  });

  it('keeps the 256-token budget for attribute generation', () => {
    const run = createRunFromRequest(fx.store, {
      datasetId: fx.dataset.id,
      strategy: 'attribute-generation',
      level: 'fine',
      endpoint: endpointWith({ maxTokens: 1024 }),
    });
    assert.equal(run.params.maxTokens, 256);
  });
});
