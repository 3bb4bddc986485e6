// Review state: which samples a review slice covers (one SQL query, ordered by idx), review
// marks per sample (and run), accepted / rejected suggestions, persisted queue positions, the
// counts behind the smart folders, and the light reads the tags export needs.
import { StoreError } from '../errors';
import type { ReviewCondition, ReviewSlice } from '../model';
import type { LabelLevel } from '../model';
import { SEARCH_TEXT_MAX } from '../model';
import type { DurableDatabase } from './durableDatabase';
import type { SqlOp, SqlParam } from './journal';
import { analysisConditionSql } from './analysisConditionSql';
import { FOLD_FUNCTION, foldText, isAsciiSearch } from './searchFold';

/** A sample counts as reviewed once it was stepped through in a review, tagged or given a note. */
const REVIEW_EVIDENCE = ['sample_reviews', 'sample_tags', 'notes'] as const;
import { requireSample } from './tagQueries';

export type SuggestionDecision = 'accepted' | 'rejected';

export interface SuggestionDecisionRecord {
  sampleId: number;
  runId: number | null;
  tagKey: string;
  decision: SuggestionDecision;
  decidedAt: string;
}

export interface ReviewPosition {
  sampleId: number | null;
  /** 0-based index in the queue when it was saved. */
  position: number;
  updatedAt: string;
}

/** A final result of prediction row `p` that missed: failed, or FINER EM 0. */
export const MISSED = `(p.error IS NOT NULL OR p.finer_em = 0)`;

function conditionSql(c: ReviewCondition, params: SqlParam[]): string {
  switch (c.kind) {
    case 'misclassified':
      params.push(c.runId, c.level);
      return `EXISTS (SELECT 1 FROM predictions p WHERE p.run_id = ? AND p.level = ? AND p.sample_id = s.id
        AND p.stage = 'done' AND ${MISSED})`;
    case 'failed':
      params.push(c.runId);
      if (c.level !== undefined) {
        params.push(c.level);
        return `EXISTS (SELECT 1 FROM predictions p WHERE p.run_id = ? AND p.sample_id = s.id AND p.level = ?
          AND p.stage = 'done' AND p.error IS NOT NULL)`;
      }
      return `EXISTS (SELECT 1 FROM predictions p WHERE p.run_id = ? AND p.sample_id = s.id AND p.error IS NOT NULL)`;
    case 'tagged': {
      let run = '';
      if (c.runId !== undefined) {
        run = ' AND (st.run_id IS NULL OR st.run_id = ?)';
        params.push(c.runId);
      }
      params.push(c.tag, c.tag);
      return `EXISTS (SELECT 1 FROM sample_tags st WHERE st.sample_id = s.id${run} AND st.tag_id =
        (SELECT id FROM tags WHERE key = ? OR (key IS NULL AND name = ?) ORDER BY key IS NULL LIMIT 1))`;
    }
    case 'untagged':
      return 'NOT EXISTS (SELECT 1 FROM sample_tags st WHERE st.sample_id = s.id)';
    case 'unreviewed':
    case 'reviewed': {
      // Tagging or noting a sample from its panel is reviewing it too, not only a review-queue step.
      const parts = REVIEW_EVIDENCE.map((table) => {
        let inner = `SELECT 1 FROM ${table} r WHERE r.sample_id = s.id`;
        if (c.runId !== undefined) {
          inner += ' AND (r.run_id IS NULL OR r.run_id = ?)';
          params.push(c.runId);
        }
        return `EXISTS (${inner})`;
      });
      return `${c.kind === 'unreviewed' ? 'NOT ' : ''}(${parts.join(' OR ')})`;
    }
    case 'class': {
      const parts = ['s.superordinate = ?'];
      params.push(c.superordinate);
      if (c.coarse !== undefined) {
        parts.push('s.coarse_primary = ?');
        params.push(c.coarse);
      }
      if (c.fine !== undefined) {
        parts.push('s.fine_primary = ?');
        params.push(c.fine);
      }
      return `(${parts.join(' AND ')})`;
    }
    case 'edited-concept':
      return `EXISTS (SELECT 1 FROM concepts c WHERE c.dataset_id = s.dataset_id AND c.provenance = 'edited'
        AND (c.name_key = lower(trim(s.fine_primary)) OR c.common_key = lower(trim(s.fine_primary))))`;
    case 'samples':
      params.push(JSON.stringify(c.sampleIds.filter((id) => Number.isInteger(id))));
      return 's.id IN (SELECT value FROM json_each(?))';
    case 'result':
    case 'correct':
    case 'gold':
    case 'predicted':
    case 'severity':
    case 'flip':
    case 'quadrant':
      return analysisConditionSql(c, params) ?? '0';
    case 'search':
      return searchSql(c, params);
  }
}

/**
 * Text in a final answer or in the generated attributes (their stored JSON) of one run or any,
 * in any letter case. instr() rather than LIKE: the user's % and _ are plain characters. An
 * ASCII search text goes through SQLite's lower(); one with other characters through fl_fold
 * (Unicode lower case of the NFC form, see searchFold.ts), so "École" finds "école".
 */
function searchSql(c: Extract<ReviewCondition, { kind: 'search' }>, params: SqlParam[]): string {
  const text = typeof c.text === 'string' ? c.text.trim() : '';
  if (text.length === 0 || text.length > SEARCH_TEXT_MAX) {
    throw new StoreError(`Search text must have 1 to ${SEARCH_TEXT_MAX} characters.`, 'invalid');
  }
  const ascii = isAsciiSearch(text);
  const needle = ascii ? text.toLowerCase() : foldText(text);
  const fold = ascii ? 'lower' : FOLD_FUNCTION;
  let sql = 'SELECT 1 FROM predictions p WHERE p.sample_id = s.id';
  if (c.runId !== undefined) {
    sql += ' AND p.run_id = ?';
    params.push(c.runId);
  }
  params.push(needle, needle);
  return `EXISTS (${sql} AND (instr(${fold}(p.answer), ?) > 0 OR instr(${fold}(p.attributes_json), ?) > 0))`;
}

/** The WHERE clause (over `samples s`) of a slice and its parameters. */
export function sliceWhere(slice: ReviewSlice): { where: string; params: SqlParam[] } {
  const params: SqlParam[] = [slice.datasetId];
  const parts = ['s.dataset_id = ?', ...slice.conditions.map((c) => conditionSql(c, params))];
  return { where: parts.join(' AND '), params };
}

/** Sample ids of the slice, ordered by idx: one query, whatever the dataset size. */
export function sliceSampleIds(db: DurableDatabase, slice: ReviewSlice): number[] {
  const { where, params } = sliceWhere(slice);
  return db
    .all<{ id: number }>(`SELECT s.id FROM samples s WHERE ${where} ORDER BY s.idx, s.id`, params)
    .map((r) => r.id);
}

export function countSlice(db: DurableDatabase, slice: ReviewSlice): number {
  const { where, params } = sliceWhere(slice);
  return Number(db.get<{ n: number }>(`SELECT count(*) AS n FROM samples s WHERE ${where}`, params)?.n ?? 0);
}

// ---- review marks --------------------------------------------------------------------------

export function reviewedAt(
  db: DurableDatabase,
  sampleId: number,
  runId: number | null = null,
): string | undefined {
  return db.get<{ reviewed_at: string }>(
    'SELECT reviewed_at FROM sample_reviews WHERE sample_id = ? AND ifnull(run_id, 0) = ?',
    [sampleId, runId ?? 0],
  )?.reviewed_at;
}

/** Marks (or with `reviewed` false, unmarks) a sample as reviewed; returns whether it changed. */
export function setReviewed(
  db: DurableDatabase,
  sampleId: number,
  runId: number | null,
  reviewed: boolean,
): boolean {
  return db.mutate(() => {
    requireSample(db, sampleId);
    if ((reviewedAt(db, sampleId, runId) !== undefined) === reviewed) return { ops: [], result: false };
    const op: SqlOp = reviewed
      ? {
          sql: 'INSERT OR IGNORE INTO sample_reviews (sample_id, run_id, reviewed_at) VALUES (?, ?, ?)',
          params: [sampleId, runId, new Date().toISOString()],
        }
      : {
          sql: 'DELETE FROM sample_reviews WHERE sample_id = ? AND ifnull(run_id, 0) = ?',
          params: [sampleId, runId ?? 0],
        };
    return { ops: [op], result: true };
  });
}

/** The sample has a tag or a note (on itself or for any run). */
export function isAnnotated(db: DurableDatabase, sampleId: number): boolean {
  return (
    db.get(
      `SELECT 1 AS present WHERE EXISTS (SELECT 1 FROM sample_tags WHERE sample_id = ?)
       OR EXISTS (SELECT 1 FROM notes WHERE sample_id = ?)`,
      [sampleId, sampleId],
    ) !== undefined
  );
}

// ---- suggestion decisions ------------------------------------------------------------------

/** Records (replacing) the user's decision on a suggestion; `undefined` forgets it (undo). */
export function recordSuggestionDecision(
  db: DurableDatabase,
  sampleId: number,
  runId: number | null,
  tagKey: string,
  decision: SuggestionDecision | undefined,
): void {
  db.mutate(() => {
    const ops: SqlOp[] = [
      {
        sql: 'DELETE FROM suggestion_decisions WHERE sample_id = ? AND ifnull(run_id, 0) = ? AND tag_key = ?',
        params: [sampleId, runId ?? 0, tagKey],
      },
    ];
    if (decision !== undefined) {
      ops.push({
        sql: 'INSERT INTO suggestion_decisions (sample_id, run_id, tag_key, decision, decided_at) VALUES (?, ?, ?, ?, ?)',
        params: [sampleId, runId, tagKey, decision, new Date().toISOString()],
      });
    }
    return { ops, result: undefined };
  });
}

export function suggestionDecisions(db: DurableDatabase, sampleId: number): SuggestionDecisionRecord[] {
  return db
    .all<{ sample_id: number; run_id: number | null; tag_key: string; decision: string; decided_at: string }>(
      'SELECT * FROM suggestion_decisions WHERE sample_id = ? ORDER BY decided_at',
      [sampleId],
    )
    .map((r) => ({
      sampleId: r.sample_id,
      runId: r.run_id,
      tagKey: r.tag_key,
      decision: r.decision as SuggestionDecision,
      decidedAt: r.decided_at,
    }));
}

// ---- queue positions -----------------------------------------------------------------------

export function reviewPosition(db: DurableDatabase, queueKey: string): ReviewPosition | undefined {
  const row = db.get<{ sample_id: number | null; position: number; updated_at: string }>(
    'SELECT sample_id, position, updated_at FROM review_positions WHERE queue_key = ?',
    [queueKey],
  );
  return row === undefined
    ? undefined
    : { sampleId: row.sample_id, position: row.position, updatedAt: row.updated_at };
}

export function saveReviewPosition(
  db: DurableDatabase,
  queueKey: string,
  sampleId: number | null,
  position: number,
): void {
  db.mutate(() => {
    const current = reviewPosition(db, queueKey);
    if (current !== undefined && current.sampleId === sampleId && current.position === position) {
      return { ops: [], result: undefined };
    }
    return {
      ops: [
        {
          sql: `INSERT INTO review_positions (queue_key, sample_id, position, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(queue_key) DO UPDATE SET sample_id = excluded.sample_id,
                position = excluded.position, updated_at = excluded.updated_at`,
          params: [queueKey, sampleId, position, new Date().toISOString()],
        },
      ],
      result: undefined,
    };
  });
}

// ---- smart folder counts -------------------------------------------------------------------

export interface RunFolderCounts {
  runId: number;
  /** Misclassified (FINER EM 0 or failed) per level the run has results for. */
  misclassified: Partial<Record<LabelLevel, number>>;
  /** Samples with at least one failed request. */
  failed: number;
}

/** One grouped query per run over its results (the predictions index covers it). */
export function runFolderCounts(db: DurableDatabase, runId: number): RunFolderCounts {
  const misclassified: Partial<Record<LabelLevel, number>> = {};
  for (const r of db.all<{ level: string; n: number }>(
    `SELECT p.level, sum(${MISSED}) AS n FROM predictions p WHERE p.run_id = ? AND p.stage = 'done' GROUP BY p.level`,
    [runId],
  )) {
    misclassified[r.level as LabelLevel] = Number(r.n ?? 0);
  }
  const failed = db.get<{ n: number }>(
    'SELECT count(DISTINCT sample_id) AS n FROM predictions WHERE run_id = ? AND error IS NOT NULL',
    [runId],
  );
  return { runId, misclassified, failed: Number(failed?.n ?? 0) };
}

export interface DatasetFolderCounts {
  samples: number;
  unreviewed: number;
  editedConcepts: number;
  /** Samples of this dataset per tag id. */
  perTag: Map<number, number>;
}

export function datasetFolderCounts(db: DurableDatabase, datasetId: number): DatasetFolderCounts {
  const samples = Number(
    db.get<{ n: number }>('SELECT count(*) AS n FROM samples WHERE dataset_id = ?', [datasetId])?.n ?? 0,
  );
  const reviewed = Number(
    db.get<{ n: number }>(
      `SELECT count(*) AS n FROM (${REVIEW_EVIDENCE.map(
        (table) =>
          `SELECT r.sample_id FROM ${table} r JOIN samples s ON s.id = r.sample_id WHERE s.dataset_id = ?`,
      ).join(' UNION ')})`,
      REVIEW_EVIDENCE.map(() => datasetId),
    )?.n ?? 0,
  );
  const editedConcepts = Number(
    db.get<{ n: number }>(
      "SELECT count(*) AS n FROM concepts WHERE dataset_id = ? AND provenance = 'edited'",
      [datasetId],
    )?.n ?? 0,
  );
  const perTag = new Map<number, number>();
  for (const r of db.all<{ tag_id: number; n: number }>(
    `SELECT st.tag_id, count(DISTINCT st.sample_id) AS n FROM sample_tags st JOIN samples s ON s.id = st.sample_id
     WHERE s.dataset_id = ? GROUP BY st.tag_id`,
    [datasetId],
  )) {
    perTag.set(r.tag_id, Number(r.n));
  }
  return { samples, unreviewed: samples - reviewed, editedConcepts, perTag };
}

// ---- export reads --------------------------------------------------------------------------

export interface AnnotationRow {
  sampleId: number;
  runId: number | null;
  text: string;
}

/** Tag names per sample of a dataset (sample-level and per-run tags; run tags as "name@run<ID>"). */
export function datasetTagNames(db: DurableDatabase, datasetId: number): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const r of db.all<{ sample_id: number; name: string; run_id: number | null }>(
    `SELECT st.sample_id, t.name, st.run_id FROM sample_tags st JOIN tags t ON t.id = st.tag_id
     JOIN samples s ON s.id = st.sample_id WHERE s.dataset_id = ?
     ORDER BY st.sample_id, st.run_id IS NOT NULL, st.run_id, t.position IS NULL, t.position, t.name`,
    [datasetId],
  )) {
    const list = map.get(r.sample_id) ?? [];
    list.push(r.run_id === null ? r.name : `${r.name}@run${r.run_id}`);
    map.set(r.sample_id, list);
  }
  return map;
}

export function datasetNotes(db: DurableDatabase, datasetId: number): AnnotationRow[] {
  return db
    .all<{ sample_id: number; run_id: number | null; text: string }>(
      `SELECT n.sample_id, n.run_id, n.text FROM notes n JOIN samples s ON s.id = n.sample_id
       WHERE s.dataset_id = ? ORDER BY n.sample_id, ifnull(n.run_id, 0)`,
      [datasetId],
    )
    .map((r) => ({ sampleId: r.sample_id, runId: r.run_id, text: r.text }));
}

export interface PredictionBrief {
  sampleId: number;
  level: LabelLevel;
  answer: string | null;
  finerEm: number | null;
  strictEm: number | null;
  error: string | null;
}

/** Final answers and scores of a run, without prompts and raw responses. */
export function runPredictionBriefs(db: DurableDatabase, runId: number): PredictionBrief[] {
  return db
    .all<{
      sample_id: number;
      level: string;
      answer: string | null;
      finer_em: number | null;
      strict_em: number | null;
      error: string | null;
    }>(
      `SELECT sample_id, level, answer, finer_em, strict_em, error FROM predictions
       WHERE run_id = ? AND stage = 'done' ORDER BY sample_id, level`,
      [runId],
    )
    .map((r) => ({
      sampleId: r.sample_id,
      level: r.level as LabelLevel,
      answer: r.answer,
      finerEm: r.finer_em,
      strictEm: r.strict_em,
      error: r.error,
    }));
}
