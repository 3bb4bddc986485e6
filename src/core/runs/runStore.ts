// The part of FinerStore that runs use; FinerStore implements it (see src/core/store/finerStore.ts).
import type { Concept, Dataset, LabelLevel, Sample } from '../model';
import type { CachedResponse } from '../lvlm/responseCache';
import type {
  ClassMetrics,
  LevelMetrics,
  NewRunRecord,
  PredictionRow,
  RunRecord,
  RunSlice,
  RunStatus,
  StoredPrediction,
} from './runTypes';

export interface RunPredictionKey {
  sampleId: number;
  level: LabelLevel;
  stage: 'turn1' | 'done';
  failed: boolean;
}

export interface RunCacheEntry {
  key: string;
  response: CachedResponse;
}

export interface RunTotals {
  inputTokens: number;
  outputTokens: number;
  cost: number;
  cacheHits: number;
}

/** Exclusive right to execute one run (see FinerStore.claimRun). */
export interface RunLease {
  readonly runId: number;
  release(): void;
}

export interface RunStore {
  /** Throws when another process (or another execution here) is executing the run. */
  claimRun(runId: number): RunLease;
  getDataset(id: number): Dataset | undefined;
  findDatasetByName(name: string): Dataset | undefined;
  getSample(id: number): Sample | undefined;
  conceptForSample(sample: Sample): Concept | undefined;
  listConcepts(datasetId: number): Concept[];
  createRun(run: NewRunRecord): number;
  getRun(runId: number): RunRecord | undefined;
  listRuns(datasetId?: number): RunRecord[];
  updateRunState(runId: number, update: { status: RunStatus; totalTasks?: number }): void;
  deleteRun(runId: number): void;
  saveRunResults(
    runId: number,
    rows: readonly PredictionRow[],
    cacheEntries?: readonly RunCacheEntry[],
    options?: { lockWaitMs?: number },
  ): Promise<void>;
  predictionKeys(runId: number): RunPredictionKey[];
  predictionsOfRun(
    runId: number,
    page?: { offset?: number; limit?: number; level?: LabelLevel },
  ): StoredPrediction[];
  predictionsOfSample(sampleId: number): StoredPrediction[];
  cachedResponse(key: string): CachedResponse | undefined;
  samplesOfSlice(datasetId: number, slice: RunSlice): Sample[];
  sampleIdsByIdx(datasetId: number): Map<number, number>;
  runLevelMetrics(runId: number): LevelMetrics[];
  runClassMetrics(runId: number, level: LabelLevel): ClassMetrics[];
  runTotals(runId: number): RunTotals;
}
