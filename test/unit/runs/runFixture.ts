// A temp store with the bundled sample-birds dataset and a simulated LVLM that knows it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importSampleDataset } from '../../../src/core/import/sampleDataset';
import { LvlmClient } from '../../../src/core/lvlm/lvlmClient';
import type { LvlmEndpoint } from '../../../src/core/lvlm/lvlmEndpoint';
import type { Dataset } from '../../../src/core/model';
import { catalogFromStore } from '../../../src/core/runs/catalogFromStore';
import { RunEngine, type LvlmClientFactory } from '../../../src/core/runs/runEngine';
import {
  startSimulatedLvlmServer,
  type SimulatedServerHandle,
  type SimulatedServerOptions,
} from '../../../src/core/simulator/simulatedLvlmServer';
import type { SimulatorCatalog } from '../../../src/core/simulator/simulatorCatalog';
import { FinerStore } from '../../../src/core/store/finerStore';
import { SAMPLE_ROOT } from '../simulator/sampleBirdsFixture';

export interface RunFixture {
  dir: string;
  dbPath: string;
  store: FinerStore;
  dataset: Dataset;
  catalog: SimulatorCatalog;
  server: SimulatedServerHandle;
  endpoint: LvlmEndpoint;
  engine(options?: { apiKey?: string; timeoutMs?: number }): RunEngine;
  clientFactory(options?: { apiKey?: string; timeoutMs?: number }): LvlmClientFactory;
  cleanup(): Promise<void>;
}

export async function makeRunFixture(
  serverOptions: Partial<SimulatedServerOptions> = {},
): Promise<RunFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'finer-runs-'));
  const dbPath = join(dir, 'finer.db');
  const store = await FinerStore.open(dbPath);
  const { dataset } = await importSampleDataset(store, SAMPLE_ROOT);
  const { catalog } = await catalogFromStore(store, [dataset]);
  const server = await startSimulatedLvlmServer({ catalog, host: '127.0.0.1', seed: 11, ...serverOptions });
  const endpoint: LvlmEndpoint = {
    name: 'sim',
    baseUrl: server.url,
    model: server.model,
    kind: 'openai',
    defaults: { temperature: 0.2, maxTokens: 512 },
    pricing: { inputPerMTok: 1, outputPerMTok: 2 },
  };
  const clientFactory =
    (options: { apiKey?: string; timeoutMs?: number } = {}): LvlmClientFactory =>
    (e, limiter) =>
      new LvlmClient(e, {
        limiter,
        timeoutMs: options.timeoutMs ?? 10_000,
        retry: { baseDelayMs: 10, maxDelayMs: 200, maxAttempts: 4 },
        ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      });
  return {
    dir,
    dbPath,
    store,
    dataset,
    catalog,
    server,
    endpoint,
    clientFactory,
    engine: (options = {}) => new RunEngine({ store, createClient: clientFactory(options) }),
    cleanup: async () => {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
