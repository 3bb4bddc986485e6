// The bundled synthetic sample dataset (samples/sample-birds): imported once, by name.
import { join } from 'node:path';
import { StoreError } from '../errors';
import type { Dataset } from '../model';
import type { FinerStore } from '../store/finerStore';
import { importFinerDataset } from './finerImporter';
import type { ImportResult } from './importRun';

export const SAMPLE_DATASET_NAME = 'sample-birds';
export const SAMPLE_UNIFIED_FILE = 'unified-sample-birds-test-combined.jsonl';
export const SAMPLE_ATTRIBUTES_FILE = 'parsed-sample-birds-reference-wiki-text-combined.json';

export type SampleDatasetStore = Pick<FinerStore, 'importDataset' | 'findDatasetByName' | 'getDataset'>;

export interface SampleDatasetImport {
  datasetId: number;
  dataset: Dataset;
  /** True when the sample dataset was already in the store and was reused. */
  existing: boolean;
  /** The import summary; absent when the dataset already existed. */
  summary?: ImportResult;
}

/** Imports `sampleDir` (the folder holding the sample files) as "sample-birds", unless already there. */
export async function importSampleDataset(
  store: SampleDatasetStore,
  sampleDir: string,
): Promise<SampleDatasetImport> {
  const existing = store.findDatasetByName(SAMPLE_DATASET_NAME);
  if (existing) return { datasetId: existing.id, dataset: existing, existing: true };
  const summary = await importFinerDataset(store, {
    unifiedFile: join(sampleDir, SAMPLE_UNIFIED_FILE),
    attributesFile: join(sampleDir, SAMPLE_ATTRIBUTES_FILE),
    imagesDir: sampleDir,
    name: SAMPLE_DATASET_NAME,
    split: 'test',
  });
  const dataset = store.getDataset(summary.datasetId);
  if (!dataset)
    throw new StoreError(`dataset ${summary.datasetId} is missing right after its import`, 'not-found');
  return { datasetId: dataset.id, dataset, existing: false, summary };
}
