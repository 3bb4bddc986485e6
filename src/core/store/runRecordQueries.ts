// Runs and their per-request results (batch runs, resume, batch import, reference imports).
// Writes go through the journal (durable on return); very large writes through a checkpointed
// bulk transaction. Results are upserted on (run, sample, level), so nothing is ever duplicated.
import { StoreError } from '../errors';
import type { LabelLevel } from '../model';
import type { CachedResponse } from '../lvlm/responseCache';
import type { BulkRunner, DurableDatabase } from './durableDatabase';
import type { SqlOp, SqlParam } from './journal';
import type { Row } from './statementCache';
import { requireRun } from './tagQueries';
import { datasetClasses, resolveRow } from './classResolutionQueries';
import {
  NO_RESOLUTION,
  type MistakeSeverity,
  type ResolutionRule,
  type StoredResolution,
} from '../scoring/classResolution';
import type {
  NewRunRecord,
  PredictionRow,
  PredictionStage,
  RunRecord,
  RunStatus,
  StoredPrediction,
} from '../runs/runTypes';

/** Above this many rows a write is one checkpointed transaction instead of a journal record. */
const JOURNALED_ROWS_MAX = 2000;

const RUN_COLUMNS = `id, dataset_id, name, strategy, level, levels_json, slice_json, endpoint_json, model,
  params_json, gold_conditioning, template_family, template_hash, templates_json, concurrency,
  requests_per_minute, source, counterfactual_json, status, total_tasks, created_at, finished_at, protocol`;

const PREDICTION_INSERT = `INSERT INTO predictions (run_id, sample_id, level, stage, prompt_json, turn1_raw,
  attributes_json, raw_response, answer, finer_em, strict_em, f1, latency_ms, input_tokens, output_tokens,
  cost, error, cache_hit, image_sha256, created_at, finish_reason, refusal, resolved_class, resolution_rule,
  mistake_severity) VALUES `;
const PREDICTION_TUPLE = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const PREDICTION_ON_CONFLICT = `
  ON CONFLICT(run_id, sample_id, level) DO UPDATE SET stage = excluded.stage, prompt_json = excluded.prompt_json,
  turn1_raw = excluded.turn1_raw, attributes_json = excluded.attributes_json, raw_response = excluded.raw_response,
  answer = excluded.answer, finer_em = excluded.finer_em, strict_em = excluded.strict_em, f1 = excluded.f1,
  latency_ms = excluded.latency_ms, input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
  cost = excluded.cost, error = excluded.error, cache_hit = excluded.cache_hit,
  image_sha256 = excluded.image_sha256, created_at = excluded.created_at,
  finish_reason = excluded.finish_reason, refusal = excluded.refusal,
  resolved_class = excluded.resolved_class, resolution_rule = excluded.resolution_rule,
  mistake_severity = excluded.mistake_severity`;
/** Rows per multi-row upsert: the SQL text goes into the journal once per group, not per row. */
const ROWS_PER_STATEMENT = 32;

function upsertPredictionsSql(count: number): string {
  return `${PREDICTION_INSERT}${Array.from({ length: count }, () => PREDICTION_TUPLE).join(', ')}${PREDICTION_ON_CONFLICT}`;
}

/** The class each answer names, computed from the run's dataset as it is now (under the lock). */
function resolutionsOf(
  db: DurableDatabase,
  runId: number,
  rows: readonly PredictionRow[],
): StoredResolution[] {
  const datasetId = db.get<Row>('SELECT dataset_id FROM runs WHERE id = ?', [runId])?.['dataset_id'];
  if (datasetId === undefined || datasetId === null) return rows.map(() => NO_RESOLUTION);
  const classes = datasetClasses(db, (sql, params) => db.all(sql, params), Number(datasetId));
  return rows.map((row) => (row.stage === 'done' ? resolveRow(classes, row) : NO_RESOLUTION));
}

function predictionOps(
  db: DurableDatabase,
  runId: number,
  rows: readonly PredictionRow[],
  createdAt: string,
): SqlOp[] {
  const resolutions = resolutionsOf(db, runId, rows);
  const ops: SqlOp[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const group = rows.slice(i, i + ROWS_PER_STATEMENT);
    ops.push({
      sql: upsertPredictionsSql(group.length),
      params: group.flatMap((row, j) =>
        predictionParams(runId, row, createdAt, resolutions[i + j] ?? NO_RESOLUTION),
      ),
    });
  }
  return ops;
}

const UPSERT_CACHE = `INSERT INTO response_cache (key, text, usage_json, model, finish_reason, created_at)
  VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING`;

function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toRun(row: Row): RunRecord {
  const levels = parseJson<LabelLevel[]>(row['levels_json'], []);
  const run: RunRecord = {
    id: Number(row['id']),
    datasetId: Number(row['dataset_id']),
    name: String(row['name']),
    strategy: String(row['strategy']) as RunRecord['strategy'],
    levels: levels.length > 0 ? levels : [String(row['level']) as LabelLevel],
    slice: parseJson(row['slice_json'], { kind: 'dataset' }),
    endpoint: parseJson(row['endpoint_json'], { name: '', baseUrl: '', model: '', kind: 'openai' }),
    model: String(row['model']),
    params: parseJson(row['params_json'], { temperature: 0.2, maxTokens: 512 }),
    goldConditioning: Number(row['gold_conditioning']) === 1,
    protocol: String(row['protocol'] ?? 'finer-lens-v1'),
    templateFamily: String(row['template_family'] ?? 'generic'),
    templateHash: String(row['template_hash'] ?? ''),
    templates: parseJson(row['templates_json'], null),
    concurrency: Number(row['concurrency'] ?? 8),
    requestsPerMinute: row['requests_per_minute'] === null ? null : Number(row['requests_per_minute']),
    source: String(row['source'] ?? 'live') as RunRecord['source'],
    status: String(row['status']) as RunStatus,
    totalTasks: row['total_tasks'] === null ? null : Number(row['total_tasks']),
    createdAt: String(row['created_at']),
    finishedAt: row['finished_at'] === null ? null : String(row['finished_at']),
  };
  const counterfactual = parseJson<Record<string, string> | null>(row['counterfactual_json'], null);
  if (counterfactual) run.counterfactualAttributes = counterfactual;
  return run;
}

function numOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function toPrediction(row: Row): StoredPrediction {
  return {
    id: Number(row['id']),
    runId: Number(row['run_id']),
    sampleId: Number(row['sample_id']),
    level: String(row['level']) as LabelLevel,
    stage: String(row['stage']) as PredictionStage,
    prompt: parseJson(row['prompt_json'], null),
    turn1Raw: row['turn1_raw'] === null ? null : String(row['turn1_raw']),
    attributes: parseJson(row['attributes_json'], null),
    rawResponse: row['raw_response'] === null ? null : String(row['raw_response']),
    answer: row['answer'] === null ? null : String(row['answer']),
    finerEm: numOrNull(row['finer_em']),
    strictEm: numOrNull(row['strict_em']),
    f1: numOrNull(row['f1']),
    latencyMs: numOrNull(row['latency_ms']),
    inputTokens: numOrNull(row['input_tokens']),
    outputTokens: numOrNull(row['output_tokens']),
    cost: numOrNull(row['cost']),
    error: row['error'] === null ? null : String(row['error']),
    cacheHit: Number(row['cache_hit']) === 1,
    imageSha256: row['image_sha256'] === null ? null : String(row['image_sha256']),
    finishReason:
      row['finish_reason'] === null || row['finish_reason'] === undefined
        ? null
        : String(row['finish_reason']),
    refusal: row['refusal'] === null || row['refusal'] === undefined ? null : String(row['refusal']),
    createdAt: String(row['created_at']),
    resolvedClass: row['resolved_class'] === null ? null : String(row['resolved_class']),
    resolutionRule:
      row['resolution_rule'] === null ? null : (String(row['resolution_rule']) as ResolutionRule),
    mistakeSeverity:
      row['mistake_severity'] === null ? null : (String(row['mistake_severity']) as MistakeSeverity),
  };
}

export function createRun(db: DurableDatabase, run: NewRunRecord): number {
  return db.mutate(() => {
    if (db.get('SELECT 1 AS present FROM datasets WHERE id = ?', [run.datasetId]) === undefined) {
      throw new StoreError(`Dataset ${run.datasetId} does not exist.`, 'not-found');
    }
    // An explicit id keeps the journal record self-contained: replay cannot pick another one.
    const id =
      Number(
        db.get(
          "SELECT max(ifnull((SELECT seq FROM sqlite_sequence WHERE name = 'runs'), 0), ifnull((SELECT max(id) FROM runs), 0)) AS n",
        )?.['n'] ?? 0,
      ) + 1;
    const params: SqlParam[] = [
      id,
      run.datasetId,
      run.name,
      run.strategy,
      run.levels.length === 1 ? (run.levels[0] ?? 'fine') : 'all',
      JSON.stringify(run.levels),
      JSON.stringify(run.slice),
      JSON.stringify(run.endpoint),
      run.model,
      JSON.stringify(run.params),
      run.goldConditioning ? 1 : 0,
      run.templateFamily,
      run.templateHash,
      run.templates === null ? null : JSON.stringify(run.templates),
      run.concurrency,
      run.requestsPerMinute,
      run.source,
      run.counterfactualAttributes ? JSON.stringify(run.counterfactualAttributes) : null,
      run.status,
      null,
      new Date().toISOString(),
      null,
      run.protocol,
    ];
    const sql = `INSERT INTO runs (${RUN_COLUMNS}) VALUES (${params.map(() => '?').join(', ')})`;
    return { ops: [{ sql, params }], result: id };
  });
}

export function getRun(db: DurableDatabase, runId: number): RunRecord | undefined {
  const row = db.get<Row>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`, [runId]);
  return row === undefined ? undefined : toRun(row);
}

export function listRuns(db: DurableDatabase, datasetId?: number): RunRecord[] {
  const rows =
    datasetId === undefined
      ? db.all<Row>(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY id`)
      : db.all<Row>(`SELECT ${RUN_COLUMNS} FROM runs WHERE dataset_id = ? ORDER BY id`, [datasetId]);
  return rows.map(toRun);
}

export function updateRunState(
  db: DurableDatabase,
  runId: number,
  update: { status: RunStatus; totalTasks?: number },
): void {
  db.mutate(() => {
    requireRun(db, runId);
    const finished = update.status === 'done' || update.status === 'failed' || update.status === 'cancelled';
    const ops: SqlOp[] = [
      {
        sql: 'UPDATE runs SET status = ?, finished_at = ? WHERE id = ?',
        params: [update.status, finished ? new Date().toISOString() : null, runId],
      },
    ];
    if (update.totalTasks !== undefined) {
      ops.push({ sql: 'UPDATE runs SET total_tasks = ? WHERE id = ?', params: [update.totalTasks, runId] });
    }
    return { ops, result: undefined };
  });
}

export function deleteRun(db: DurableDatabase, runId: number): void {
  db.mutate(() => {
    requireRun(db, runId);
    return { ops: [{ sql: 'DELETE FROM runs WHERE id = ?', params: [runId] }], result: undefined };
  });
}

function predictionParams(
  runId: number,
  row: PredictionRow,
  createdAt: string,
  resolution: StoredResolution,
): SqlParam[] {
  return [
    runId,
    row.sampleId,
    row.level,
    row.stage,
    JSON.stringify(row.prompt ?? null),
    row.turn1Raw,
    row.attributes === null || row.attributes === undefined ? null : JSON.stringify(row.attributes),
    row.rawResponse,
    row.answer,
    row.finerEm,
    row.strictEm,
    row.f1,
    row.latencyMs,
    row.inputTokens,
    row.outputTokens,
    row.cost,
    row.error,
    row.cacheHit ? 1 : 0,
    row.imageSha256,
    createdAt,
    row.finishReason ?? null,
    row.refusal ?? null,
    resolution.resolvedClass,
    resolution.resolutionRule,
    resolution.mistakeSeverity,
  ];
}

export interface CacheEntry {
  key: string;
  response: CachedResponse;
}

function cacheParams(entry: CacheEntry, createdAt: string): SqlParam[] {
  const r = entry.response;
  return [entry.key, r.text, r.usage ? JSON.stringify(r.usage) : null, r.model, r.finishReason, createdAt];
}

/**
 * Upserts results (and response-cache entries) in one write; durable when it resolves.
 * Group commit: callers batch whatever completed meanwhile into one call.
 */
export async function saveRunResults(
  db: DurableDatabase,
  runId: number,
  rows: readonly PredictionRow[],
  cacheEntries: readonly CacheEntry[] = [],
  options: { lockWaitMs?: number } = {},
): Promise<void> {
  if (rows.length === 0 && cacheEntries.length === 0) return;
  const createdAt = new Date().toISOString();
  if (rows.length + cacheEntries.length <= JOURNALED_ROWS_MAX) {
    db.mutate(() => {
      if (rows.length > 0) requireRun(db, runId);
      const ops: SqlOp[] = [
        ...predictionOps(db, runId, rows, createdAt),
        ...cacheEntries.map((e) => ({ sql: UPSERT_CACHE, params: cacheParams(e, createdAt) })),
      ];
      return { ops, result: undefined };
    }, options);
    return;
  }
  await db.bulk(async (run: BulkRunner) => {
    if (rows.length > 0) requireRun(db, runId);
    for (const op of predictionOps(db, runId, rows, createdAt)) run(op.sql, op.params);
    for (const e of cacheEntries) run(UPSERT_CACHE, cacheParams(e, createdAt));
  });
}

export interface PredictionKey {
  sampleId: number;
  level: LabelLevel;
  stage: PredictionStage;
  failed: boolean;
}

/** What is already stored for a run, cheaply (for planning resume). */
export function predictionKeys(db: DurableDatabase, runId: number): PredictionKey[] {
  return db
    .all<Row>(
      'SELECT sample_id, level, stage, error IS NOT NULL AS failed FROM predictions WHERE run_id = ?',
      [runId],
    )
    .map((r) => ({
      sampleId: Number(r['sample_id']),
      level: String(r['level']) as LabelLevel,
      stage: String(r['stage']) as PredictionStage,
      failed: Number(r['failed']) === 1,
    }));
}

const PREDICTION_SELECT = 'SELECT * FROM predictions';

export function predictionsOfRun(
  db: DurableDatabase,
  runId: number,
  page: { offset?: number; limit?: number; level?: LabelLevel } = {},
): StoredPrediction[] {
  const params: SqlParam[] = [runId];
  let where = 'WHERE run_id = ?';
  if (page.level) {
    where += ' AND level = ?';
    params.push(page.level);
  }
  params.push(page.limit ?? -1, page.offset ?? 0);
  return db
    .all<Row>(`${PREDICTION_SELECT} ${where} ORDER BY sample_id, level LIMIT ? OFFSET ?`, params)
    .map(toPrediction);
}

export function predictionsOfSample(db: DurableDatabase, sampleId: number): StoredPrediction[] {
  return db
    .all<Row>(`${PREDICTION_SELECT} WHERE sample_id = ? ORDER BY run_id, level`, [sampleId])
    .map(toPrediction);
}

export function cachedResponse(db: DurableDatabase, key: string): CachedResponse | undefined {
  const row = db.get<Row>('SELECT text, usage_json, model, finish_reason FROM response_cache WHERE key = ?', [
    key,
  ]);
  if (row === undefined) return undefined;
  return {
    text: String(row['text']),
    usage: parseJson(row['usage_json'], null),
    model: String(row['model']),
    finishReason: row['finish_reason'] === null ? null : String(row['finish_reason']),
  };
}
