// Builds the simulated LVLM's catalog from a dataset in the store (for `simulate-server`, the
// tests and the benchmark), so the simulator recognises that dataset's images by hash.
import { FinerLensError } from '../errors';
import type { Dataset } from '../model';
import {
  buildSimulatorCatalog,
  type CatalogBuildIssue,
  type SimulatorCatalog,
} from '../simulator/simulatorCatalog';
import type { RunStore } from './runStore';

export async function catalogFromStore(
  store: RunStore,
  datasets: readonly Dataset[],
): Promise<{ catalog: SimulatorCatalog; issues: CatalogBuildIssue[] }> {
  if (datasets.length === 0) throw new FinerLensError('There is no dataset to simulate a model for.');
  const merged: SimulatorCatalog = { classes: {}, images: {}, superordinates: [] };
  const issues: CatalogBuildIssue[] = [];
  for (const dataset of datasets) {
    const samples = store.samplesOfSlice(dataset.id, { kind: 'dataset' });
    const built = await buildSimulatorCatalog(samples, store.listConcepts(dataset.id), dataset.rootDir);
    Object.assign(merged.classes, built.catalog.classes);
    Object.assign(merged.images, built.catalog.images);
    merged.superordinates = [...new Set([...merged.superordinates, ...built.catalog.superordinates])].sort();
    issues.push(...built.issues);
  }
  return { catalog: merged, issues };
}
