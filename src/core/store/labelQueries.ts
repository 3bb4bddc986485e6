// Corrections of a sample's gold labels (e.g. from a Label Studio review), with their history in
// `label_edits` (schema 6): every change keeps the list before and after, who made it and why,
// so nothing is overwritten silently and every earlier state stays on record.
import { StoreError } from '../errors';
import type { LabelLevel } from '../model';
import type { DurableDatabase } from './durableDatabase';
import type { SqlOp } from './journal';
import { NO_LABEL } from './rowMapping';
import type { Row } from './statementCache';

export interface LabelEdit {
  id: number;
  sampleId: number;
  level: LabelLevel;
  /** The labels before and after (for the superordinate a one-element list). */
  oldLabels: string[];
  newLabels: string[];
  actor: string;
  /** Where the change came from, e.g. "label-studio". */
  source: string | null;
  reason: string | null;
  createdAt: string;
}

export interface LabelCorrection {
  actor: string;
  source?: string;
  reason?: string;
  /**
   * The primary label the caller saw (e.g. when it exported the task). When the stored one differs
   * the correction is refused with StoreError 'conflict' instead of overwriting the newer label.
   */
  expectedPrimary?: string;
}

function parseList(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** The stored labels of a sample at a level (the superordinate as a one-element list). */
function currentLabels(row: Row, level: LabelLevel): string[] {
  switch (level) {
    case 'superordinate':
      return [String(row['superordinate'])];
    case 'coarse':
      return parseList(row['coarse_json']);
    case 'fine':
      return parseList(row['fine_json']);
  }
}

function cleanLabels(labels: readonly string[]): string[] {
  const out: string[] = [];
  for (const label of labels) {
    const text = label.trim();
    if (text !== '' && !out.includes(text)) out.push(text);
  }
  return out;
}

/**
 * Replaces a sample's labels at one level and records the change; durable on return.
 * Returns the edit, or undefined when the labels were already these.
 */
export function correctSampleLabels(
  db: DurableDatabase,
  sampleId: number,
  level: LabelLevel,
  labels: readonly string[],
  correction: LabelCorrection,
): LabelEdit | undefined {
  const next = cleanLabels(labels);
  if (next.length === 0) throw new StoreError(`No label given for the ${level} level.`, 'invalid');
  if (level === 'superordinate' && next.length > 1)
    throw new StoreError('A sample has exactly one superordinate label.', 'invalid');
  return db.mutate(() => {
    const row = db.get<Row>(
      'SELECT id, dataset_id, superordinate, coarse_json, fine_json FROM samples WHERE id = ?',
      [sampleId],
    );
    if (row === undefined) throw new StoreError(`Sample ${sampleId} does not exist.`, 'not-found');
    const before = currentLabels(row, level);
    const primary = before[0] ?? NO_LABEL;
    if (correction.expectedPrimary !== undefined && correction.expectedPrimary !== primary) {
      throw new StoreError(
        `The ${level} label of sample ${sampleId} is now "${primary}", not "${correction.expectedPrimary}": it changed since.`,
        'conflict',
      );
    }
    if (JSON.stringify(before) === JSON.stringify(next)) return { ops: [], result: undefined };
    const id = Number(db.get<Row>('SELECT ifnull(max(id), 0) + 1 AS n FROM label_edits')?.['n'] ?? 1);
    const createdAt = new Date().toISOString();
    const update: SqlOp =
      level === 'superordinate'
        ? { sql: 'UPDATE samples SET superordinate = ? WHERE id = ?', params: [next[0] ?? '', sampleId] }
        : {
            sql: `UPDATE samples SET ${level}_json = ?, ${level}_primary = ? WHERE id = ?`,
            params: [JSON.stringify(next), next[0] ?? NO_LABEL, sampleId],
          };
    const edit: LabelEdit = {
      id,
      sampleId,
      level,
      oldLabels: before,
      newLabels: next,
      actor: correction.actor,
      source: correction.source ?? null,
      reason: correction.reason ?? null,
      createdAt,
    };
    const insert: SqlOp = {
      sql: `INSERT INTO label_edits (id, dataset_id, sample_id, level, old_value, new_value, actor, source, reason,
              created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      params: [
        id,
        Number(row['dataset_id']),
        sampleId,
        level,
        JSON.stringify(before),
        JSON.stringify(next),
        edit.actor,
        edit.source,
        edit.reason,
        createdAt,
      ],
    };
    return { ops: [update, insert], result: edit };
  });
}

/** Every label change of a sample, oldest first. */
export function labelHistory(db: DurableDatabase, sampleId: number): LabelEdit[] {
  return db.all<Row>('SELECT * FROM label_edits WHERE sample_id = ? ORDER BY id', [sampleId]).map((r) => ({
    id: Number(r['id']),
    sampleId: Number(r['sample_id']),
    level: String(r['level']) as LabelLevel,
    oldLabels: parseList(r['old_value']),
    newLabels: parseList(r['new_value']),
    actor: String(r['actor']),
    source: r['source'] === null ? null : String(r['source']),
    reason: r['reason'] === null ? null : String(r['reason']),
    createdAt: String(r['created_at']),
  }));
}

/** The labels of each class of a dataset at a level, keyed by its primary label (lists merged). */
export function classLabelLists(
  db: DurableDatabase,
  datasetId: number,
  level: LabelLevel,
): Map<string, string[]> {
  const map = new Map<string, string[]>();
  if (level === 'superordinate') {
    for (const r of db.all<Row>('SELECT DISTINCT superordinate FROM samples WHERE dataset_id = ?', [
      datasetId,
    ])) {
      map.set(String(r['superordinate']), [String(r['superordinate'])]);
    }
    return map;
  }
  for (const r of db.all<Row>(
    `SELECT DISTINCT ${level}_primary AS k, ${level}_json AS j FROM samples WHERE dataset_id = ? AND ${level}_json <> '[]'`,
    [datasetId],
  )) {
    const key = String(r['k']);
    const list = map.get(key) ?? [];
    for (const label of parseList(r['j'])) if (!list.includes(label)) list.push(label);
    map.set(key, list);
  }
  return map;
}
