// The durable store of datasets, samples, concepts, annotations and runs: one SQLite file
// (default `.finer-lens/finer.db`), loaded in memory with sql.js, made durable by a journal
// beside it and shared safely between processes. See docs/schema.md.
import type {
  AttributeKind,
  Concept,
  Dataset,
  DatasetStats,
  ImportSink,
  LabelCount,
  NewDataset,
  Sample,
} from '../model';
import type { AttributeEdit, TagCount } from './annotationQueries';
import * as annotations from './annotationQueries';
import * as datasets from './datasetQueries';
import { DurableDatabase } from './durableDatabase';
import type { NewPrediction, NewRun, RunStatus } from './runQueries';
import * as runs from './runQueries';
import type { CachedResponse } from '../lvlm/responseCache';
import type { LabelLevel, Sample as RunSample } from '../model';
import type {
  ClassMetrics,
  LevelMetrics,
  ModalityGap,
  NewRunRecord,
  PredictionRow,
  RunRecord,
  RunSlice,
  StoredPrediction,
} from '../runs/runTypes';
import * as runMetrics from './runMetricsQueries';
import type { CacheEntry, PredictionKey } from './runRecordQueries';
import * as runRecords from './runRecordQueries';
import { LATEST_SCHEMA_VERSION } from './schema';
import { loadSqlJs } from './sqlJsLoader';
import { moveDatabaseAside } from './validateDatabaseFile';

export interface StoreOptions {
  /** Path to sql-wasm.wasm; by default found next to the running bundle or in node_modules/sql.js. */
  wasmPath?: string;
  /** Fold the journal into the database file after this much idle time (ms). */
  checkpointIdleMs?: number;
  /** How long a write waits for another process holding the lock before StoreError 'locked'. */
  lockTimeoutMs?: number;
  /** Receives failures of background work (the idle checkpoint); defaults to console.warn. */
  onBackgroundError?: (error: unknown) => void;
}

export interface StoreChange {
  source: 'local' | 'external';
}

export interface Disposable {
  dispose(): void;
}

export interface ClassPath {
  datasetId: number;
  superordinate: string;
  coarse: string;
  fine: string;
}

export class FinerStore {
  readonly schemaVersion = LATEST_SCHEMA_VERSION;

  private constructor(private readonly db: DurableDatabase) {}

  /**
   * Opens (creating it and its folder if needed) the database at `dbPath`. Throws StoreError
   * 'not-sqlite' / 'corrupt' (file untouched), 'newer-schema' or 'locked'.
   */
  static async open(dbPath: string, options: StoreOptions = {}): Promise<FinerStore> {
    const sql = await loadSqlJs(options.wasmPath);
    return new FinerStore(DurableDatabase.open(sql, dbPath, options));
  }

  /** Renames an unreadable database (and its journal) aside; returns where it went. */
  static moveAside(dbPath: string): string {
    return moveDatabaseAside(dbPath);
  }

  get path(): string {
    return this.db.path;
  }

  get journalPath(): string {
    return this.db.journalPath;
  }

  /** Folds the journal into the file and closes; the file is then complete on its own. */
  close(): Promise<void> {
    return this.db.close();
  }

  /** Folds the journal into the database file now, so other readers of the file see every edit. */
  checkpoint(): void {
    this.db.checkpoint();
  }

  /** Applies changes other processes made; true (and an 'external' change event) when any. */
  syncExternal(): boolean {
    return this.db.syncExternal();
  }

  onDidChange(listener: (change: StoreChange) => void): Disposable {
    const remove = this.db.onChange((source) => listener({ source }));
    return { dispose: remove };
  }

  // ---- datasets --------------------------------------------------------------------------

  /**
   * Imports a dataset in one transaction: `fill` streams rows into the sink; if it throws,
   * nothing is written and the error is rethrown. Durable (checkpointed) when it resolves.
   */
  importDataset(
    meta: NewDataset,
    fill: (sink: ImportSink) => Promise<void>,
  ): Promise<{ datasetId: number; samples: number; concepts: number }> {
    return datasets.importDataset(this.db, meta, fill);
  }

  listDatasets(): Dataset[] {
    return datasets.listDatasets(this.db);
  }

  getDataset(id: number): Dataset | undefined {
    return datasets.getDataset(this.db, id);
  }

  findDatasetByName(name: string): Dataset | undefined {
    return datasets.findDatasetByName(this.db, name);
  }

  removeDataset(id: number): void {
    datasets.removeDataset(this.db, id);
  }

  datasetStats(id: number): DatasetStats {
    return datasets.datasetStats(this.db, id);
  }

  superordinates(datasetId: number): LabelCount[] {
    return datasets.superordinates(this.db, datasetId);
  }

  coarseLabels(datasetId: number, superordinate: string): LabelCount[] {
    return datasets.coarseLabels(this.db, datasetId, superordinate);
  }

  fineLabels(datasetId: number, superordinate: string, coarse: string): LabelCount[] {
    return datasets.fineLabels(this.db, datasetId, superordinate, coarse);
  }

  samplesOfClass(path: ClassPath, offset: number, limit: number): Sample[] {
    return datasets.samplesOfClass(this.db, path, offset, limit);
  }

  getSample(id: number): Sample | undefined {
    return datasets.getSample(this.db, id);
  }

  conceptForSample(sample: Sample): Concept | undefined {
    return datasets.conceptForSample(this.db, sample);
  }

  listConcepts(datasetId: number): Concept[] {
    return datasets.listConcepts(this.db, datasetId);
  }

  // ---- annotations -----------------------------------------------------------------------

  addTag(sampleId: number, tag: string): void {
    annotations.addTag(this.db, sampleId, tag);
  }

  removeTag(sampleId: number, tag: string): void {
    annotations.removeTag(this.db, sampleId, tag);
  }

  tagsOf(sampleId: number): string[] {
    return annotations.tagsOf(this.db, sampleId);
  }

  listTags(): TagCount[] {
    return annotations.listTags(this.db);
  }

  setNote(sampleId: number, text: string): void {
    annotations.setNote(this.db, sampleId, text);
  }

  noteOf(sampleId: number): string | undefined {
    return annotations.noteOf(this.db, sampleId);
  }

  setConceptAttributes(
    conceptId: number,
    kind: AttributeKind,
    values: string[],
    edit: { actor: string; reason?: string },
  ): void {
    annotations.setConceptAttributes(this.db, conceptId, kind, values, edit);
  }

  attributeHistory(conceptId: number): AttributeEdit[] {
    return annotations.attributeHistory(this.db, conceptId);
  }

  // ---- runs ------------------------------------------------------------------------------

  insertRun(run: NewRun): number {
    return runs.insertRun(this.db, run);
  }

  setRunStatus(runId: number, status: RunStatus): void {
    runs.setRunStatus(this.db, runId, status);
  }

  /** Adds predictions in one transaction; resolves once they are durable. */
  insertPredictions(runId: number, rows: NewPrediction[]): Promise<number> {
    return runs.insertPredictions(this.db, runId, rows);
  }

  // ---- batch runs (see src/core/runs) ------------------------------------------------------

  createRun(run: NewRunRecord): number {
    return runRecords.createRun(this.db, run);
  }

  getRun(runId: number): RunRecord | undefined {
    return runRecords.getRun(this.db, runId);
  }

  listRuns(datasetId?: number): RunRecord[] {
    return runRecords.listRuns(this.db, datasetId);
  }

  updateRunState(runId: number, update: { status: RunStatus; totalTasks?: number }): void {
    runRecords.updateRunState(this.db, runId, update);
  }

  deleteRun(runId: number): void {
    runRecords.deleteRun(this.db, runId);
  }

  /** Upserts results on (run, sample, level) plus response-cache entries; durable when it resolves. */
  saveRunResults(
    runId: number,
    rows: readonly PredictionRow[],
    cacheEntries: readonly CacheEntry[] = [],
  ): Promise<void> {
    return runRecords.saveRunResults(this.db, runId, rows, cacheEntries);
  }

  predictionKeys(runId: number): PredictionKey[] {
    return runRecords.predictionKeys(this.db, runId);
  }

  predictionsOfRun(
    runId: number,
    page: { offset?: number; limit?: number; level?: LabelLevel } = {},
  ): StoredPrediction[] {
    return runRecords.predictionsOfRun(this.db, runId, page);
  }

  predictionsOfSample(sampleId: number): StoredPrediction[] {
    return runRecords.predictionsOfSample(this.db, sampleId);
  }

  cachedResponse(key: string): CachedResponse | undefined {
    return runRecords.cachedResponse(this.db, key);
  }

  samplesOfSlice(datasetId: number, slice: RunSlice): RunSample[] {
    return runMetrics.samplesOfSlice(this.db, datasetId, slice);
  }

  sampleIdsByIdx(datasetId: number): Map<number, number> {
    return runMetrics.sampleIdsByIdx(this.db, datasetId);
  }

  /** Means per level over scored results: finerEm = FINER EM (lenient substring), strictEm, f1. */
  runLevelMetrics(runId: number): LevelMetrics[] {
    return runMetrics.levelMetrics(this.db, runId);
  }

  runClassMetrics(runId: number, level: LabelLevel): ClassMetrics[] {
    return runMetrics.classMetrics(this.db, runId, level);
  }

  runTotals(runId: number): { inputTokens: number; outputTokens: number; cost: number; cacheHits: number } {
    return runMetrics.runTotals(this.db, runId);
  }

  modalityGap(imageRunId: number, textRunId: number): ModalityGap {
    return runMetrics.modalityGap(this.db, imageRunId, textRunId);
  }
}
