// The plain-JSON shape of a run's failure map (analyzeRun) and of a run comparison (compareRuns):
// also the report's JSON, so keys are snake_case as docs/report.md lists them. Every number the
// dashboard makes clickable carries `slice`, a ReviewSlice whose sample count equals the number.
import type { LabelLevel, ModalityQuadrant, ReviewSlice } from '../../model';
import type { TaxonomyScores } from '../../scoring/taxonomyScoring';

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
export interface CountedSlice {
  count: number;
  slice: ReviewSlice;
}

export interface LevelSummary {
  level: LabelLevel;
  n: number;
  scored: number;
  /** Means over scored results (failed requests are counted in `errors`, not as zeros). */
  finer_em: number | null;
  strict_em: number | null;
  f1: number | null;
  correct: CountedSlice;
  wrong: CountedSlice;
  errors: CountedSlice;
  truncated: number;
  refused: number;
}

export interface HierarchicalConsistency {
  levels: LabelLevel[];
  /** Samples with a final result at every level asked. */
  answered: number;
  /** Of those, right (FINER EM 1) at every level. */
  consistent: CountedSlice;
  share: number | null;
}

export interface ClassRow {
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
  wrong: CountedSlice;
  slice: ReviewSlice;
}

export interface ConfusionRow {
  level: LabelLevel;
  gold: string;
  /** The class label the wrong answer resolves to, "(off-list)" or "(ambiguous)". */
  predicted: string;
  count: number;
  /** Mistake severity (fine level): sibling, cousin, other, off-list, ambiguous. */
  severity: string | null;
  slice: ReviewSlice;
}

export interface MatrixCell {
  count: number;
  slice: ReviewSlice;
}

export interface ConfusionMatrix {
  level: LabelLevel;
  /** For a fine matrix: the coarse group whose fine classes it shows. */
  coarse_group: string | null;
  /** Gold classes shown (top N by wrong answers), then "(other)". */
  rows: string[];
  /** The same classes, then "(other)" and "(off-list)" (no single class of the dataset). */
  columns: string[];
  /** cells[row][column]: scored answers of samples of the row's gold class resolving to the column. */
  cells: MatrixCell[][];
}

export interface SeveritySection {
  /** Scored fine answers that FINER EM counts wrong. */
  wrong: number;
  counts: Record<string, CountedSlice>;
}

export interface ModalityClassRow {
  label: string;
  n: number;
  image_finer_em: number;
  text_finer_em: number;
  /** image - text: positive = the image helps. */
  gap: number;
  slice: ReviewSlice;
}

export interface ModalityGapSection {
  image_run_id: number;
  text_run_id: number;
  text_run_name: string;
  /** Samples both runs answered at the fine level. */
  shared: number;
  quadrants: Record<ModalityQuadrant, CountedSlice>;
  classes: ModalityClassRow[];
  coarse_groups: ModalityClassRow[];
}

export interface StrategyLevelRow {
  level: LabelLevel;
  shared: number;
  attrseek_finer_em: number | null;
  direct_finer_em: number | null;
  /** Right with ATTRSEEK, wrong directly / the other way round. */
  attrseek_only: CountedSlice;
  direct_only: CountedSlice;
}

export interface StrategyComparison {
  attrseek_run_id: number;
  direct_run_id: number;
  levels: StrategyLevelRow[];
}

export interface AttributeCount {
  text: string;
  count: number;
  slice: ReviewSlice;
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

export interface GroundingClassRow extends GroundingFigures {
  label: string;
  slice: ReviewSlice;
}

export interface GroundingSection extends GroundingFigures {
  matcher: string;
  level: LabelLevel;
  most_missed: AttributeCount[];
  most_unsupported: AttributeCount[];
  /** Misclassified samples whose gold and predicted classes both have reference attributes. */
  misclassified: {
    judged: number;
    /** A generated attribute matches a reference attribute of the gold class the predicted class lacks. */
    saw_it_named_wrong: CountedSlice;
    /** None did. */
    never_saw_it: CountedSlice;
  };
  classes: GroundingClassRow[];
}

export interface TagRow {
  tag: string;
  name: string;
  count: number;
  slice: ReviewSlice;
}

export interface TagsSection {
  run: TagRow[];
  classes: (TagRow & { label: string })[];
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

export interface RunAnalysis {
  kind: 'finer-lens-run-analysis';
  version: 1;
  run: RunProtocolInfo;
  levels: LevelSummary[];
  hierarchical_consistency: HierarchicalConsistency | null;
  classes: ClassRow[];
  confusions: ConfusionRow[];
  confusion_matrices: ConfusionMatrix[];
  severity: SeveritySection | null;
  modality_gap: ModalityGapSection | null;
  attrseek_vs_direct: StrategyComparison | null;
  grounding: GroundingSection | null;
  tags: TagsSection;
  cost: CostSection;
  /** Taxonomy-aware scores (docs/taxonomy-scoring.md) for datasets imported with a hierarchy. */
  taxonomy: TaxonomyScores | null;
}

export interface AnalyzeRunOptions {
  /** Text-only run for the modality gap; default the newest text-only run of the dataset with fine results. */
  textRunId?: number;
  /** Direct (or ATTRSEEK) run to set against this one on the same samples; default the newest of the other strategy. */
  strategyRunId?: number;
  /** Coarse group whose fine classes the fine confusion matrix shows; default the one with most wrong fine answers. */
  matrixCoarse?: string;
  /** Classes per confusion matrix (default 10). */
  matrixSize?: number;
  /** Confusion pairs listed (default 200; -1 = all). */
  confusionLimit?: number;
  /** Attributes in the most-missed / most-unsupported lists (default 15). */
  attributeLimit?: number;
  /** Skip the attribute grounding (it runs the matcher over every attribute list). */
  skipGrounding?: boolean;
}
