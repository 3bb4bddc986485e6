// `finer-lens simulate-server`: the simulated OpenAI-compatible LVLM for demos and tests, built
// from a dataset in the store. Runs on 127.0.0.1 until SIGINT / SIGTERM.
import { parseArgs } from 'node:util';
import { FinerLensError } from '../core/errors';
import { catalogFromStore } from '../core/runs/catalogFromStore';
import { startSimulatedLvlmServer } from '../core/simulator/simulatedLvlmServer';
import { printJson, requireOption, type CliIo } from './cliIo';
import { apiKeyFromEnv, numberOption, openExistingStore } from './runCliSupport';
import {
  describeFaults,
  faultConfigFromFlags,
  faultFlagOptions,
  faultFlagsUsage,
} from './simulatorFaultFlags';

export const simulateServerUsage = `finer-lens simulate-server --db PATH [--dataset NAME] [--port P] [--seed S]
    [--superordinate-accuracy x] [--coarse-accuracy x] [--fine-accuracy x] [--text-only-accuracy x]
    [--require-api-key-env VAR] [--json]
  fault injection (rates are fractions 0..1 of chat requests, drawn per request body and attempt):
${faultFlagsUsage}
  A SIMULATED model (its name contains "simulated") that recognises the dataset's images; for demos and tests.
  Faults can also be changed while it runs: POST /admin/faults with the settings as JSON (see docs/simulator.md).`;

export interface SimulateServerEnv {
  /** Stops the server (default: SIGINT / SIGTERM). */
  signal?: AbortSignal;
}

export async function runSimulateServerCommand(
  argv: string[],
  io: CliIo,
  env: SimulateServerEnv = {},
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      dataset: { type: 'string' },
      port: { type: 'string' },
      seed: { type: 'string' },
      'superordinate-accuracy': { type: 'string' },
      'coarse-accuracy': { type: 'string' },
      'fine-accuracy': { type: 'string' },
      'text-only-accuracy': { type: 'string' },
      'latency-ms': { type: 'string' },
      'require-api-key-env': { type: 'string' },
      ...faultFlagOptions(),
      json: { type: 'boolean', default: false },
    },
  });
  const store = await openExistingStore(requireOption(values, 'db'), { readOnly: true });
  let datasets;
  let catalog;
  try {
    datasets = store.listDatasets();
    if (values.dataset !== undefined) {
      datasets = datasets.filter((d) => d.name === values.dataset);
      if (datasets.length === 0)
        throw new FinerLensError(`no dataset named "${values.dataset}" in the database`);
    }
    ({ catalog } = await catalogFromStore(store, datasets));
  } finally {
    await store.close();
  }
  const accuracy: Record<string, number> = {};
  const acc = (flag: string, key: string): void => {
    const v = numberOption(values, flag, { min: 0, max: 1 });
    if (v !== undefined) accuracy[key] = v;
  };
  acc('superordinate-accuracy', 'superordinate');
  acc('coarse-accuracy', 'coarse');
  acc('fine-accuracy', 'fine');
  acc('text-only-accuracy', 'textOnlyFine');
  const faults = faultConfigFromFlags(values);
  const requiredKey = apiKeyFromEnv(values['require-api-key-env']);
  const server = await startSimulatedLvlmServer({
    catalog,
    host: '127.0.0.1',
    port: numberOption(values, 'port', { integer: true, min: 0, max: 65535 }) ?? 0,
    seed: numberOption(values, 'seed', { integer: true }) ?? 0,
    accuracy,
    faults,
    ...(requiredKey === undefined ? {} : { apiKey: requiredKey }),
  });
  const info = {
    url: server.url,
    model: server.model,
    port: server.port,
    datasets: datasets.map((d) => d.name),
    faults,
    simulated: true,
  };
  if (values.json) printJson(io, info);
  else
    io.out(
      `simulated LVLM (not a real model) at ${server.url}  model ${server.model}  datasets ${info.datasets.join(', ')}` +
        `  faults ${describeFaults(faults)}`,
    );
  await new Promise<void>((done) => {
    if (env.signal) {
      env.signal.addEventListener('abort', () => done(), { once: true });
      return;
    }
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await server.close();
  return 0;
}
