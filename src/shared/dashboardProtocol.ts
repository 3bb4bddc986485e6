// The typed protocol between the extension host and the run dashboard webview. Type definitions
// and message-name constants only: both sides import it, so it stays free of `vscode` and core
// modules. The analysis the page receives is the core's RunAnalysis with every ReviewSlice
// swapped for a SliceRef (the host keeps the slices; a click sends the ref back), so the page
// never builds a slice and a 10k-class "(other)" cell costs one number on the wire. The host
// checks at compile time that the converted RunAnalysis fits the types below.
import type { RequestResult } from './webviewIpc';

export type { RequestResult };

export const DashboardMethod = {
  /** command, webview -> host: the page has loaded and can receive notifications. */
  ready: 'dashboard/ready',
  /** request, webview -> host: the analysis of the panel's run with these choices. */
  load: 'dashboard/analysis/load',
  /** command, webview -> host: show the samples behind a number (gallery, else a review queue). */
  openSlice: 'dashboard/slice/open',
  /** command, webview -> host: start a review queue of the samples behind a number. */
  reviewSlice: 'dashboard/slice/review',
  /** request, webview -> host: the attribute grounding (slow: it runs the matcher), after `load`. */
  grounding: 'dashboard/grounding/load',
  /** request, webview -> host: compare the panel's run with another run of the dataset. */
  compare: 'dashboard/compare/load',
  /** command, webview -> host: "Export Report…" (format picker, save dialog, notification). */
  exportReport: 'dashboard/report/export',
  /** notification, host -> webview: the store changed; the page reloads with its choices. */
  stale: 'dashboard/stale',
} as const;

export const DASHBOARD_INITIAL_STATE_ID = 'finer-lens-dashboard-state';
/** Longest a page waits for the host's answer (a 100k-prediction analysis takes a while). */
export const DASHBOARD_REQUEST_TIMEOUT_MS = 120_000;
/** Most runs overlaid on the performance-cliff chart. */
export const DASHBOARD_MAX_OVERLAYS = 12;
/** Longest coarse-group name the page may send. */
export const DASHBOARD_LABEL_MAX = 1_000;

/** A number the host can turn back into the ReviewSlice behind it (valid for one `generation`). */
export type SliceRef = number;

export type DashboardLevel = 'superordinate' | 'coarse' | 'fine';
export type Quadrant = 'text-only' | 'image-only' | 'both' | 'neither';

export interface Counted {
  count: number;
  slice: SliceRef;
}

export interface RunInfoView {
  run_id: number;
  name: string;
  dataset_id: number;
  dataset: string;
  model: string;
  strategy: string;
  levels: DashboardLevel[];
  gold_conditioning: boolean;
  protocol: string;
  template_hash: string;
  decoding: { temperature: number; max_tokens: number; seed: number | null };
  endpoint: { name: string; kind: string };
  status: string;
}

export interface LevelView {
  level: DashboardLevel;
  n: number;
  scored: number;
  finer_em: number | null;
  strict_em: number | null;
  f1: number | null;
  correct: Counted;
  wrong: Counted;
  errors: Counted;
  truncated: number;
  refused: number;
}

export interface ConsistencyView {
  levels: DashboardLevel[];
  answered: number;
  consistent: Counted;
  share: number | null;
}

export interface ClassRowView {
  level: DashboardLevel;
  label: string;
  superordinate: string;
  coarse: string;
  n: number;
  scored: number;
  finer_em: number | null;
  strict_em: number | null;
  errors: number;
  wrong: Counted;
  slice: SliceRef;
}

export interface ConfusionView {
  level: DashboardLevel;
  gold: string;
  predicted: string;
  count: number;
  severity: string | null;
  slice: SliceRef;
}

export interface MatrixView {
  level: DashboardLevel;
  coarse_group: string | null;
  rows: string[];
  columns: string[];
  cells: { count: number; slice: SliceRef }[][];
}

export interface SeverityView {
  wrong: number;
  counts: Record<string, Counted>;
}

export interface ModalityRowView {
  label: string;
  n: number;
  image_finer_em: number;
  text_finer_em: number;
  gap: number;
  slice: SliceRef;
}

export interface ModalityView {
  image_run_id: number;
  text_run_id: number;
  text_run_name: string;
  shared: number;
  quadrants: Record<Quadrant, Counted>;
  classes: ModalityRowView[];
  coarse_groups: ModalityRowView[];
}

export interface StrategyView {
  attrseek_run_id: number;
  direct_run_id: number;
  levels: {
    level: DashboardLevel;
    shared: number;
    attrseek_finer_em: number | null;
    direct_finer_em: number | null;
    attrseek_only: Counted;
    direct_only: Counted;
  }[];
}

export interface GroundingFiguresView {
  samples: number;
  generated: number;
  supported: number;
  contradicted: number;
  unsupported: number;
  generic: number;
  precision: number | null;
  required: number;
  required_mentioned: number;
  recall: number | null;
}

export interface GroundingView extends GroundingFiguresView {
  matcher: string;
  level: DashboardLevel;
  most_missed: { text: string; count: number; slice: SliceRef }[];
  most_unsupported: { text: string; count: number; slice: SliceRef }[];
  misclassified: { judged: number; saw_it_named_wrong: Counted; never_saw_it: Counted };
  classes: (GroundingFiguresView & { label: string; slice: SliceRef })[];
}

export interface TagView {
  tag: string;
  name: string;
  count: number;
  slice: SliceRef;
}

export interface CostView {
  requests: number;
  cache_hits: number;
  input_tokens: number;
  output_tokens: number;
  cost: number;
  latency_ms: { median: number | null; p95: number | null };
  tokens_per_request: { median: number | null; p95: number | null };
}

export interface TaxonomyView {
  ranks: string[];
  samples: number;
  resolved: number;
  unresolved: number;
  byRank: { rank: string; samples: number; correct: number; accuracy: number | null }[];
  hierarchical: { precision: number | null; recall: number | null; f1: number | null };
  mistakes: { count: number; meanLcaDepth: number | null };
}

/** The parts of the core's RunAnalysis the page shows, slices as refs. */
export interface DashboardAnalysis {
  run: RunInfoView;
  levels: LevelView[];
  hierarchical_consistency: ConsistencyView | null;
  classes: ClassRowView[];
  confusions: ConfusionView[];
  confusion_matrices: MatrixView[];
  severity: SeverityView | null;
  modality_gap: ModalityView | null;
  attrseek_vs_direct: StrategyView | null;
  /** Null in the `load` answer: the page asks for it with `grounding` (see GroundingReply). */
  grounding: GroundingView | null;
  tags: { run: TagView[]; classes: (TagView & { label: string })[] };
  cost: CostView;
  /** Taxonomy-aware scores of the fine answers, on datasets with a taxonomy; else null. */
  taxonomy: TaxonomyView | null;
}

/** One line of the performance-cliff chart: a run's FINER EM per level. */
export interface CliffSeries {
  runId: number;
  name: string;
  points: { level: DashboardLevel; finer_em: number | null; n: number }[];
}

/** Another run of the same dataset the page offers in its pickers. */
export interface RunChoice {
  id: number;
  name: string;
  model: string;
  strategy: string;
  levels: DashboardLevel[];
}

/** What the page asks the host to compute with. */
export interface DashboardChoices {
  /** Text-only run for the modality gap (null: the core's default, the newest one). */
  textRunId: number | null;
  /** Coarse group of the fine confusion matrix (null: the group with most wrong fine answers). */
  matrixCoarse: string | null;
  /** Runs overlaid on the performance-cliff chart (besides the panel's run). */
  overlayRunIds: number[];
}

export interface DashboardData {
  /** Refs in this data are valid while the host holds this generation. */
  generation: number;
  analysis: DashboardAnalysis;
  overlays: CliffSeries[];
  /** Other runs of the dataset (newest first). */
  runs: RunChoice[];
  /** Coarse groups with fine classes (for the fine matrix picker). */
  coarseGroups: string[];
  /** Milliseconds the host spent computing the analysis. */
  analysisMs: number;
  /** Where a click on a number lands. */
  clickTarget: 'gallery' | 'review';
}

export interface CompareFlipView {
  level: DashboardLevel;
  shared: number;
  a_finer_em: number | null;
  b_finer_em: number | null;
  right_to_wrong: Counted;
  wrong_to_right: Counted;
}

export interface CompareClassDeltaView {
  level: DashboardLevel;
  label: string;
  a_n: number;
  b_n: number;
  a_finer_em: number | null;
  b_finer_em: number | null;
  /** B - A; null when either has no scored result. */
  delta: number | null;
  /** Samples of the class answered in both runs. */
  shared: number;
  slice: SliceRef;
}

/** The parts of the core's RunComparison the page shows, slices as refs. */
export interface ComparisonView {
  flips: CompareFlipView[];
  class_deltas: CompareClassDeltaView[];
  /** Confusion pairs of B that A does not have, and of A that B lost. */
  confusions_appeared: ConfusionView[];
  confusions_vanished: ConfusionView[];
  grounding: {
    a_precision: number | null;
    b_precision: number | null;
    precision_delta: number | null;
    a_recall: number | null;
    b_recall: number | null;
    recall_delta: number | null;
  } | null;
}

/** A comparison of the panel's run (A) with another run (B). */
export interface CompareView {
  generation: number;
  a: { run_id: number; name: string };
  b: { run_id: number; name: string };
  comparison: ComparisonView;
}

/** The attribute grounding, loaded after the rest; refs belong to `generation`. */
export interface GroundingReply {
  generation: number;
  grounding: GroundingView | null;
}

export interface DashboardInitialState {
  runId: number;
  runName: string;
  choices: DashboardChoices;
  /** Run to compare with when the panel was opened by "Compare Runs". */
  compareRunId: number | null;
  codiconsHref: string;
}

export interface DashboardRequestTypes {
  [DashboardMethod.load]: { params: DashboardChoices; result: DashboardData };
  [DashboardMethod.grounding]: { params: { generation: number }; result: GroundingReply };
  [DashboardMethod.compare]: { params: { otherRunId: number }; result: CompareView };
}

export interface DashboardCommandParams {
  [DashboardMethod.ready]: Record<string, never>;
  [DashboardMethod.openSlice]: { generation: number; slice: SliceRef };
  [DashboardMethod.reviewSlice]: { generation: number; slice: SliceRef };
  [DashboardMethod.exportReport]: { compareRunId: number | null };
}

export type DashboardRequestName = keyof DashboardRequestTypes;
export type DashboardCommandName = keyof DashboardCommandParams;

export type DashboardHostMessage =
  | { kind: 'response'; id: number; method: string; result: RequestResult<unknown> }
  | { kind: 'notification'; method: typeof DashboardMethod.stale; params: Record<string, never> };
