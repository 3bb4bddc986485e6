// Datasets benchmark: listDatasets (what the Datasets tree calls when it opens) on a database
// of 3M samples in 3 datasets, beside the query it replaced, which counted every sample on each
// call (read with sql.js on the same file). Run through `npm run bench`; prints nothing itself.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FinerStore } from '../src/core/store/finerStore';
import { loadSqlJs } from '../src/core/store/sqlJsLoader';
import { percentile, syntheticSample } from './syntheticInat';

const DATASETS = 3;
const SAMPLES_PER_DATASET = 1_000_000;
const REPEATS = 9;

/** The datasets query before schema 5: a count over the samples of each dataset. */
const COUNTING_QUERY = `SELECT d.id, d.name, (SELECT count(*) FROM samples s WHERE s.dataset_id = d.id) AS sample_count
  FROM datasets d ORDER BY d.name`;

function timeMedian(work: () => void): number {
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}

export async function runDatasetListBench(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'finer-list-bench-'));
  const dbPath = join(dir, 'finer.db');
  try {
    const store = await FinerStore.open(dbPath, { checkpointIdleMs: 600_000 });
    let listMs: number;
    let samples = 0;
    try {
      for (let d = 0; d < DATASETS; d++) {
        await store.importDataset(
          { name: `inat-${d}`, rootDir: '/data/inat', format: 'finer', split: 'val' },
          async (sink) => {
            for (let i = 0; i < SAMPLES_PER_DATASET; i++) sink.addSample(syntheticSample(i, i % 10_000, {}));
          },
        );
      }
      listMs = timeMedian(() => {
        samples = store.listDatasets().reduce((sum, dataset) => sum + dataset.sampleCount, 0);
      });
    } finally {
      await store.close();
    }
    if (samples !== DATASETS * SAMPLES_PER_DATASET) throw new Error(`listed ${samples} samples`);
    const sql = await loadSqlJs();
    const db = new sql.Database(readFileSync(dbPath));
    let countingMs: number;
    try {
      countingMs = timeMedian(() => db.exec(COUNTING_QUERY));
    } finally {
      db.close();
    }
    return {
      samples,
      listDatasetsMs: listMs,
      countingQueryMs: countingMs,
      dbFileMb: statSync(dbPath).size / (1024 * 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
