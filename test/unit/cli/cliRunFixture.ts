// A temp database with the bundled sample-birds dataset and a simulated LVLM over real HTTP,
// for tests that run dist/cli.js as a child process; plus the `finer-lens run` arguments.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importSampleDataset } from '../../../src/core/import/sampleDataset';
import { catalogFromStore } from '../../../src/core/runs/catalogFromStore';
import {
  startSimulatedLvlmServer,
  type SimulatedServerHandle,
  type SimulatedServerOptions,
} from '../../../src/core/simulator/simulatedLvlmServer';
import type { SimulatorCatalog } from '../../../src/core/simulator/simulatorCatalog';
import { FinerStore } from '../../../src/core/store/finerStore';
import { SAMPLE_ROOT } from '../simulator/sampleBirdsFixture';

export interface CliRunFixture {
  dir: string;
  db: string;
  catalog: SimulatorCatalog;
  server: SimulatedServerHandle;
  /** `finer-lens run` over sample-birds against the simulator, then `extra`. */
  runArgs(strategy: string, level: string, extra?: string[]): string[];
  cleanup(): Promise<void>;
}

export async function makeCliRunFixture(
  serverOptions: Partial<SimulatedServerOptions> = {},
): Promise<CliRunFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'finer-cli-'));
  const db = join(dir, 'finer.db');
  const store = await FinerStore.open(db);
  const { dataset } = await importSampleDataset(store, SAMPLE_ROOT);
  const { catalog } = await catalogFromStore(store, [dataset]);
  await store.close();
  const server = await startSimulatedLvlmServer({ catalog, host: '127.0.0.1', seed: 5, ...serverOptions });
  return {
    dir,
    db,
    catalog,
    server,
    runArgs: (strategy, level, extra = []) => [
      'run',
      '--db',
      db,
      '--dataset',
      'sample-birds',
      '--strategy',
      strategy,
      '--level',
      level,
      '--endpoint',
      server.url,
      '--model',
      server.model,
      ...extra,
    ],
    cleanup: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
