// Read-side aggregates behind a run's failure map (src/core/analysis/runAnalysis): per level and
// per class counts, resolved-answer cells for confusions and matrices, image vs text-only outcomes,
// shared-sample flips between two runs, tags, per-request latency / tokens / cost, and the
// attribute lists of an ATTRSEEK run. Each is one grouped query over the predictions index.
import type { LabelLevel } from '../model';
import { GOLD_CLASS_COLUMN, severityBreakdown } from './confusionQueries';
import type { DurableDatabase } from './durableDatabase';
import type { SqlParam } from './journal';
import type { Row } from './statementCache';

const num = (v: unknown): number => Number(v ?? 0);
const meanOf = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export interface LevelCounts {
  level: LabelLevel;
  /** Final results stored (errors included). */
  n: number;
  scored: number;
  errors: number;
  truncated: number;
  refused: number;
  /** FINER EM 1 / strict EM 1. */
  correct: number;
  strictCorrect: number;
  finerEm: number | null;
  strictEm: number | null;
  f1: number | null;
}

const LEVEL_ORDER = `CASE level WHEN 'superordinate' THEN 0 WHEN 'coarse' THEN 1 ELSE 2 END`;

export function levelCounts(db: DurableDatabase, runId: number): LevelCounts[] {
  return db
    .all<Row>(
      `SELECT level, count(*) AS n, sum(finer_em IS NOT NULL) AS scored, sum(error IS NOT NULL) AS errors,
         sum(finish_reason = 'length') AS truncated, sum(refusal IS NOT NULL) AS refused,
         sum(finer_em = 1) AS correct, sum(strict_em = 1) AS strict_correct,
         avg(finer_em) AS finer_em, avg(strict_em) AS strict_em, avg(f1) AS f1
       FROM predictions WHERE run_id = ? AND stage = 'done' GROUP BY level ORDER BY ${LEVEL_ORDER}`,
      [runId],
    )
    .map((r) => ({
      level: String(r['level']) as LabelLevel,
      n: num(r['n']),
      scored: num(r['scored']),
      errors: num(r['errors']),
      truncated: num(r['truncated']),
      refused: num(r['refused']),
      correct: num(r['correct']),
      strictCorrect: num(r['strict_correct']),
      finerEm: meanOf(r['finer_em']),
      strictEm: meanOf(r['strict_em']),
      f1: meanOf(r['f1']),
    }));
}

/** Samples with a final result at each of `levels`, and those right (FINER EM 1) at all of them. */
export function consistencyCounts(
  db: DurableDatabase,
  runId: number,
  levels: readonly LabelLevel[],
): { answeredAll: number; rightAll: number } {
  const r = db.get<Row>(
    `SELECT sum(c = ?) AS answered, sum(c = ? AND r = ?) AS right_all FROM (
       SELECT count(*) AS c, sum(finer_em = 1) AS r FROM predictions
       WHERE run_id = ? AND stage = 'done' AND level IN (SELECT value FROM json_each(?)) GROUP BY sample_id)`,
    [levels.length, levels.length, levels.length, runId, JSON.stringify(levels)],
  );
  return { answeredAll: num(r?.['answered']), rightAll: num(r?.['right_all']) };
}

export interface ClassCounts {
  /** Primary label of the gold class at the level. */
  classKey: string;
  superordinate: string;
  /** The coarse group (for fine classes; the class itself for coarse). */
  coarse: string;
  n: number;
  scored: number;
  errors: number;
  correct: number;
  finerEm: number | null;
  strictEm: number | null;
}

/** Per gold class at `level` (the sample's primary label there). */
export function classCounts(db: DurableDatabase, runId: number, level: LabelLevel): ClassCounts[] {
  const col = GOLD_CLASS_COLUMN[level];
  return db
    .all<Row>(
      `SELECT s.${col} AS gold, min(s.superordinate) AS sup, min(s.coarse_primary) AS coarse, count(*) AS n,
         sum(p.finer_em IS NOT NULL) AS scored, sum(p.error IS NOT NULL) AS errors, sum(p.finer_em = 1) AS correct,
         avg(p.finer_em) AS finer_em, avg(p.strict_em) AS strict_em
       FROM predictions p JOIN samples s ON s.id = p.sample_id
       WHERE p.run_id = ? AND p.level = ? AND p.stage = 'done' GROUP BY s.${col}`,
      [runId, level],
    )
    .map((r) => ({
      classKey: String(r['gold']),
      superordinate: String(r['sup']),
      coarse: String(r['coarse']),
      n: num(r['n']),
      scored: num(r['scored']),
      errors: num(r['errors']),
      correct: num(r['correct']),
      finerEm: meanOf(r['finer_em']),
      strictEm: meanOf(r['strict_em']),
    }));
}

/** Per gold class at `level`: samples with a final result in both runs. */
export function sharedClassCounts(
  db: DurableDatabase,
  runA: number,
  runB: number,
  level: LabelLevel,
): { classKey: string; n: number }[] {
  const col = GOLD_CLASS_COLUMN[level];
  return db
    .all<Row>(
      `SELECT s.${col} AS gold, count(*) AS n FROM predictions a
       JOIN predictions b ON b.run_id = ? AND b.sample_id = a.sample_id AND b.level = a.level AND b.stage = 'done'
       JOIN samples s ON s.id = a.sample_id
       WHERE a.run_id = ? AND a.level = ? AND a.stage = 'done' GROUP BY 1`,
      [runB, runA, level],
    )
    .map((r) => ({ classKey: String(r['gold']), n: num(r['n']) }));
}

export interface ResolvedCell {
  gold: string;
  /** The class the answer resolves to; null for off-list and ambiguous answers. */
  resolved: string | null;
  rule: string;
  /** FINER EM of the answers in the cell: right ones and wrong ones counted apart. */
  right: number;
  wrong: number;
  /** Mistake severity of the wrong fine answers (one per cell in practice; the first by name). */
  severity: string | null;
}

/**
 * Scored answers at `level` grouped by (gold class, resolved class, rule); with `coarse`, only
 * samples of that coarse group.
 */
export function resolvedCells(
  db: DurableDatabase,
  runId: number,
  level: LabelLevel,
  coarse?: string,
): ResolvedCell[] {
  const col = GOLD_CLASS_COLUMN[level];
  const params: SqlParam[] = [runId, level];
  let scope = '';
  if (coarse !== undefined) {
    scope = ' AND s.coarse_primary = ?';
    params.push(coarse);
  }
  return db
    .all<Row>(
      `SELECT s.${col} AS gold, p.resolved_class AS resolved, p.resolution_rule AS rule,
         sum(p.finer_em = 1) AS right_n, sum(p.finer_em = 0) AS wrong_n, min(p.mistake_severity) AS severity
       FROM predictions p JOIN samples s ON s.id = p.sample_id
       WHERE p.run_id = ? AND p.level = ? AND p.stage = 'done' AND p.error IS NULL
         AND p.resolution_rule IS NOT NULL${scope}
       GROUP BY 1, 2, 3`,
      params,
    )
    .map((r) => ({
      gold: String(r['gold']),
      resolved: text(r['resolved']),
      rule: String(r['rule']),
      right: num(r['right_n']),
      wrong: num(r['wrong_n']),
      severity: text(r['severity']),
    }));
}

export interface ModalityCell {
  fine: string;
  coarse: string;
  imageRight: boolean;
  textRight: boolean;
  count: number;
}

/** Fine-level outcomes of an image run and a text-only run on their shared samples, per class. */
export function modalityCells(db: DurableDatabase, imageRunId: number, textRunId: number): ModalityCell[] {
  return db
    .all<Row>(
      `SELECT s.fine_primary AS fine, s.coarse_primary AS coarse, ifnull(i.finer_em, 0) = 1 AS ir,
         ifnull(t.finer_em, 0) = 1 AS tr, count(*) AS n
       FROM predictions i
       JOIN predictions t ON t.sample_id = i.sample_id AND t.run_id = ? AND t.level = 'fine' AND t.stage = 'done'
       JOIN samples s ON s.id = i.sample_id
       WHERE i.run_id = ? AND i.level = 'fine' AND i.stage = 'done'
       GROUP BY 1, 2, 3, 4`,
      [textRunId, imageRunId],
    )
    .map((r) => ({
      fine: String(r['fine']),
      coarse: String(r['coarse']),
      imageRight: num(r['ir']) === 1,
      textRight: num(r['tr']) === 1,
      count: num(r['n']),
    }));
}

export interface FlipCounts {
  level: LabelLevel;
  /** Samples both runs have a final result for at the level. */
  shared: number;
  rightA: number;
  rightB: number;
  /** Right (FINER EM 1) in A, wrong (FINER EM 0 or failed) in B; and the other way round. */
  rightToWrong: number;
  wrongToRight: number;
}

export function flipCounts(db: DurableDatabase, runA: number, runB: number): FlipCounts[] {
  return db
    .all<Row>(
      `SELECT a.level AS level, count(*) AS shared, sum(a.finer_em = 1) AS ra, sum(b.finer_em = 1) AS rb,
         sum(a.finer_em = 1 AND (b.error IS NOT NULL OR b.finer_em = 0)) AS rw,
         sum((a.error IS NOT NULL OR a.finer_em = 0) AND b.finer_em = 1) AS wr
       FROM predictions a JOIN predictions b ON b.run_id = ? AND b.sample_id = a.sample_id AND b.level = a.level
         AND b.stage = 'done'
       WHERE a.run_id = ? AND a.stage = 'done' GROUP BY a.level ORDER BY CASE a.level
         WHEN 'superordinate' THEN 0 WHEN 'coarse' THEN 1 ELSE 2 END`,
      [runB, runA],
    )
    .map((r) => ({
      level: String(r['level']) as LabelLevel,
      shared: num(r['shared']),
      rightA: num(r['ra']),
      rightB: num(r['rb']),
      rightToWrong: num(r['rw']),
      wrongToRight: num(r['wr']),
    }));
}

export interface TagCount {
  key: string | null;
  name: string;
  /** The string a `tagged` condition takes (key, else name). */
  ref: string;
  /** Gold fine class, when counted per class. */
  fine?: string;
  count: number;
}

/** Samples of a dataset carrying each tag on the sample itself or for `runId`; per fine class with `perClass`. */
export function tagCounts(
  db: DurableDatabase,
  datasetId: number,
  runId: number,
  perClass: boolean,
): TagCount[] {
  const classCol = perClass ? ', s.fine_primary AS fine' : '';
  const group = perClass ? 'GROUP BY t.id, s.fine_primary' : 'GROUP BY t.id';
  return db
    .all<Row>(
      `SELECT t.key AS key, t.name AS name${classCol}, count(DISTINCT st.sample_id) AS n
       FROM sample_tags st JOIN tags t ON t.id = st.tag_id JOIN samples s ON s.id = st.sample_id
       WHERE s.dataset_id = ? AND (st.run_id IS NULL OR st.run_id = ?) ${group}
       ORDER BY n DESC, t.position IS NULL, t.position, t.name`,
      [datasetId, runId],
    )
    .map((r) => {
      const key = text(r['key']);
      const name = String(r['name']);
      const row: TagCount = { key, name, ref: key ?? name, count: num(r['n']) };
      if (perClass) row.fine = String(r['fine']);
      return row;
    });
}

export interface RequestFigures {
  /** Sorted ascending. */
  latencyMs: number[];
  tokens: number[];
  inputTokens: number;
  outputTokens: number;
  cost: number;
  costed: number;
  requests: number;
  cacheHits: number;
}

/** Per stored result (every stage): latency and tokens sorted, and totals. */
export function requestFigures(db: DurableDatabase, runId: number): RequestFigures {
  const latencyMs = db
    .all<Row>(
      'SELECT latency_ms AS v FROM predictions WHERE run_id = ? AND latency_ms IS NOT NULL ORDER BY latency_ms',
      [runId],
    )
    .map((r) => Number(r['v']));
  const tokens = db
    .all<Row>(
      `SELECT ifnull(input_tokens, 0) + ifnull(output_tokens, 0) AS v FROM predictions
       WHERE run_id = ? AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL) ORDER BY v`,
      [runId],
    )
    .map((r) => Number(r['v']));
  const t = db.get<Row>(
    `SELECT count(*) AS n, ifnull(sum(input_tokens), 0) AS i, ifnull(sum(output_tokens), 0) AS o,
       ifnull(sum(cost), 0) AS c, sum(cost IS NOT NULL) AS costed, ifnull(sum(cache_hit), 0) AS h
     FROM predictions WHERE run_id = ?`,
    [runId],
  );
  return {
    latencyMs,
    tokens,
    inputTokens: num(t?.['i']),
    outputTokens: num(t?.['o']),
    cost: num(t?.['c']),
    costed: num(t?.['costed']),
    requests: num(t?.['n']),
    cacheHits: num(t?.['h']),
  };
}

export interface AttributeListRow {
  sampleId: number;
  level: LabelLevel;
  gold: string;
  /** JSON text of the parsed ATTRSEEK attributes. */
  attributesJson: string;
  finerEm: number | null;
  resolvedClass: string | null;
}

/** Final results of a run that carry a generated attribute list (ATTRSEEK turn 1), at `level`. */
export function attributeLists(db: DurableDatabase, runId: number, level: LabelLevel): AttributeListRow[] {
  return attributeListRows(db, runId, level, -1, -1);
}

/**
 * The same rows as attributeLists, in sample order, `pageSize` at a time (keyset paging on the
 * run-level-sample index): a caller that must stay responsive can yield between pages.
 */
export function* attributeListPages(
  db: DurableDatabase,
  runId: number,
  level: LabelLevel,
  pageSize: number,
): Generator<AttributeListRow[]> {
  for (let after = -1; ;) {
    const page = attributeListRows(db, runId, level, after, pageSize);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.sampleId;
    if (page.length < pageSize) return;
  }
}

function attributeListRows(
  db: DurableDatabase,
  runId: number,
  level: LabelLevel,
  afterSampleId: number,
  limit: number,
): AttributeListRow[] {
  return db
    .all<Row>(
      `SELECT p.sample_id AS sid, p.level AS level, s.fine_primary AS gold, p.attributes_json AS attrs,
         p.finer_em AS em, p.resolved_class AS resolved
       FROM predictions p JOIN samples s ON s.id = p.sample_id
       WHERE p.run_id = ? AND p.level = ? AND p.sample_id > ? AND p.stage = 'done'
         AND p.attributes_json IS NOT NULL
       ORDER BY p.sample_id LIMIT ?`,
      [runId, level, afterSampleId, limit],
    )
    .map((r) => ({
      sampleId: num(r['sid']),
      level: String(r['level']) as LabelLevel,
      gold: String(r['gold']),
      attributesJson: String(r['attrs']),
      finerEm: meanOf(r['em']),
      resolvedClass: text(r['resolved']),
    }));
}

/** The queries bound to one open database, handed out by the store. */
export interface RunAnalysisQueries {
  levelCounts(runId: number): LevelCounts[];
  consistencyCounts(runId: number, levels: readonly LabelLevel[]): { answeredAll: number; rightAll: number };
  classCounts(runId: number, level: LabelLevel): ClassCounts[];
  sharedClassCounts(runA: number, runB: number, level: LabelLevel): { classKey: string; n: number }[];
  resolvedCells(runId: number, level: LabelLevel, coarse?: string): ResolvedCell[];
  modalityCells(imageRunId: number, textRunId: number): ModalityCell[];
  flipCounts(runA: number, runB: number): FlipCounts[];
  tagCounts(datasetId: number, runId: number, perClass: boolean): TagCount[];
  requestFigures(runId: number): RequestFigures;
  /** Wrong fine answers (FINER EM 0) and their count per mistake severity. */
  severityCounts(runId: number): { wrong: number; counts: Record<string, number> };
  attributeLists(runId: number, level: LabelLevel): AttributeListRow[];
}

export function bindRunAnalysisQueries(db: DurableDatabase): RunAnalysisQueries {
  return {
    levelCounts: (runId) => levelCounts(db, runId),
    consistencyCounts: (runId, levels) => consistencyCounts(db, runId, levels),
    classCounts: (runId, level) => classCounts(db, runId, level),
    sharedClassCounts: (a, b, level) => sharedClassCounts(db, a, b, level),
    resolvedCells: (runId, level, coarse) => resolvedCells(db, runId, level, coarse),
    modalityCells: (i, t) => modalityCells(db, i, t),
    flipCounts: (a, b) => flipCounts(db, a, b),
    tagCounts: (d, r, perClass) => tagCounts(db, d, r, perClass),
    requestFigures: (runId) => requestFigures(db, runId),
    severityCounts: (runId) => severityBreakdown(db, runId),
    attributeLists: (runId, level) => attributeLists(db, runId, level),
  };
}
