// Datasets, samples and concepts: the import transaction and the queries behind the tree,
// the sample panel and the statistics.
import { StoreError } from '../errors';
import type {
  Concept,
  Dataset,
  DatasetStats,
  LabelCount,
  NewConcept,
  NewDataset,
  NewSample,
  Sample,
  ImportSink,
} from '../model';
import type { BulkRunner, DurableDatabase } from './durableDatabase';
import type { SqlParam } from './journal';
import type { AttributeRow, ConceptRow, DatasetRow, SampleRow } from './rowMapping';
import {
  DATASET_SELECT,
  NO_LABEL,
  SAMPLE_COLUMNS,
  labelKey,
  toConcepts,
  toDataset,
  toSample,
} from './rowMapping';

/** A fine class of a dataset, as the tree and the panel name it. */
export interface ClassPath {
  datasetId: number;
  superordinate: string;
  coarse: string;
  fine: string;
}

export interface ImportCounts {
  datasetId: number;
  samples: number;
  /** Concepts stored; a second concept with the same (case-insensitive) name is not. */
  concepts: number;
}

const INSERT_CONCEPT = `INSERT INTO concepts (dataset_id, name, name_key, source_id, common_name, common_key, provenance)
  VALUES (?, ?, ?, ?, ?, ?, 'imported') ON CONFLICT (dataset_id, name_key) DO NOTHING`;
const INSERT_ATTRIBUTE =
  'INSERT INTO concept_attributes (concept_id, kind, position, text) VALUES (?, ?, ?, ?)';

export async function importDataset(
  store: DurableDatabase,
  meta: NewDataset,
  fill: (sink: ImportSink) => Promise<void>,
): Promise<ImportCounts> {
  const name = meta.name.trim();
  if (name === '') throw new StoreError('A dataset needs a name.', 'invalid');
  return store.bulk(async (run) => {
    if (findDatasetByName(store, name) !== undefined) {
      throw new StoreError(
        `A dataset named "${name}" already exists; choose another name or remove it first.`,
        'invalid',
      );
    }
    run(
      'INSERT INTO datasets (name, root_dir, format, split, created_at, source_json) VALUES (?, ?, ?, ?, ?, ?)',
      [
        name,
        meta.rootDir,
        meta.format,
        meta.split,
        new Date().toISOString(),
        JSON.stringify(meta.source ?? {}),
      ],
    );
    const datasetId = lastInsertId(store);
    const counts: ImportCounts = { datasetId, samples: 0, concepts: 0 };
    const samples = new SampleBatcher(run, datasetId);
    await fill({
      addSample(sample) {
        samples.add(sample);
        counts.samples++;
      },
      addConcept(concept) {
        if (insertConcept(store, run, datasetId, concept)) counts.concepts++;
      },
      // The pages in use, rows of this transaction included (batches are written as they fill).
      estimatedDatabaseBytes: () => databaseBytes(store),
    });
    samples.flush();
    // Kept on the dataset so listing datasets does not count every sample (schema 5).
    run('UPDATE datasets SET sample_count = ? WHERE id = ?', [counts.samples, datasetId]);
    return counts;
  });
}

/**
 * Samples go in as multi-row INSERTs of SAMPLE_BATCH_SIZE rows: far fewer statement steps
 * across the JS/wasm boundary than one INSERT per row. 100 rows x 10 columns stays well under
 * SQLite's limit of 32,766 bound parameters.
 */
const SAMPLE_COLUMNS_INSERT = `INSERT INTO samples (dataset_id, idx, image_path, superordinate, coarse_json, fine_json,
  coarse_primary, fine_primary, split, metadata_json) VALUES `;
const SAMPLE_ROW_PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const SAMPLE_BATCH_SIZE = 100;
const INSERT_SAMPLE_BATCH =
  SAMPLE_COLUMNS_INSERT + Array<string>(SAMPLE_BATCH_SIZE).fill(SAMPLE_ROW_PLACEHOLDERS).join(', ');

/** Size of the database now (its pages, as the file will have them), in bytes. */
function databaseBytes(store: DurableDatabase): number {
  const row = store.get('SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()');
  return Number(row?.['n'] ?? 0);
}

class SampleBatcher {
  private params: SqlParam[] = [];
  private rows = 0;

  constructor(
    private readonly run: BulkRunner,
    private readonly datasetId: number,
  ) {}

  add(sample: NewSample): void {
    this.params.push(
      this.datasetId,
      sample.idx,
      sample.imagePath,
      sample.superordinate,
      JSON.stringify(sample.coarse),
      JSON.stringify(sample.fine),
      sample.coarse[0] ?? NO_LABEL,
      sample.fine[0] ?? NO_LABEL,
      sample.split,
      JSON.stringify(sample.metadata),
    );
    this.rows++;
    if (this.rows === SAMPLE_BATCH_SIZE) {
      this.run(INSERT_SAMPLE_BATCH, this.params);
      this.params = [];
      this.rows = 0;
    }
  }

  /** Writes the last, partial batch with a statement of its own size. */
  flush(): void {
    if (this.rows === 0) return;
    const sql = SAMPLE_COLUMNS_INSERT + Array<string>(this.rows).fill(SAMPLE_ROW_PLACEHOLDERS).join(', ');
    this.run(sql, this.params);
    this.params = [];
    this.rows = 0;
  }
}

function insertConcept(
  store: DurableDatabase,
  run: BulkRunner,
  datasetId: number,
  concept: NewConcept,
): boolean {
  const commonKey = concept.commonName === null ? null : labelKey(concept.commonName);
  run(INSERT_CONCEPT, [
    datasetId,
    concept.name,
    labelKey(concept.name),
    concept.sourceId,
    concept.commonName,
    commonKey,
  ]);
  if (store.get('SELECT changes() AS n')?.['n'] !== 1) return false;
  const conceptId = lastInsertId(store);
  concept.required.forEach((text, position) =>
    run(INSERT_ATTRIBUTE, [conceptId, 'required', position, text]),
  );
  concept.likely.forEach((text, position) => run(INSERT_ATTRIBUTE, [conceptId, 'likely', position, text]));
  return true;
}

function lastInsertId(store: DurableDatabase): number {
  return Number(store.get('SELECT last_insert_rowid() AS id')?.['id']);
}

export function listDatasets(store: DurableDatabase): Dataset[] {
  return store.all<DatasetRow>(`${DATASET_SELECT} ORDER BY d.name`).map(toDataset);
}

export function getDataset(store: DurableDatabase, id: number): Dataset | undefined {
  const row = store.get<DatasetRow>(`${DATASET_SELECT} WHERE d.id = ?`, [id]);
  return row && toDataset(row);
}

export function findDatasetByName(store: DurableDatabase, name: string): Dataset | undefined {
  const row = store.get<DatasetRow>(`${DATASET_SELECT} WHERE d.name = ?`, [name]);
  return row && toDataset(row);
}

/** Deletes a dataset and, by cascade, its samples, concepts, tag links, notes, runs and predictions. */
export function removeDataset(store: DurableDatabase, id: number): void {
  store.mutate(() => {
    if (store.get('SELECT 1 AS present FROM datasets WHERE id = ?', [id]) === undefined) {
      throw new StoreError(`Dataset ${id} does not exist.`, 'not-found');
    }
    return { ops: [{ sql: 'DELETE FROM datasets WHERE id = ?', params: [id] }], result: undefined };
  });
}

/** Distinct coarse and fine counts are over every label string of the lists, not just the first. */
export function datasetStats(store: DurableDatabase, id: number): DatasetStats {
  const dataset = getDataset(store, id);
  if (dataset === undefined) throw new StoreError(`Dataset ${id} does not exist.`, 'not-found');
  const count = (sql: string): number => Number(store.get(sql, [id])?.['n'] ?? 0);
  return {
    datasetId: id,
    name: dataset.name,
    samples: dataset.sampleCount,
    distinct: {
      superordinate: count('SELECT count(DISTINCT superordinate) AS n FROM samples WHERE dataset_id = ?'),
      coarse: count(
        'SELECT count(DISTINCT j.value) AS n FROM samples s, json_each(s.coarse_json) j WHERE s.dataset_id = ?',
      ),
      fine: count(
        'SELECT count(DISTINCT j.value) AS n FROM samples s, json_each(s.fine_json) j WHERE s.dataset_id = ?',
      ),
    },
    conceptsWithAttributes: count(`SELECT count(*) AS n FROM concepts c WHERE c.dataset_id = ?
      AND EXISTS (SELECT 1 FROM concept_attributes a WHERE a.concept_id = c.id)`),
  };
}

export function superordinates(store: DurableDatabase, datasetId: number): LabelCount[] {
  return labelCounts(
    store,
    'SELECT superordinate AS label, count(*) AS count FROM samples WHERE dataset_id = ? GROUP BY superordinate ORDER BY superordinate',
    [datasetId],
  );
}

export function coarseLabels(store: DurableDatabase, datasetId: number, superordinate: string): LabelCount[] {
  return labelCounts(
    store,
    `SELECT coarse_primary AS label, count(*) AS count FROM samples WHERE dataset_id = ? AND superordinate = ?
     GROUP BY coarse_primary ORDER BY coarse_primary`,
    [datasetId, superordinate],
  );
}

export function fineLabels(
  store: DurableDatabase,
  datasetId: number,
  superordinate: string,
  coarse: string,
): LabelCount[] {
  return labelCounts(
    store,
    `SELECT fine_primary AS label, count(*) AS count FROM samples
     WHERE dataset_id = ? AND superordinate = ? AND coarse_primary = ?
     GROUP BY fine_primary ORDER BY fine_primary`,
    [datasetId, superordinate, coarse],
  );
}

function labelCounts(store: DurableDatabase, sql: string, params: (string | number)[]): LabelCount[] {
  return store
    .all<{ label: string; count: number }>(sql, params)
    .map(({ label, count }) => ({ label, count }));
}

export function samplesOfClass(
  store: DurableDatabase,
  path: ClassPath,
  offset: number,
  limit: number,
): Sample[] {
  return store
    .all<SampleRow>(
      `SELECT ${SAMPLE_COLUMNS} FROM samples
       WHERE dataset_id = ? AND superordinate = ? AND coarse_primary = ? AND fine_primary = ?
       ORDER BY idx LIMIT ? OFFSET ?`,
      [path.datasetId, path.superordinate, path.coarse, path.fine, Math.max(0, limit), Math.max(0, offset)],
    )
    .map(toSample);
}

export function getSample(store: DurableDatabase, id: number): Sample | undefined {
  const row = store.get<SampleRow>(`SELECT ${SAMPLE_COLUMNS} FROM samples WHERE id = ?`, [id]);
  return row && toSample(row);
}

const CONCEPT_COLUMNS = 'id, dataset_id, name, source_id, common_name, provenance';

function withAttributes(
  store: DurableDatabase,
  rows: ConceptRow[],
  attributeSql: string,
  params: number[],
): Concept[] {
  if (rows.length === 0) return [];
  return toConcepts(rows, store.all<AttributeRow>(attributeSql, params));
}

/** The concept whose name (else common name) equals, ignoring case, the first possible fine label. */
export function conceptForSample(store: DurableDatabase, sample: Sample): Concept | undefined {
  for (const column of ['name_key', 'common_key']) {
    for (const label of sample.fine) {
      const row = store.get<ConceptRow>(
        `SELECT ${CONCEPT_COLUMNS} FROM concepts WHERE dataset_id = ? AND ${column} = ?`,
        [sample.datasetId, labelKey(label)],
      );
      if (row === undefined) continue;
      return withAttributes(
        store,
        [row],
        'SELECT concept_id, kind, text FROM concept_attributes WHERE concept_id = ? ORDER BY kind, position',
        [row.id],
      )[0];
    }
  }
  return undefined;
}

/**
 * The same concepts as listConcepts, in the same order, read `pageSize` at a time: a caller that
 * must stay responsive (the extension host) can yield between pages.
 */
export function* conceptPages(
  store: DurableDatabase,
  datasetId: number,
  pageSize: number,
): Generator<Concept[]> {
  const ids = store
    .all<{ id: number }>('SELECT id FROM concepts WHERE dataset_id = ? ORDER BY name', [datasetId])
    .map((r) => Number(r.id));
  for (let start = 0; start < ids.length; start += pageSize) {
    const page = ids.slice(start, start + pageSize);
    const marks = page.map(() => '?').join(', ');
    const byId = new Map(
      store
        .all<ConceptRow>(`SELECT ${CONCEPT_COLUMNS} FROM concepts WHERE id IN (${marks})`, page)
        .map((r) => [Number(r.id), r]),
    );
    const rows = page.map((id) => byId.get(id)).filter((r): r is ConceptRow => r !== undefined);
    yield withAttributes(
      store,
      rows,
      `SELECT concept_id, kind, text FROM concept_attributes WHERE concept_id IN (${marks})
       ORDER BY concept_id, kind, position`,
      page,
    );
  }
}

export function listConcepts(store: DurableDatabase, datasetId: number): Concept[] {
  const rows = store.all<ConceptRow>(
    `SELECT ${CONCEPT_COLUMNS} FROM concepts WHERE dataset_id = ? ORDER BY name`,
    [datasetId],
  );
  return withAttributes(
    store,
    rows,
    `SELECT a.concept_id, a.kind, a.text FROM concept_attributes a JOIN concepts c ON c.id = a.concept_id
     WHERE c.dataset_id = ? ORDER BY a.concept_id, a.kind, a.position`,
    [datasetId],
  );
}
