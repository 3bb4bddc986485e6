// Domain types shared by the core, the CLI and the VS Code layer. No runtime imports here.

import type { LabelLevel, ModalityQuadrant } from '../shared/runAnalysisTypes';

// Defined beside the analysis JSON types in src/shared, which the dashboard page reads too.
export type { LabelLevel, ModalityQuadrant };
export const LABEL_LEVELS: readonly LabelLevel[] = ['superordinate', 'coarse', 'fine'];

/** How a dataset arrived in the store: FINER release files, a manifest, or a source dataset's own layout. */
export type DatasetFormat = 'finer' | 'manifest' | NativeFormat;

/** The source datasets whose downloaded folder layout can be imported as it is. */
export type NativeFormat = 'cub' | 'nabirds' | 'aircraft' | 'dogs' | 'cars' | 'inat';
export const NATIVE_FORMATS: readonly NativeFormat[] = ['cub', 'nabirds', 'aircraft', 'dogs', 'cars', 'inat'];

/** Where the labels of one level came from (shown in the import summary and the tree). */
export interface LabelSource {
  /**
   * `dataset`: the source's own field or hierarchy; `rule`: a documented rule over the class
   * name; `mapping`: a user mapping file; `generated`: asked of an LVLM endpoint; `fixed`: one
   * label for every sample.
   */
  kind: 'dataset' | 'rule' | 'mapping' | 'generated' | 'fixed';
  /** In words, e.g. "NABirds hierarchy: parent, or grandparent (FINER rule)". */
  detail: string;
  /** For `generated`: the model and the prompt it was given (its template, with {fine}). */
  model?: string;
  prompt?: string;
  /** Classes whose label came from a fallback instead (with the fallback named in `detail`). */
  fallbackClasses?: number;
}

/** What an import recorded about where a dataset came from (datasets.source_json). */
export interface DatasetSource {
  /** The native layout read, e.g. "cub". */
  layout?: NativeFormat;
  levels?: Partial<Record<LabelLevel, LabelSource>>;
  /** Taxonomy ranks from the top down when samples carry `metadata.taxonomy`. */
  taxonomyRanks?: string[];
}

export interface Dataset {
  id: number;
  name: string;
  /** Absolute folder that sample image paths are relative to. */
  rootDir: string;
  format: DatasetFormat;
  split: string;
  createdAt: string;
  sampleCount: number;
  /** Label-level sources and taxonomy ranks, for natively imported datasets ({} otherwise). */
  source: DatasetSource;
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
  source?: DatasetSource;
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

// ---- review slices ----------------------------------------------------------------------
// What a review queue, a smart folder or a gallery is over: a dataset narrowed by conditions
// that must all hold ("misclassified at fine in run 3" AND "not yet reviewed"). Plain JSON, so
// it can be a tree item's argument, a webview message and the key of a persisted position.

export type ReviewCondition =
  /** The run's result at `level` is wrong by FINER EM (0) or the request failed. */
  | { kind: 'misclassified'; runId: number; level: LabelLevel }
  /** Some request of the run for the sample failed (error stored); with `level`, at that level. */
  | { kind: 'failed'; runId: number; level?: LabelLevel }
  /** Carries the tag (by key, or name for free-form tags), on the sample or any run (with `runId`: that run). */
  | { kind: 'tagged'; tag: string; runId?: number }
  | { kind: 'untagged' }
  /** No review recorded for the sample itself or (with `runId`) for that run. */
  | { kind: 'unreviewed'; runId?: number }
  | { kind: 'reviewed'; runId?: number }
  /** A node of the label tree (primary labels). */
  | { kind: 'class'; superordinate: string; coarse?: string; fine?: string }
  /** The sample's concept has edited attributes. */
  | { kind: 'edited-concept' }
  | { kind: 'samples'; sampleIds: number[] }
  // ---- conditions behind the failure map's numbers (src/core/analysis/runAnalysis) ----
  /** The run has a final result (scored or failed) at `level` for the sample. */
  | { kind: 'result'; runId: number; level: LabelLevel }
  /** The run's final result at `level` is right by FINER EM (by strict EM with `strict`). */
  | { kind: 'correct'; runId: number; level: LabelLevel; strict?: boolean }
  /** The sample's gold class at `level` (its primary label) is one of `classKeys` (none of them with `exclude`). */
  | { kind: 'gold'; level: LabelLevel; classKeys: string[]; exclude?: boolean }
  /**
   * The run's scored answer at `level` resolves to one of `classKeys`; `null` in the list = names
   * no class of the dataset (off-list); `ambiguous` also matches answers naming several classes.
   * With `exclude`: a scored, resolved answer matching none of them.
   */
  | {
      kind: 'predicted';
      runId: number;
      level: LabelLevel;
      classKeys: (string | null)[];
      ambiguous?: boolean;
      exclude?: boolean;
    }
  /** The run's wrong fine answer has this mistake severity (sibling, cousin, other, off-list, ambiguous). */
  | { kind: 'severity'; runId: number; severity: string }
  /**
   * Right at `level` in `runId` and wrong (FINER EM 0 or failed) in `otherRunId`
   * ('right-to-wrong'), or the other way round ('wrong-to-right'); both runs have a result.
   */
  | { kind: 'flip'; runId: number; otherRunId: number; level: LabelLevel; direction: FlipDirection }
  /** Fine-level outcome of an image run and a text-only run on the sample (FINER EM; errors count wrong). */
  | { kind: 'quadrant'; imageRunId: number; textRunId: number; quadrant: ModalityQuadrant }
  /**
   * Text (case-insensitive, at most SEARCH_TEXT_MAX characters) in a final answer or the
   * generated attributes of the run `runId`, or of any run without it.
   */
  | { kind: 'search'; text: string; runId?: number };

export type FlipDirection = 'right-to-wrong' | 'wrong-to-right';
export const FLIP_DIRECTIONS: readonly FlipDirection[] = ['right-to-wrong', 'wrong-to-right'];
export const MODALITY_QUADRANTS: readonly ModalityQuadrant[] = ['text-only', 'image-only', 'both', 'neither'];

/** Longest text a `search` condition accepts (longer is refused, not cut). */
export const SEARCH_TEXT_MAX = 200;

export interface ReviewSlice {
  datasetId: number;
  /** All must hold; none = the whole dataset. */
  conditions: ReviewCondition[];
}
