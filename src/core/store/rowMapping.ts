// Turns rows of the datasets, samples and concepts tables into domain objects.
import type { SqlValue } from 'sql.js';
import type { AttributeProvenance, Concept, Dataset, DatasetFormat, DatasetSource, Sample } from '../model';

export interface DatasetRow {
  [column: string]: SqlValue;
  id: number;
  name: string;
  root_dir: string;
  format: string;
  split: string;
  created_at: string;
  sample_count: number;
  source_json: string;
}

export interface SampleRow {
  [column: string]: SqlValue;
  id: number;
  dataset_id: number;
  idx: number;
  image_path: string;
  superordinate: string;
  coarse_json: string;
  fine_json: string;
  split: string;
  metadata_json: string;
}

export interface ConceptRow {
  [column: string]: SqlValue;
  id: number;
  dataset_id: number;
  name: string;
  source_id: number | null;
  common_name: string | null;
  provenance: string;
}

export interface AttributeRow {
  [column: string]: SqlValue;
  concept_id: number;
  kind: string;
  text: string;
}

/** Stands in for an empty label list in the *_primary columns, so every sample has a tree node. */
export const NO_LABEL = '(none)';

export const SAMPLE_COLUMNS =
  'id, dataset_id, idx, image_path, superordinate, coarse_json, fine_json, split, metadata_json';

export const DATASET_SELECT = `
  SELECT d.id, d.name, d.root_dir, d.format, d.split, d.created_at, d.sample_count, d.source_json
  FROM datasets d`;

export function toDataset(row: DatasetRow): Dataset {
  return {
    id: row.id,
    name: row.name,
    rootDir: row.root_dir,
    format: row.format as DatasetFormat,
    split: row.split,
    createdAt: row.created_at,
    sampleCount: row.sample_count,
    source: parseDatasetSource(row.source_json),
  };
}

function parseDatasetSource(text: string): DatasetSource {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as DatasetSource)
      : {};
  } catch {
    return {};
  }
}

export function toSample(row: SampleRow): Sample {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    idx: row.idx,
    imagePath: row.image_path,
    superordinate: row.superordinate,
    coarse: JSON.parse(row.coarse_json) as string[],
    fine: JSON.parse(row.fine_json) as string[],
    split: row.split,
    metadata: JSON.parse(row.metadata_json) as Record<string, unknown>,
  };
}

/** Builds concepts from their rows and all their attribute rows (ordered by position). */
export function toConcepts(rows: ConceptRow[], attributes: AttributeRow[]): Concept[] {
  const byId = new Map<number, Concept>();
  const concepts = rows.map((row) => {
    const concept: Concept = {
      id: row.id,
      datasetId: row.dataset_id,
      name: row.name,
      sourceId: row.source_id,
      commonName: row.common_name,
      provenance: row.provenance as AttributeProvenance,
      required: [],
      likely: [],
    };
    byId.set(row.id, concept);
    return concept;
  });
  for (const attribute of attributes) {
    const concept = byId.get(attribute.concept_id);
    if (concept === undefined) continue;
    (attribute.kind === 'required' ? concept.required : concept.likely).push(attribute.text);
  }
  return concepts;
}

/** The key concepts and samples are matched on. */
export function labelKey(label: string): string {
  return label.trim().toLowerCase();
}
