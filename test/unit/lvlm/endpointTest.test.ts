import assert from 'node:assert/strict';
import { testEndpoint } from '../../../src/core/lvlm/endpointTest';
import { LvlmClient } from '../../../src/core/lvlm/lvlmClient';
import { validateEndpoint } from '../../../src/core/lvlm/lvlmEndpoint';
import type { SimulatedServerHandle } from '../../../src/core/simulator/simulatedLvlmServer';
import { makeTinyFixture, startTinySimulator, type TinyFixture } from './simulatorFixture';

describe('testEndpoint reports what works and what failed, as data', function () {
  // Real HTTP on a shared machine: no wall-clock limit (the client's own timeouts bound every call).
  this.timeout(0);
  let fixture: TinyFixture;
  let sim: SimulatedServerHandle;
  const client = (baseUrl: string, model: string, timeoutMs = 5000): LvlmClient =>
    new LvlmClient(validateEndpoint({ name: 'probe', baseUrl, model }), {
      timeoutMs,
      retry: { maxAttempts: 1 },
    });

  before(async () => {
    fixture = await makeTinyFixture();
    sim = await startTinySimulator(fixture);
  });
  after(async () => {
    await sim.close();
    fixture.cleanup();
  });
  beforeEach(() => sim.setFaults({}));

  it('a working endpoint: models listed, tiny request answered, latencies measured', async () => {
    // The simulator holds every request 80 ms: a latency of 0 (never measured) cannot pass.
    sim.setFaults({ latencyMs: 80 });
    const report = await testEndpoint(client(sim.url, sim.model));
    assert.equal(report.ok, true);
    assert.equal(report.models.modelListed, true);
    assert.equal(report.chat.ok, true);
    assert.equal(report.chat.model, sim.model);
    assert.ok(report.chat.latencyMs >= 75, `chat latency ${report.chat.latencyMs} ms`);
  });

  it('a wrong model name: listed = false, chat fails with not-found', async () => {
    const report = await testEndpoint(client(sim.url, 'llava-typo'));
    assert.equal(report.ok, false);
    assert.equal(report.models.ok, true);
    assert.equal(report.models.modelListed, false);
    assert.equal(report.chat.reason, 'not-found');
  });

  it('nothing listening: connection-refused', async () => {
    const gone = await startTinySimulator(fixture);
    await gone.close();
    const report = await testEndpoint(client(gone.url, gone.model));
    assert.equal(report.ok, false);
    assert.equal(report.models.reason, 'connection-refused');
    assert.equal(report.chat.reason, 'connection-refused');
  });

  it('a host that does not resolve: dns', async () => {
    const report = await testEndpoint(client('http://finer-lens-no-such-host.invalid/v1', 'm'));
    assert.equal(report.chat.reason, 'dns');
    assert.match(report.chat.message ?? '', /could not be resolved/);
  });

  it('a server that never answers: timeout', async () => {
    sim.setFaults({ hangRate: 1 });
    const report = await testEndpoint(client(sim.url, sim.model, 200));
    assert.equal(report.models.ok, true, '/models is not affected by chat faults');
    assert.equal(report.chat.reason, 'timeout');
  });
});
