// An E2E session whose user settings point the endpoint "simulated" at a simulated LVLM
// started in this process, which recognises the bundled sample dataset's images.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importSampleDataset } from '../../../src/core/import/sampleDataset';
import { catalogFromStore } from '../../../src/core/runs/catalogFromStore';
import type { SimulatorCatalog, SimulatorClass } from '../../../src/core/simulator/simulatorCatalog';
import {
  startSimulatedLvlmServer,
  type SimulatedServerHandle,
} from '../../../src/core/simulator/simulatedLvlmServer';
import { FinerStore } from '../../../src/core/store/finerStore';
import { startE2ESession, type E2ESession } from './e2eSession';
import { findRepoRoot } from './repoPaths';

export interface SimulatedLvlmSessionOptions {
  /** Latency the simulator adds to every request. */
  latencyMs: number;
  /** More user settings besides the endpoint. */
  settings?: Record<string, unknown>;
  /** What ATTRSEEK turn 1 lists for each class (default: the simulator's own choice). */
  scriptedAttributes?: (cls: SimulatorClass) => string[];
}

export interface SimulatedLvlmSession {
  server: SimulatedServerHandle;
  session: E2ESession;
}

/** Starts the simulator, then a dark-themed session configured with it. */
export async function startSimulatedLvlmSession(
  options: SimulatedLvlmSessionOptions,
): Promise<SimulatedLvlmSession> {
  const catalog = await sampleDatasetCatalog(findRepoRoot());
  const script = options.scriptedAttributes;
  if (script) for (const cls of Object.values(catalog.classes)) cls.scriptedAttributes = script(cls);
  const server = await startSimulatedLvlmServer({
    catalog,
    host: '127.0.0.1',
    port: 0,
    seed: 11,
    faults: { latencyMs: options.latencyMs },
  });
  try {
    const session = await startE2ESession({
      theme: 'dark',
      settings: {
        ...options.settings,
        'finerLens.endpoints': [{ name: 'simulated', baseUrl: server.url, model: server.model }],
      },
    });
    return { server, session };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** The simulator's catalog of the bundled sample dataset, built from a scratch import. */
async function sampleDatasetCatalog(repoRoot: string): Promise<SimulatorCatalog> {
  const scratch = mkdtempSync(join(tmpdir(), 'finer-lens-e2e-catalog-'));
  const store = await FinerStore.open(join(scratch, 'finer.db'), {
    wasmPath: join(repoRoot, 'dist', 'sql-wasm.wasm'),
  });
  try {
    const { dataset } = await importSampleDataset(store, join(repoRoot, 'samples', 'sample-birds'));
    return (await catalogFromStore(store, [dataset])).catalog;
  } finally {
    await store.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Registers the suite's hooks for one simulated-LVLM session shared by its tests: started
 * before the first test, a screenshot after each failed one, stopped (with the simulator)
 * after the last. Call it inside `describe`; read `server` and `session` inside the tests.
 */
export function useSimulatedLvlmSession(
  options: SimulatedLvlmSessionOptions,
  cleanUp?: () => void | Promise<void>,
): SimulatedLvlmSession {
  let started: SimulatedLvlmSession | undefined;
  const get = (): SimulatedLvlmSession => {
    if (!started) throw new Error('the simulated LVLM session has not started (is this inside a test?)');
    return started;
  };
  before(async function () {
    started = await startSimulatedLvlmSession(options);
  });
  afterEach(async function () {
    await started?.session.screenshotOnFailure(this.currentTest);
  });
  after(async function () {
    await started?.session.stop();
    await started?.server.close();
    await cleanUp?.();
  });
  return {
    get server() {
      return get().server;
    },
    get session() {
      return get().session;
    },
  };
}
