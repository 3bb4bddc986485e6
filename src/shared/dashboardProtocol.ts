// The typed protocol between the extension host and the run dashboard webview. Type definitions
// and message-name constants only: both sides import it, so it stays free of `vscode` and core
// modules. The analysis the page receives is the core's RunAnalysis (runAnalysisTypes.ts) with
// every ReviewSlice swapped for a SliceRef (the host keeps the slices; a click sends the ref
// back), so the page never builds a slice and a 10k-class "(other)" cell costs one number on the
// wire. The host checks at compile time that the converted analysis is RunAnalysis<SliceRef>.
import type {
  ClassRow,
  ConfusionMatrix,
  ConfusionRow,
  GroundingSection,
  LabelLevel,
  ModalityClassRow,
  ModalityQuadrant,
  RunAnalysis,
  RunComparison,
} from './runAnalysisTypes';
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

export type DashboardLevel = LabelLevel;
export type Quadrant = ModalityQuadrant;

// The analysis types with the page's slice type: one definition (runAnalysisTypes.ts) for the
// core's JSON and the page, so a field the page reads cannot vanish from what the core builds.
export type ClassRowView = ClassRow<SliceRef>;
export type ConfusionView = ConfusionRow<SliceRef>;
export type MatrixView = ConfusionMatrix<SliceRef>;
export type ModalityRowView = ModalityClassRow<SliceRef>;
export type GroundingView = GroundingSection<SliceRef>;

/** The core's RunAnalysis, slices as refs; `grounding` is null in the `load` answer (see GroundingReply). */
export type DashboardAnalysis = RunAnalysis<SliceRef>;

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

/** The core's RunComparison, slices as refs. */
export type ComparisonView = RunComparison<SliceRef>;

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
