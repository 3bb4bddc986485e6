// Helpers shared by the run-related CLI commands: opening the database, reading numeric flags,
// taking the API key from an environment variable, and run metrics as JSON with explicit names.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StoreError } from '../core/errors';
import type { LevelMetrics, RunRecord } from '../core/runs/runTypes';
import { FinerStore, type StoreOptions } from '../core/store/finerStore';
import { METRIC_NAMES } from '../shared/metricNames';
import { UsageError } from './cliIo';

/** CLI writers wait this long for another process holding the database (an import) (ms). */
export const CLI_LOCK_WAIT_MS = 60_000;

/** Opens a database that must exist; problems it recovered from are printed on stderr. */
export async function openExistingStore(
  dbOption: string,
  options: { readOnly?: boolean } = {},
): Promise<FinerStore> {
  const dbPath = resolve(dbOption);
  if (!existsSync(dbPath)) throw new StoreError(`no database at ${dbPath}`, 'not-found');
  return FinerStore.open(dbPath, storeOptionsForCli(options.readOnly === true));
}

export function storeOptionsForCli(readOnly: boolean): StoreOptions {
  return {
    readOnly,
    lockTimeoutMs: CLI_LOCK_WAIT_MS,
    onWarning: (warning) => process.stderr.write(`finer-lens: warning: ${warning.message}\n`),
  };
}

export function numberOption(
  values: Record<string, unknown>,
  name: string,
  check: { integer?: boolean; min?: number; max?: number } = {},
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const bad =
    typeof raw !== 'string' ||
    raw.trim() === '' ||
    !Number.isFinite(n) ||
    (check.integer === true && !Number.isInteger(n)) ||
    (check.min !== undefined && n < check.min) ||
    (check.max !== undefined && n > check.max);
  if (bad)
    throw new UsageError(
      `--${name} must be ${check.integer ? 'an integer' : 'a number'}${check.min !== undefined ? ` >= ${check.min}` : ''}, not "${String(raw)}"`,
    );
  return n;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The API key from the environment variable NAMED by --api-key-env. A value that is not a
 * variable name (e.g. a pasted key) is refused without echoing it.
 */
export function apiKeyFromEnv(varName: string | undefined): string | undefined {
  if (varName === undefined) return undefined;
  if (!ENV_NAME.test(varName)) {
    throw new UsageError(
      '--api-key-env takes the NAME of an environment variable that holds the key, not the key itself',
    );
  }
  const key = process.env[varName];
  if (key === undefined || key === '') throw new UsageError(`the environment variable ${varName} is not set`);
  return key;
}

/** The command that continues a run (the key's variable name only, never the key). */
export function resumeCommand(dbOption: string, runId: number, apiKeyEnv?: string): string {
  const keyHint = apiKeyEnv ? ` --api-key-env ${apiKeyEnv}` : '';
  return `finer-lens run --db ${dbOption} --resume ${runId}${keyHint}`;
}

export interface MetricsJson {
  level: string;
  count: number;
  scored: number;
  errors: number;
  /** Replies cut off at the token limit (scored, flagged). */
  truncated: number;
  /** Refusals (kept, not scored, not errors). */
  refusals: number;
  /** FINER EM: lenient (gold is a substring of the first 20 answer words). */
  finer_em: number | null;
  /** Strict EM: normalized answer equals an acceptable label. */
  strict_em: number | null;
  /** SQuAD token F1. */
  f1: number | null;
}

export function levelMetricsJson(m: LevelMetrics): MetricsJson {
  return {
    level: m.level,
    count: m.count,
    scored: m.scored,
    errors: m.errors,
    truncated: m.truncated,
    refusals: m.refusals,
    finer_em: m.finerEm,
    strict_em: m.strictEm,
    f1: m.f1,
  };
}

export function metricsJson(levels: readonly LevelMetrics[]): MetricsJson[] {
  return levels.map(levelMetricsJson);
}

/** "protocol finer-reference (templates 1a2b3c4d5e6f, family organism), gold conditioning on, max_tokens 512". */
export function protocolLine(run: RunRecord): string {
  const hash = run.templateHash === '' ? '-' : run.templateHash.slice(0, 12);
  return (
    `protocol ${run.protocol} (templates ${hash}, family ${run.templateFamily}), ` +
    `gold conditioning ${run.goldConditioning ? 'on' : 'off'}, ` +
    `${run.endpoint.tokenLimitParam ?? 'max_tokens'} ${run.params.maxTokens}, temperature ${run.params.temperature}`
  );
}

export function runJson(run: RunRecord): Record<string, unknown> {
  return {
    id: run.id,
    name: run.name,
    datasetId: run.datasetId,
    strategy: run.strategy,
    levels: run.levels,
    slice: run.slice,
    model: run.model,
    endpoint: run.endpoint,
    params: run.params,
    goldConditioning: run.goldConditioning,
    protocol: run.protocol,
    templateFamily: run.templateFamily,
    templateHash: run.templateHash,
    source: run.source,
    status: run.status,
    totalTasks: run.totalTasks,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
  };
}

function pct(v: number | null): string {
  return v === null ? '-' : `${(v * 100).toFixed(1)}%`;
}

/** One human line per level, metric names spelled out. */
export function metricsLines(levels: readonly LevelMetrics[]): string[] {
  return levels.map(
    (m) =>
      `  ${m.level.padEnd(13)} ${METRIC_NAMES.finerEm} ${pct(m.finerEm).padStart(6)}  ${METRIC_NAMES.strictEm} ${pct(m.strictEm).padStart(6)}  ` +
      `${METRIC_NAMES.f1} ${pct(m.f1).padStart(6)}  n=${m.count}${m.errors > 0 ? `  errors=${m.errors}` : ''}` +
      `${m.truncated > 0 ? `  truncated=${m.truncated} (scored, finish_reason length)` : ''}` +
      `${m.refusals > 0 ? `  refusals=${m.refusals} (not scored)` : ''}`,
  );
}
