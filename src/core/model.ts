// Domain types shared by the core, the CLI and the VS Code layer. No runtime imports here.

export type LabelLevel = 'superordinate' | 'coarse' | 'fine';
export const LABEL_LEVELS: readonly LabelLevel[] = ['superordinate', 'coarse', 'fine'];

/** How a dataset arrived in the store. */
export type DatasetFormat = 'finer' | 'manifest';

export interface Dataset {
  id: number;
  name: string;
  /** Absolute folder that sample image paths are relative to. */
  rootDir: string;
  format: DatasetFormat;
  split: string;
  createdAt: string;
  sampleCount: number;
}

export interface NewSample {
  /** Index in the source file (FINER `idx`, or the 0-based row of a manifest). */
  idx: number;
  /** Path relative to the dataset root, forward slashes. */
  imagePath: string;
  superordinate: string;
  coarse: string[];
  fine: string[];
  split: string;
  metadata: Record<string, unknown>;
}

export interface Sample extends NewSample {
  id: number;
  datasetId: number;
}

/** Where a concept's attribute lists came from. */
export type AttributeProvenance = 'imported' | 'edited' | 'generated';
export type AttributeKind = 'required' | 'likely';

export interface NewConcept {
  /** Fine label the attributes describe (matched case-insensitively to samples' fine labels). */
  name: string;
  /** `id` in the FINER parsed-attributes file, if any. */
  sourceId: number | null;
  commonName: string | null;
  required: string[];
  likely: string[];
}

export interface Concept extends NewConcept {
  id: number;
  datasetId: number;
  provenance: AttributeProvenance;
}

export interface NewDataset {
  name: string;
  rootDir: string;
  format: DatasetFormat;
  split: string;
}

/** Receives rows from an importer inside one store transaction. */
export interface ImportSink {
  addSample(sample: NewSample): void;
  addConcept(concept: NewConcept): void;
  /** Estimated size in bytes of the database with the rows added so far (the store's sink has it). */
  estimatedDatabaseBytes?(): number;
}

export type ImportIssueSeverity = 'error' | 'warning';

/** One problem found while importing; `line` is 1-based, absent for file-level problems. */
export interface ImportIssue {
  severity: ImportIssueSeverity;
  file: string;
  line?: number;
  field?: string;
  reason: string;
}

export interface ImportSummary {
  datasetId: number;
  datasetName: string;
  imported: number;
  skipped: number;
  concepts: number;
  /** Concepts in the attributes file with no sample of that fine label. */
  unmatchedConcepts: string[];
  /** Fine labels of samples with no concept in the attributes file. */
  unmatchedClasses: string[];
  issues: ImportIssue[];
  durationMs: number;
}

export interface LabelCount {
  label: string;
  count: number;
}

export interface DatasetStats {
  datasetId: number;
  name: string;
  samples: number;
  distinct: Record<LabelLevel, number>;
  conceptsWithAttributes: number;
}
