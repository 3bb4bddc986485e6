// Read-side queries for runs: the samples a slice covers, metrics per level and per class, and
// the per-sample modality gap between an image run and a text-only run.
import type { LabelLevel, Sample } from '../model';
import type { DurableDatabase } from './durableDatabase';
import type { SqlParam } from './journal';
import { MISSED } from './reviewQueries';
import { SAMPLE_COLUMNS, toSample, type SampleRow } from './rowMapping';
import type { Row } from './statementCache';
import type { ClassMetrics, LevelMetrics, RunSlice } from '../runs/runTypes';

/** The samples of `slice` in dataset `datasetId`, ordered by idx, `slice.limit` applied. */
export function samplesOfSlice(db: DurableDatabase, datasetId: number, slice: RunSlice): Sample[] {
  const cols = SAMPLE_COLUMNS.split(',')
    .map((c) => `s.${c.trim()}`)
    .join(', ');
  let sql: string;
  const params: SqlParam[] = [datasetId];
  switch (slice.kind) {
    case 'dataset':
      sql = `SELECT ${cols} FROM samples s WHERE s.dataset_id = ?`;
      break;
    case 'class':
      sql = `SELECT ${cols} FROM samples s WHERE s.dataset_id = ? AND s.superordinate = ?`;
      params.push(slice.superordinate);
      if (slice.coarse !== undefined) {
        sql += ' AND s.coarse_primary = ?';
        params.push(slice.coarse);
      }
      if (slice.fine !== undefined) {
        sql += ' AND s.fine_primary = ?';
        params.push(slice.fine);
      }
      break;
    case 'tag':
      sql = `SELECT ${cols} FROM samples s WHERE s.dataset_id = ? AND EXISTS (SELECT 1 FROM sample_tags st
        JOIN tags t ON t.id = st.tag_id WHERE st.sample_id = s.id AND t.name = ? AND st.run_id IS NULL)`;
      params.push(slice.tag);
      break;
    case 'misclassified':
      sql = `SELECT ${cols} FROM samples s JOIN predictions p ON p.sample_id = s.id
        WHERE s.dataset_id = ? AND p.run_id = ? AND p.level = ? AND p.stage = 'done'
        AND ${MISSED}`;
      params.push(slice.runId, slice.level);
      break;
    case 'samples': {
      const ids = slice.sampleIds.filter((id) => Number.isInteger(id));
      if (ids.length === 0) return [];
      sql = `SELECT ${cols} FROM samples s WHERE s.dataset_id = ? AND s.id IN (SELECT value FROM json_each(?))`;
      params.push(JSON.stringify(ids));
      break;
    }
  }
  sql += ' ORDER BY s.idx, s.id';
  if (slice.limit !== undefined && slice.limit >= 0) {
    sql += ' LIMIT ?';
    params.push(slice.limit);
  }
  return db.all<SampleRow>(sql, params).map(toSample);
}

/** Sample ids of a dataset by FINER idx (for importing reference outputs). */
export function sampleIdsByIdx(db: DurableDatabase, datasetId: number): Map<number, number> {
  const map = new Map<number, number>();
  for (const r of db.all<Row>('SELECT id, idx FROM samples WHERE dataset_id = ?', [datasetId])) {
    map.set(Number(r['idx']), Number(r['id']));
  }
  return map;
}

const METRIC_COLUMNS = `count(*) AS n, sum(error IS NOT NULL) AS errors, sum(finer_em IS NOT NULL) AS scored,
  sum(finish_reason = 'length') AS truncated, sum(refusal IS NOT NULL) AS refusals,
  avg(finer_em) AS finer_em, avg(strict_em) AS strict_em, avg(f1) AS f1`;

function toMetrics(level: LabelLevel, r: Row): LevelMetrics {
  const mean = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return {
    level,
    count: Number(r['n'] ?? 0),
    scored: Number(r['scored'] ?? 0),
    errors: Number(r['errors'] ?? 0),
    truncated: Number(r['truncated'] ?? 0),
    refusals: Number(r['refusals'] ?? 0),
    finerEm: mean(r['finer_em']),
    strictEm: mean(r['strict_em']),
    f1: mean(r['f1']),
  };
}

/** Means over scored results (errors are counted apart, not as zeros). */
export function levelMetrics(db: DurableDatabase, runId: number): LevelMetrics[] {
  return db
    .all<Row>(
      `SELECT level, ${METRIC_COLUMNS} FROM predictions WHERE run_id = ? AND stage = 'done'
       GROUP BY level ORDER BY CASE level WHEN 'superordinate' THEN 0 WHEN 'coarse' THEN 1 ELSE 2 END`,
      [runId],
    )
    .map((r) => toMetrics(String(r['level']) as LabelLevel, r));
}

/** Per class (the sample's first fine label) at one level. */
export function classMetrics(db: DurableDatabase, runId: number, level: LabelLevel): ClassMetrics[] {
  return db
    .all<Row>(
      `SELECT s.fine_primary AS class_label, count(*) AS n, sum(p.error IS NOT NULL) AS errors,
         sum(p.finer_em IS NOT NULL) AS scored, avg(p.finer_em) AS finer_em, avg(p.strict_em) AS strict_em,
         avg(p.f1) AS f1
       FROM predictions p JOIN samples s ON s.id = p.sample_id
       WHERE p.run_id = ? AND p.level = ? AND p.stage = 'done' GROUP BY s.fine_primary ORDER BY s.fine_primary`,
      [runId, level],
    )
    .map((r) => ({ ...toMetrics(level, r), classLabel: String(r['class_label']) }));
}

export function runTotals(
  db: DurableDatabase,
  runId: number,
): { inputTokens: number; outputTokens: number; cost: number; cacheHits: number } {
  const r = db.get<Row>(
    `SELECT ifnull(sum(input_tokens), 0) AS i, ifnull(sum(output_tokens), 0) AS o, ifnull(sum(cost), 0) AS c,
       ifnull(sum(cache_hit), 0) AS h FROM predictions WHERE run_id = ?`,
    [runId],
  );
  return {
    inputTokens: Number(r?.['i'] ?? 0),
    outputTokens: Number(r?.['o'] ?? 0),
    cost: Number(r?.['c'] ?? 0),
    cacheHits: Number(r?.['h'] ?? 0),
  };
}
