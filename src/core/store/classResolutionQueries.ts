// Stores the class an answer resolves to (src/core/scoring/classResolution.ts) with each
// prediction: computed when results are saved, and by schema 6's backfill for runs stored before.
// The class index of a dataset is built from its samples once and reused until its labels change.
import type { Database } from 'sql.js';
import type { LabelLevel } from '../model';
import {
  ClassIndex,
  resolvePrediction,
  type ClassPathKey,
  type StoredResolution,
} from '../scoring/classResolution';
import type { SqlParam } from './journal';
import type { Row } from './statementCache';

/** Reads rows; both the store (DurableDatabase.all) and a bare sql.js database (migrations) fit. */
export type RowReader = (sql: string, params: SqlParam[]) => Row[];

export interface DatasetClasses {
  index: ClassIndex;
  /** Sample id -> primary labels per level. */
  gold: Map<number, ClassPathKey>;
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

/** Builds the class index and the gold path of every sample of a dataset. */
export function loadDatasetClasses(read: RowReader, datasetId: number): DatasetClasses {
  const index = new ClassIndex();
  for (const r of read(
    'SELECT DISTINCT superordinate, coarse_json, fine_json FROM samples WHERE dataset_id = ?',
    [datasetId],
  )) {
    index.add({
      superordinate: String(r['superordinate']),
      coarse: parseList(r['coarse_json']),
      fine: parseList(r['fine_json']),
    });
  }
  const gold = new Map<number, ClassPathKey>();
  for (const r of read(
    'SELECT id, superordinate, coarse_primary, fine_primary FROM samples WHERE dataset_id = ?',
    [datasetId],
  )) {
    gold.set(Number(r['id']), {
      superordinate: String(r['superordinate']),
      coarse: String(r['coarse_primary']),
      fine: String(r['fine_primary']),
    });
  }
  return { index, gold };
}

interface CachedClasses {
  stamp: string;
  classes: DatasetClasses;
}

/** Per database object (one open store), per dataset. */
const cache = new WeakMap<object, Map<number, CachedClasses>>();

/** Changes whenever the dataset's samples or labels change (label edits are append-only). */
function labelsStamp(read: RowReader, datasetId: number): string {
  const r = read(
    `SELECT (SELECT sample_count FROM datasets WHERE id = ?) AS n,
       (SELECT ifnull(max(id), 0) FROM label_edits WHERE dataset_id = ?) AS e`,
    [datasetId, datasetId],
  )[0];
  return `${String(r?.['n'])}/${String(r?.['e'])}`;
}

/** The dataset's classes, rebuilt only when its labels changed since the last call. */
export function datasetClasses(owner: object, read: RowReader, datasetId: number): DatasetClasses {
  let perDataset = cache.get(owner);
  if (perDataset === undefined) {
    perDataset = new Map();
    cache.set(owner, perDataset);
  }
  const stamp = labelsStamp(read, datasetId);
  const hit = perDataset.get(datasetId);
  if (hit !== undefined && hit.stamp === stamp) return hit.classes;
  const classes = loadDatasetClasses(read, datasetId);
  perDataset.set(datasetId, { stamp, classes });
  return classes;
}

export interface ResolvableRow {
  sampleId: number;
  level: LabelLevel;
  answer: string | null;
  finerEm: number | null;
  error: string | null;
}

export function resolveRow(classes: DatasetClasses, row: ResolvableRow): StoredResolution {
  return resolvePrediction(classes.index, row, classes.gold.get(row.sampleId));
}

/** Resolves every stored prediction of every run (schema 6 migration). Returns how many were resolved. */
export function backfillResolutions(db: Database): number {
  const read: RowReader = (sql, params) => {
    const statement = db.prepare(sql);
    try {
      statement.bind(params);
      const rows: Row[] = [];
      while (statement.step()) rows.push(statement.getAsObject());
      return rows;
    } finally {
      statement.free();
    }
  };
  const update = db.prepare(
    'UPDATE predictions SET resolved_class = ?, resolution_rule = ?, mistake_severity = ? WHERE id = ?',
  );
  let resolved = 0;
  try {
    for (const d of read('SELECT DISTINCT dataset_id FROM runs', [])) {
      const datasetId = Number(d['dataset_id']);
      const classes = loadDatasetClasses(read, datasetId);
      for (const p of read(
        `SELECT p.id, p.sample_id, p.level, p.answer, p.finer_em, p.error FROM predictions p
         JOIN runs r ON r.id = p.run_id WHERE r.dataset_id = ? AND p.stage = 'done' AND p.answer IS NOT NULL`,
        [datasetId],
      )) {
        const result = resolveRow(classes, {
          sampleId: Number(p['sample_id']),
          level: String(p['level']) as LabelLevel,
          answer: p['answer'] === null ? null : String(p['answer']),
          finerEm: p['finer_em'] === null ? null : Number(p['finer_em']),
          error: p['error'] === null ? null : String(p['error']),
        });
        if (result.resolutionRule === null) continue;
        update.run([result.resolvedClass, result.resolutionRule, result.mistakeSeverity, Number(p['id'])]);
        resolved++;
      }
    }
  } finally {
    update.free();
  }
  return resolved;
}
