// Runs and their predictions: the minimum later work (batch runs, scoring, the benchmark)
// needs to put results in the store.
import { StoreError } from '../errors';
import type { LabelLevel } from '../model';
import type { BulkRunner, DurableDatabase } from './durableDatabase';
import type { SqlParam } from './journal';

export type RunStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export interface NewRun {
  datasetId: number;
  name: string;
  strategy: string;
  level: LabelLevel;
  endpoint: Record<string, unknown>;
  model: string;
  params: Record<string, unknown>;
  templateHash: string | null;
  status: RunStatus;
}

export interface NewPrediction {
  sampleId: number;
  level: LabelLevel;
  /** The messages sent, stored as JSON. */
  prompt: unknown;
  rawResponse: string | null;
  answer: string | null;
  finerEm: number | null;
  strictEm: number | null;
  f1: number | null;
  latencyMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cost: number | null;
  error: string | null;
}

/** Up to this many predictions go through the journal; more are written and checkpointed. */
const JOURNALED_PREDICTIONS_MAX = 500;

const INSERT_PREDICTION = `INSERT INTO predictions (run_id, sample_id, level, prompt_json, raw_response, answer,
  finer_em, strict_em, f1, latency_ms, input_tokens, output_tokens, cost, error, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(run_id, sample_id, level) DO UPDATE SET prompt_json = excluded.prompt_json,
  raw_response = excluded.raw_response, answer = excluded.answer, finer_em = excluded.finer_em,
  strict_em = excluded.strict_em, f1 = excluded.f1, latency_ms = excluded.latency_ms,
  input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, cost = excluded.cost,
  error = excluded.error, created_at = excluded.created_at`;

export function insertRun(store: DurableDatabase, run: NewRun): number {
  return store.mutate(() => {
    if (store.get('SELECT 1 AS present FROM datasets WHERE id = ?', [run.datasetId]) === undefined) {
      throw new StoreError(`Dataset ${run.datasetId} does not exist.`, 'not-found');
    }
    // An explicit id keeps the journal record self-contained: replay cannot pick another one.
    const id =
      Number(
        store.get(
          "SELECT max(ifnull((SELECT seq FROM sqlite_sequence WHERE name = 'runs'), 0), ifnull((SELECT max(id) FROM runs), 0)) AS n",
        )?.['n'] ?? 0,
      ) + 1;
    const params: SqlParam[] = [
      id,
      run.datasetId,
      run.name,
      run.strategy,
      run.level,
      JSON.stringify(run.endpoint),
      run.model,
      JSON.stringify(run.params),
      run.templateHash,
      run.status,
      new Date().toISOString(),
    ];
    const sql = `INSERT INTO runs (id, dataset_id, name, strategy, level, endpoint_json, model, params_json,
      template_hash, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
    return { ops: [{ sql, params }], result: id };
  });
}

export function setRunStatus(store: DurableDatabase, runId: number, status: RunStatus): void {
  store.mutate(() => {
    if (store.get('SELECT 1 AS present FROM runs WHERE id = ?', [runId]) === undefined) {
      throw new StoreError(`Run ${runId} does not exist.`, 'not-found');
    }
    const finished = status === 'done' || status === 'failed' || status === 'cancelled';
    const sql = 'UPDATE runs SET status = ?, finished_at = ? WHERE id = ?';
    return {
      ops: [{ sql, params: [status, finished ? new Date().toISOString() : null, runId] }],
      result: undefined,
    };
  });
}

/**
 * Adds predictions in one transaction; resolves when they are durable. Returns how many rows
 * were given. Schema 2 keeps one result per (run, sample, level): a repeated one replaces it.
 */
export async function insertPredictions(
  store: DurableDatabase,
  runId: number,
  rows: NewPrediction[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const createdAt = new Date().toISOString();
  const paramsOf = (row: NewPrediction): SqlParam[] => [
    runId,
    row.sampleId,
    row.level,
    JSON.stringify(row.prompt ?? null),
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
    createdAt,
  ];
  if (rows.length <= JOURNALED_PREDICTIONS_MAX) {
    store.mutate(() => {
      requireRun(store, runId);
      return {
        ops: rows.map((row) => ({ sql: INSERT_PREDICTION, params: paramsOf(row) })),
        result: undefined,
      };
    });
  } else {
    await store.bulk(async (run: BulkRunner) => {
      requireRun(store, runId);
      for (const row of rows) run(INSERT_PREDICTION, paramsOf(row));
    });
  }
  return rows.length;
}

function requireRun(store: DurableDatabase, runId: number): void {
  if (store.get('SELECT 1 AS present FROM runs WHERE id = ?', [runId]) === undefined) {
    throw new StoreError(`Run ${runId} does not exist.`, 'not-found');
  }
}
