// A store on a temp file with the small bird dataset (storeTestKit) and runs whose results are
// written directly, so review and suggestion tests know exactly which answers are wrong.
import type { LabelLevel } from '../../../src/core/model';
import type { PredictionRow, RunStrategy } from '../../../src/core/runs/runTypes';
import { FinerStore } from '../../../src/core/store/finerStore';
import { newRunRecord, predictionRow } from '../../support/runRecords';
import { importSmall, makeTempDir } from '../store/storeTestKit';

export interface TagsFixture {
  store: FinerStore;
  dbPath: string;
  dir: string;
  datasetId: number;
  /** Sample ids by idx (0..12). */
  ids: number[];
  cleanup(): Promise<void>;
}

export async function makeTagsFixture(): Promise<TagsFixture> {
  const tmp = makeTempDir();
  const store = await FinerStore.open(tmp.dbPath, { checkpointIdleMs: 60_000 });
  const datasetId = await importSmall(store);
  const ids = store.samplesOfSlice(datasetId, { kind: 'dataset' }).map((s) => s.id);
  return {
    store,
    dbPath: tmp.dbPath,
    dir: tmp.dir,
    datasetId,
    ids,
    cleanup: async () => {
      await store.close();
      tmp.cleanup();
    },
  };
}

export interface FakeResult {
  sampleId: number;
  level: LabelLevel;
  answer: string | null;
  finerEm?: number | null;
  strictEm?: number | null;
  error?: string | null;
  attributes?: unknown;
}

export async function addRun(
  store: FinerStore,
  datasetId: number,
  results: FakeResult[],
  strategy: RunStrategy = 'direct',
  name = 'run',
): Promise<number> {
  const levels = [...new Set(results.map((r) => r.level))];
  const runId = store.createRun(newRunRecord(datasetId, { name, strategy, levels }));
  const rows: PredictionRow[] = results.map((r) =>
    predictionRow(r.sampleId, r.level, {
      attributes: r.attributes ?? null,
      rawResponse: r.answer,
      answer: r.answer,
      finerEm: r.error ? null : (r.finerEm ?? 0),
      strictEm: r.error ? null : (r.strictEm ?? r.finerEm ?? 0),
      latencyMs: 10,
      inputTokens: 1,
      outputTokens: 1,
      cost: 0,
      error: r.error ?? null,
    }),
  );
  await store.saveRunResults(runId, rows);
  return runId;
}
