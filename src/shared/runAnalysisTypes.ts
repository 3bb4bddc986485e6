// The plain-JSON shape of a run's failure map (the core's analyzeRun) and of a run comparison
// (compareRuns), defined once for the core, the report and the dashboard page. It is also the
// report's JSON, so keys are snake_case as docs/report.md lists them. Every number the dashboard
// makes clickable carries `slice: S`: the core fills it with a ReviewSlice whose sample count
// equals the number; the dashboard page receives a SliceRef (a number the host resolves) in its
// place. S is a parameter because src/shared may not import the core's ReviewSlice.

export type LabelLevel = 'superordinate' | 'coarse' | 'fine';
/** Right from the text alone / from the image alone / both right / both wrong. */
export type ModalityQuadrant = 'text-only' | 'image-only' | 'both' | 'neither';

export interface RunProtocolInfo {
  run_id: number;
  name: string;
  dataset_id: number;
  dataset: string;
  model: string;
  strategy: string;
  levels: LabelLevel[];
  gold_conditioning: boolean;
  protocol: string;
  template_family: string;
  template_hash: string;
  /** Decoding parameters sent (temperature, max_tokens, seed). */
  decoding: { temperature: number; max_tokens: number; seed: number | null };
  /** The endpoint's name and kind only: never a key or URL credentials. */
  endpoint: { name: string; kind: string };
  status: string;
  created_at: string;
  finished_at: string | null;
}

/** A count with the samples behind it. */
export interface CountedSlice<S> {
  count: number;
  slice: S;
}

export interface LevelSummary<S> {
  level: LabelLevel;
  n: number;
  scored: number;
  /** Means over scored results (failed requests are counted in `errors`, not as zeros). */
  finer_em: number | null;
  strict_em: number | null;
  f1: number | null;
  correct: CountedSlice<S>;
  wrong: CountedSlice<S>;
  errors: CountedSlice<S>;
  truncated: number;
  refused: number;
}

export interface HierarchicalConsistency<S> {
  levels: LabelLevel[];
  /** Samples with a final result at every level asked. */
  answered: number;
  /** Of those, right (FINER EM 1) at every level. */
  consistent: CountedSlice<S>;
  share: number | null;
}

export interface ClassRow<S> {
  level: LabelLevel;
  /** The class's first label as in the tree (its primary label at the level). */
  label: string;
  superordinate: string;
  /** The coarse group of a fine class (the class itself at coarse level). */
  coarse: string;
  n: number;
  scored: number;
  finer_em: number | null;
  strict_em: number | null;
  errors: number;
  wrong: CountedSlice<S>;
  slice: S;
}

export interface ConfusionRow<S> {
  level: LabelLevel;
  gold: string;
  /** The class label the wrong answer resolves to, "(off-list)" or "(ambiguous)". */
  predicted: string;
  count: number;
  /** Mistake severity (fine level): sibling, cousin, other, off-list, ambiguous. */
  severity: string | null;
  slice: S;
}

export type MatrixCell<S> = CountedSlice<S>;

export interface ConfusionMatrix<S> {
  level: LabelLevel;
  /** For a fine matrix: the coarse group whose fine classes it shows. */
  coarse_group: string | null;
  /** Gold classes shown (top N by wrong answers), then "(other)". */
  rows: string[];
  /** The same classes, then "(other)" and "(off-list)" (no single class of the dataset). */
  columns: string[];
  /** cells[row][column]: scored answers of samples of the row's gold class resolving to the column. */
  cells: MatrixCell<S>[][];
}

export interface SeveritySection<S> {
  /** Scored fine answers that FINER EM counts wrong. */
  wrong: number;
  counts: Record<string, CountedSlice<S>>;
}

export interface ModalityClassRow<S> {
  label: string;
  n: number;
  image_finer_em: number;
  text_finer_em: number;
  /** image - text: positive = the image helps. */
  gap: number;
  slice: S;
}

export interface ModalityGapSection<S> {
  image_run_id: number;
  text_run_id: number;
  text_run_name: string;
  /** Samples both runs answered at the fine level. */
  shared: number;
  quadrants: Record<ModalityQuadrant, CountedSlice<S>>;
  classes: ModalityClassRow<S>[];
  coarse_groups: ModalityClassRow<S>[];
}

export interface StrategyLevelRow<S> {
  level: LabelLevel;
  shared: number;
  attrseek_finer_em: number | null;
  direct_finer_em: number | null;
  /** Right with ATTRSEEK, wrong directly / the other way round. */
  attrseek_only: CountedSlice<S>;
  direct_only: CountedSlice<S>;
}

export interface StrategyComparison<S> {
  attrseek_run_id: number;
  direct_run_id: number;
  levels: StrategyLevelRow<S>[];
}

export interface AttributeCount<S> {
  text: string;
  count: number;
  slice: S;
}

export interface GroundingFigures {
  /** Samples with a generated attribute list and a concept with reference attributes. */
  samples: number;
  generated: number;
  supported: number;
  contradicted: number;
  unsupported: number;
  generic: number;
  /** 1 - (unsupported + contradicted) / (generated - generic); null when nothing to judge. */
  precision: number | null;
  required: number;
  required_mentioned: number;
  /** required_mentioned / required. */
  recall: number | null;
}

export interface GroundingClassRow<S> extends GroundingFigures {
  label: string;
  slice: S;
}

export interface GroundingSection<S> extends GroundingFigures {
  matcher: string;
  level: LabelLevel;
  most_missed: AttributeCount<S>[];
  most_unsupported: AttributeCount<S>[];
  /** Misclassified samples whose gold and predicted classes both have reference attributes. */
  misclassified: {
    judged: number;
    /** A generated attribute matches a reference attribute of the gold class the predicted class lacks. */
    saw_it_named_wrong: CountedSlice<S>;
    /** None did. */
    never_saw_it: CountedSlice<S>;
  };
  classes: GroundingClassRow<S>[];
}

export interface TagRow<S> {
  tag: string;
  name: string;
  count: number;
  slice: S;
}

export interface TagsSection<S> {
  run: TagRow<S>[];
  classes: (TagRow<S> & { label: string })[];
}

export interface Spread {
  median: number | null;
  p95: number | null;
}

export interface CostSection {
  requests: number;
  cache_hits: number;
  input_tokens: number;
  output_tokens: number;
  /** US dollars, over the results that had a price. */
  cost: number;
  latency_ms: Spread;
  tokens_per_request: Spread;
}

export interface RankAccuracy {
  rank: string;
  /** Samples whose gold path reaches this rank. */
  samples: number;
  correct: number;
  accuracy: number | null;
}

/** Taxonomy-aware scores of the fine answers (docs/taxonomy-scoring.md). */
export interface TaxonomyScores {
  ranks: string[];
  samples: number;
  /** Answers that named a node of the tree (a species, or a genus, family, ...). */
  resolved: number;
  /** Answers that named no node, or several equally well (counted wrong at every rank). */
  unresolved: number;
  byRank: RankAccuracy[];
  /** Micro-averaged over samples: sums of overlaps over sums of path lengths. */
  hierarchical: { precision: number | null; recall: number | null; f1: number | null };
  /** Resolved answers that are not the gold class, by the depth of their lowest common ancestor. */
  mistakes: {
    count: number;
    meanLcaDepth: number | null;
    byLcaDepth: { depth: number; rank: string; count: number }[];
  };
}

export interface RunAnalysis<S> {
  kind: 'finer-lens-run-analysis';
  version: 1;
  run: RunProtocolInfo;
  levels: LevelSummary<S>[];
  hierarchical_consistency: HierarchicalConsistency<S> | null;
  classes: ClassRow<S>[];
  confusions: ConfusionRow<S>[];
  confusion_matrices: ConfusionMatrix<S>[];
  severity: SeveritySection<S> | null;
  modality_gap: ModalityGapSection<S> | null;
  attrseek_vs_direct: StrategyComparison<S> | null;
  /** Null when skipped (the dashboard loads it in a second request) or without attribute lists. */
  grounding: GroundingSection<S> | null;
  tags: TagsSection<S>;
  cost: CostSection;
  /** Taxonomy-aware scores for datasets imported with a hierarchy; else null. */
  taxonomy: TaxonomyScores | null;
}

export interface FlipRow<S> {
  level: LabelLevel;
  shared: number;
  a_finer_em: number | null;
  b_finer_em: number | null;
  right_to_wrong: CountedSlice<S>;
  wrong_to_right: CountedSlice<S>;
}

export interface ClassDelta<S> {
  level: LabelLevel;
  label: string;
  a_n: number;
  b_n: number;
  a_finer_em: number | null;
  b_finer_em: number | null;
  /** b - a; null when either has no scored result. */
  delta: number | null;
  /** Samples of the class answered in both runs. */
  shared: number;
  slice: S;
}

export interface GroundingDelta {
  a_precision: number | null;
  b_precision: number | null;
  precision_delta: number | null;
  a_recall: number | null;
  b_recall: number | null;
  recall_delta: number | null;
}

export interface RunComparison<S> {
  kind: 'finer-lens-run-comparison';
  version: 1;
  run_a: number;
  run_b: number;
  flips: FlipRow<S>[];
  class_deltas: ClassDelta<S>[];
  /** Confusion pairs of B that A does not have (counts and slices of B), and of A that B lost. */
  confusions_appeared: ConfusionRow<S>[];
  confusions_vanished: ConfusionRow<S>[];
  grounding: GroundingDelta | null;
}
