// Shared helpers of the integration tests: the activated extension's test API, the sample
// dataset with a simulated LVLM server for it, temp folders.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildSimulatorCatalog } from '../../src/core/simulator/simulatorCatalog';
import {
  startSimulatedLvlmServer,
  type SimulatedServerHandle,
} from '../../src/core/simulator/simulatedLvlmServer';
import type { RunOutcome } from '../../src/core/runs/runEngine';
import type { FinerStore } from '../../src/core/store/finerStore';
import type { DatasetTreeNode } from '../../src/extension/datasets/datasetTree';
import type { FinerLensTestApi } from '../../src/extension/extension';
import type { SampleDatasetResult } from '../../src/extension/datasets/importCommands';

export const EXTENSION_ID = 'finer-lens.finer-lens';

export async function activateExtension(): Promise<FinerLensTestApi> {
  const extension = vscode.extensions.getExtension<FinerLensTestApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  return extension.activate();
}

export interface SimulatedSampleDataset {
  api: FinerLensTestApi;
  store: FinerStore;
  datasetId: number;
  /** Answers for the dataset's samples on 127.0.0.1 (the process boundary double); close it. */
  server: SimulatedServerHandle;
}

/** Activates the extension, opens the bundled sample dataset and starts a simulated LVLM for it. */
export async function openSampleDatasetWithSimulator(options: {
  seed: number;
  apiKey?: string;
}): Promise<SimulatedSampleDataset> {
  const api = await activateExtension();
  const opened = await vscode.commands.executeCommand<SampleDatasetResult | undefined>(
    'finerLens.openSampleDataset',
  );
  assert.ok(opened);
  const datasetId = opened.datasetId;
  const store = api.storeHost.current;
  assert.ok(store);
  const dataset = store.getDataset(datasetId);
  assert.ok(dataset);
  const samples = store.samplesOfSlice(datasetId, { kind: 'dataset' });
  const { catalog } = await buildSimulatorCatalog(samples, store.listConcepts(datasetId), dataset.rootDir);
  const server = await startSimulatedLvlmServer({
    catalog,
    host: '127.0.0.1',
    port: 0,
    seed: options.seed,
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
  });
  return { api, store, datasetId, server };
}

export function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return folder.uri.fsPath;
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `finer-lens-${prefix}-`));
}

/** Resolves once `condition` holds, checking after each event of `event` and every 50 ms. */
export async function until(
  condition: () => boolean,
  what: string,
  event?: vscode.Event<unknown>,
): Promise<void> {
  if (condition()) return;
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (!condition()) return;
      clearInterval(timer);
      sub?.dispose();
      resolve();
    };
    const timer = setInterval(check, 50);
    const sub = event?.(check);
  });
  if (!condition()) throw new Error(`never became true: ${what}`);
}

/** A node's TreeItem label as a plain string. */
export function labelOf(api: FinerLensTestApi, node: DatasetTreeNode): string {
  const label = api.tree.getTreeItem(node).label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

export function descriptionOf(api: FinerLensTestApi, node: DatasetTreeNode): string {
  const description = api.tree.getTreeItem(node).description;
  return typeof description === 'string' ? description : '';
}

/** Writes a JSON Lines manifest and returns its path. */
export function writeManifest(dir: string, name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Points the user setting `finerLens.endpoints` at the simulator, as one endpoint named `name`. */
export async function configureSimulatedEndpoint(
  name: string,
  server: SimulatedServerHandle,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await vscode.workspace
    .getConfiguration('finerLens')
    .update(
      'endpoints',
      [{ name, baseUrl: server.url, model: server.model, ...extra }],
      vscode.ConfigurationTarget.Global,
    );
}

/** Removes the endpoints a suite configured (the user setting goes back to its default). */
export async function clearConfiguredEndpoints(): Promise<void> {
  await vscode.workspace
    .getConfiguration('finerLens')
    .update('endpoints', undefined, vscode.ConfigurationTarget.Global);
}

/** A batch run through the real `finerLens.runModel` command; returns its run id. */
export async function runModelCommand(args: {
  datasetId: number;
  endpointName: string;
  strategy: string;
  level: string;
  name: string;
}): Promise<number> {
  const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('finerLens.runModel', args);
  assert.ok(outcome, `the ${args.strategy} run "${args.name}" finished`);
  return outcome.runId;
}

/** The ids of the samples a run answered wrongly at `level`, checked to be at least `atLeast`. */
export function misclassifiedSampleIds(
  store: FinerStore,
  datasetId: number,
  runId: number,
  level: 'superordinate' | 'coarse' | 'fine',
  atLeast = 3,
): number[] {
  const ids = store.reviewSliceSampleIds({
    datasetId,
    conditions: [{ kind: 'misclassified', runId, level }],
  });
  assert.ok(ids.length >= atLeast, `the simulated run got ${ids.length} ${level} answers wrong`);
  return ids;
}
