// The durable store of datasets, samples, concepts, annotations and runs: one SQLite file
// (default `.finer-lens/finer.db`), loaded in memory with sql.js, made durable by a journal
// beside it and shared safely between processes. See docs/schema.md.
import { memoryRunAnalysisQueries } from './runAnalysisMemory';
import {
  attributeListPages,
  bindRunAnalysisQueries,
  type AttributeListRow,
  type RunAnalysisQueries,
} from './runAnalysisQueries';
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
import type { AttributeEdit } from './annotationQueries';
import type { NewTaxonomyTag, SampleTag, TagChanges, TagCount, TagRef, TaxonomyTag } from './tagQueries';
import * as tagQueries from './tagQueries';
import type { SampleNote } from './noteQueries';
import * as noteQueries from './noteQueries';
import * as verdictQueries from './verdictQueries';
import type { CachedMatch, NewOverruling, VerdictOverruling } from './verdictQueries';
import type { ReviewSlice } from '../model';
import type {
  DatasetFolderCounts,
  PredictionBrief,
  ReviewPosition,
  RunFolderCounts,
  SuggestionDecision,
  SuggestionDecisionRecord,
} from './reviewQueries';
import * as reviewQueries from './reviewQueries';
import * as galleryQueries from './galleryQueries';
import type { BulkTagResult, GalleryPage, GalleryPageRequest } from './galleryQueries';
import * as annotations from './annotationQueries';
import type { AttributeChange, AttributeChangeRequest, AttributeLists } from './attributeQueries';
import * as attributeQueries from './attributeQueries';
import * as datasets from './datasetQueries';
import type { ClassPath } from './datasetQueries';
import { DurableDatabase } from './durableDatabase';
import type { CachedResponse } from '../lvlm/responseCache';
import type { LabelLevel, Sample as RunSample } from '../model';
import type {
  ClassMetrics,
  LevelMetrics,
  NewRunRecord,
  PredictionRow,
  RunRecord,
  RunSlice,
  RunStatus,
  StoredPrediction,
} from '../runs/runTypes';
import * as runMetrics from './runMetricsQueries';
import * as confusions from './confusionQueries';
import type { ClassAccuracy, ConfusionPair, ResolvedPrediction, SeverityBreakdown } from './confusionQueries';
import * as labelQueries from './labelQueries';
import type { LabelCorrection, LabelEdit } from './labelQueries';
import type { CacheEntry, PredictionKey } from './runRecordQueries';
import * as runRecords from './runRecordQueries';
import { LATEST_SCHEMA_VERSION } from './schema';
import { loadSqlJs } from './sqlJsLoader';
import { moveDatabaseAside } from './validateDatabaseFile';
import type { StoreWarning } from './journalDamage';
import { claimRunLease, type RunLease } from './runLease';

export interface StoreOptions {
  /** Path to sql-wasm.wasm; by default found next to the running bundle or in node_modules/sql.js. */
  wasmPath?: string;
  /** Fold the journal into the database file after this much idle time (ms). */
  checkpointIdleMs?: number;
  /** How long a write waits for another process holding the lock before StoreError 'locked'. */
  lockTimeoutMs?: number;
  /** Receives failures of background work (the idle checkpoint); defaults to console.warn. */
  onBackgroundError?: (error: unknown) => void;
  /** Receives problems the store recovered from at open or later (a damaged journal, …). */
  onWarning?: (warning: StoreWarning) => void;
  /** Inspect only: never writes or folds the file (writes throw StoreError 'invalid'). */
  readOnly?: boolean;
  /** A lock held by a process on another host counts as abandoned after this long (ms). */
  lockStaleMs?: number;
}

export interface StoreChange {
  source: 'local' | 'external';
}

export interface Disposable {
  dispose(): void;
}

/** A fine class of a dataset (defined by the dataset queries, which page its samples). */
export type { ClassPath };

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

  /** Problems recovered from since open (a damaged journal, an empty file, …). */
  get warnings(): readonly StoreWarning[] {
    return this.db.warnings;
  }

  /**
   * Makes this process the only executor of a run until the lease is released; throws
   * StoreError 'locked' naming the process that executes it now.
   */
  claimRun(runId: number): RunLease {
    return claimRunLease(this.db.path, runId);
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

  /** A run's attribute lists at `level` (as analysis queries give them), `pageSize` rows at a time. */
  attributeListPages(runId: number, level: LabelLevel, pageSize: number): Generator<AttributeListRow[]> {
    return attributeListPages(this.db, runId, level, pageSize);
  }

  /** listConcepts, `pageSize` concepts at a time (same order), for callers that yield between pages. */
  conceptPages(datasetId: number, pageSize: number): Generator<Concept[]> {
    return datasets.conceptPages(this.db, datasetId, pageSize);
  }

  // ---- annotations -----------------------------------------------------------------------

  /** Free-form tag on the sample itself, created on first use. */
  addTag(sampleId: number, tag: string): void {
    tagQueries.addTag(this.db, sampleId, tag);
  }

  removeTag(sampleId: number, tag: string): void {
    tagQueries.removeTag(this.db, sampleId, tag);
  }

  /** Names of the tags on the sample itself (not per run). */
  tagsOf(sampleId: number): string[] {
    return tagQueries.tagsOf(this.db, sampleId);
  }

  listTags(): TagCount[] {
    return tagQueries.listTags(this.db);
  }

  /** Sets a note verbatim (blank deletes); over MAX_NOTE_LENGTH -> StoreError 'invalid'. Returns the previous text. */
  setNote(sampleId: number, text: string, runId: number | null = null): string | undefined {
    return noteQueries.setNote(this.db, sampleId, text, runId);
  }

  noteOf(sampleId: number, runId: number | null = null): string | undefined {
    return noteQueries.noteOf(this.db, sampleId, runId);
  }

  notesOf(sampleId: number): SampleNote[] {
    return noteQueries.notesOf(this.db, sampleId);
  }

  // --- attribute verdict overrulings and the semantic matcher cache (verdictQueries.ts)

  addOverruling(overruling: NewOverruling): VerdictOverruling {
    return verdictQueries.addOverruling(this.db, overruling);
  }

  overrulingHistory(sampleId: number): VerdictOverruling[] {
    return verdictQueries.overrulingHistory(this.db, sampleId);
  }

  currentOverrulings(sampleId?: number): VerdictOverruling[] {
    return verdictQueries.currentOverrulings(this.db, sampleId);
  }

  cachedMatch(matcherId: string, model: string, inputHash: string): CachedMatch | undefined {
    return verdictQueries.cachedMatch(this.db, matcherId, model, inputHash);
  }

  saveMatches(entries: Parameters<typeof verdictQueries.saveMatches>[1]): void {
    verdictQueries.saveMatches(this.db, entries);
  }

  // ---- failure-mode tag taxonomy (see src/core/analysis/tagTaxonomy.ts) ----------------------

  /** Taxonomy tags by position (1-9 = hotkeys), then free-form tags by name, with sample counts. */
  listTaxonomy(): TaxonomyTag[] {
    return tagQueries.listTaxonomy(this.db);
  }

  /** By id, key, or name (free-form tags). */
  findTag(keyOrName: TagRef): TaxonomyTag | undefined {
    return tagQueries.findTag(this.db, keyOrName);
  }

  /** StoreError 'conflict' on a duplicate name or key. */
  addTaxonomyTag(tag: NewTaxonomyTag): TaxonomyTag {
    return tagQueries.addTaxonomyTag(this.db, tag);
  }

  /** Rename / recolour / re-describe; StoreError 'not-found' or 'conflict' (duplicate name). */
  updateTag(keyOrName: TagRef, changes: TagChanges): TaxonomyTag {
    return tagQueries.updateTag(this.db, keyOrName, changes);
  }

  reorderTags(keys: readonly TagRef[]): void {
    tagQueries.reorderTags(this.db, keys);
  }

  /** Deletes a tag, moving its sample tags to `reassignTo` or dropping them. */
  deleteTag(keyOrName: TagRef, reassignTo?: TagRef): void {
    tagQueries.deleteTag(this.db, keyOrName, reassignTo);
  }

  /** Flips a tag on a sample (or a run's result for it); durable on return; returns the new state. */
  toggleTag(sampleId: number, tagKey: TagRef, runId: number | null = null): boolean {
    return tagQueries.toggleTag(this.db, sampleId, tagKey, runId);
  }

  /** Sets a tag on or off; returns whether anything changed. */
  setSampleTag(sampleId: number, tagKey: TagRef, on: boolean, runId: number | null = null): boolean {
    return tagQueries.setSampleTag(this.db, sampleId, tagKey, on, runId);
  }

  /** Every tag on a sample, sample-level and per run, in taxonomy order. */
  sampleTags(sampleId: number): SampleTag[] {
    return tagQueries.sampleTags(this.db, sampleId);
  }

  // ---- review (see src/core/analysis/reviewQueue.ts) -------------------------------------------

  /** Sample ids of a review slice ordered by idx, in one query. */
  reviewSliceSampleIds(slice: ReviewSlice): number[] {
    return reviewQueries.sliceSampleIds(this.db, slice);
  }

  countReviewSlice(slice: ReviewSlice): number {
    return reviewQueries.countSlice(this.db, slice);
  }

  // ---- gallery (see src/core/store/galleryQueries.ts) ------------------------------------------

  /** One page of a slice in the stable order (idx, id), with the run's marks per level. */
  gallerySlicePage(slice: ReviewSlice, request: GalleryPageRequest): GalleryPage {
    return galleryQueries.gallerySlicePage(this.db, slice, request);
  }

  /** Sample ids at positions offset .. offset+limit-1 of the slice. */
  gallerySliceIds(slice: ReviewSlice, offset: number, limit: number): number[] {
    return galleryQueries.gallerySliceIds(this.db, slice, offset, limit);
  }

  /** Sets or clears a sample-level tag on many samples in one durable write. */
  setTagOnSamples(sampleIds: readonly number[], tag: TagRef, on: boolean): BulkTagResult {
    return galleryQueries.setTagOnSamples(this.db, sampleIds, tag, on);
  }

  reviewedAt(sampleId: number, runId: number | null = null): string | undefined {
    return reviewQueries.reviewedAt(this.db, sampleId, runId);
  }

  setReviewed(sampleId: number, runId: number | null, reviewed: boolean): boolean {
    return reviewQueries.setReviewed(this.db, sampleId, runId, reviewed);
  }

  /** The sample has a tag or a note. */
  isAnnotated(sampleId: number): boolean {
    return reviewQueries.isAnnotated(this.db, sampleId);
  }

  reviewPosition(queueKey: string): ReviewPosition | undefined {
    return reviewQueries.reviewPosition(this.db, queueKey);
  }

  saveReviewPosition(queueKey: string, sampleId: number | null, position: number): void {
    reviewQueries.saveReviewPosition(this.db, queueKey, sampleId, position);
  }

  /** Records the decision on a suggested tag (undefined forgets it). */
  recordSuggestionDecision(
    sampleId: number,
    runId: number | null,
    tagKey: string,
    decision: SuggestionDecision | undefined,
  ): void {
    reviewQueries.recordSuggestionDecision(this.db, sampleId, runId, tagKey, decision);
  }

  suggestionDecisions(sampleId: number): SuggestionDecisionRecord[] {
    return reviewQueries.suggestionDecisions(this.db, sampleId);
  }

  runFolderCounts(runId: number): RunFolderCounts {
    return reviewQueries.runFolderCounts(this.db, runId);
  }

  datasetFolderCounts(datasetId: number): DatasetFolderCounts {
    return reviewQueries.datasetFolderCounts(this.db, datasetId);
  }

  /** Tag names per sample ("name@run<ID>" for per-run tags), for exports. */
  datasetTagNames(datasetId: number): Map<number, string[]> {
    return reviewQueries.datasetTagNames(this.db, datasetId);
  }

  datasetNotes(datasetId: number): reviewQueries.AnnotationRow[] {
    return reviewQueries.datasetNotes(this.db, datasetId);
  }

  /** Answers and scores of a run without prompts or raw responses. */
  runPredictionBriefs(runId: number): PredictionBrief[] {
    return reviewQueries.runPredictionBriefs(this.db, runId);
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

  // ---- attribute corrections (see src/core/analysis/attributeEditing.ts) -------------------

  getConcept(conceptId: number): Concept | undefined {
    return attributeQueries.getConcept(this.db, conceptId);
  }

  /**
   * Writes one attribute change computed by `plan` from the current lists and history, under
   * the lock; durable on return. Undefined when nothing changed.
   */
  applyAttributeChange(
    conceptId: number,
    plan: (current: AttributeLists, history: AttributeChange[]) => AttributeChangeRequest | undefined,
  ): AttributeChange | undefined {
    return attributeQueries.applyAttributeChange(this.db, conceptId, plan);
  }

  attributeChanges(conceptId: number): AttributeChange[] {
    return attributeQueries.attributeChanges(this.db, conceptId);
  }

  datasetAttributeChanges(datasetId: number): AttributeChange[] {
    return attributeQueries.datasetAttributeChanges(this.db, datasetId);
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
    options: { lockWaitMs?: number } = {},
  ): Promise<void> {
    return runRecords.saveRunResults(this.db, runId, rows, cacheEntries, options);
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

  /** Accuracy per gold class at a level (schema 6 resolution), worst first. */
  runClassAccuracy(runId: number, level: LabelLevel): ClassAccuracy[] {
    return confusions.classAccuracy(this.db, runId, level);
  }

  /** Wrong answers grouped by (gold class, class the answer resolves to), most frequent first. */
  runConfusionPairs(runId: number, level: LabelLevel, limit = -1): ConfusionPair[] {
    return confusions.confusionPairs(this.db, runId, level, limit);
  }

  /** Severity of the wrong fine answers: sibling, cousin, other, off-list, ambiguous. */
  runSeverityBreakdown(runId: number): SeverityBreakdown {
    return confusions.severityBreakdown(this.db, runId);
  }

  /** Final results with scores and resolution, without prompts (for exports). */
  runResolvedPredictions(runId: number): ResolvedPrediction[] {
    return confusions.resolvedPredictions(this.db, runId);
  }

  // ---- gold label corrections (schema 6 label_edits) ---------------------------------------

  /** Replaces a sample's labels at a level and records the change; undefined when unchanged. */
  correctSampleLabels(
    sampleId: number,
    level: LabelLevel,
    labels: readonly string[],
    correction: LabelCorrection,
  ): LabelEdit | undefined {
    return labelQueries.correctSampleLabels(this.db, sampleId, level, labels, correction);
  }

  labelHistory(sampleId: number): LabelEdit[] {
    return labelQueries.labelHistory(this.db, sampleId);
  }

  /** Each class of a dataset at a level with its acceptable labels, by primary label. */
  classLabelLists(datasetId: number, level: LabelLevel): Map<string, string[]> {
    return labelQueries.classLabelLists(this.db, datasetId, level);
  }

  /**
   * The reads behind a run's failure map (src/core/analysis/runAnalysis), each run's results
   * read once per returned object; with `sql`, every figure as its own grouped SQL query.
   */
  analysisQueries(options: { sql?: boolean } = {}): RunAnalysisQueries {
    return options.sql === true ? bindRunAnalysisQueries(this.db) : memoryRunAnalysisQueries(this.db);
  }

  runTotals(runId: number): { inputTokens: number; outputTokens: number; cost: number; cacheHits: number } {
    return runMetrics.runTotals(this.db, runId);
  }
}
