// The typed protocol between the extension host and the sample panel webview.
// Type definitions and message-name constants only: both sides import this file, so it must
// stay free of `vscode`, `sql.js` and core modules (lint enforces that).

/** Message names, path-like with a scope. */
export const SamplePanelMethod = {
  /** command, webview -> host: the page has loaded and can receive notifications. */
  ready: 'panel/ready',
  /** command, webview -> host: reveal the sample's image file in the OS file manager. */
  revealImage: 'sample/image/reveal',
  /** command, webview -> host: copy the sample's image path to the clipboard. */
  copyImagePath: 'sample/image/copyPath',
  /** command, webview -> host: remember UI state the serializer needs (zoom). */
  saveViewState: 'panel/viewState',
  /** request, webview -> host: fetch the current view of a sample (e.g. after a store change). */
  getSample: 'sample/get',
  /** notification, host -> webview: display this sample. */
  showSample: 'sample/show',
  /** notification, host -> webview: the sample could not be shown (removed, store closed...). */
  showError: 'panel/error',
  /** request, webview -> host: run a model on this one sample; replies once the run started. */
  startRun: 'run/start',
  /** notification, host -> webview: more text of one turn of a running one-sample run. */
  runDelta: 'run/delta',
  /** notification, host -> webview: one level of a one-sample run finished (parsed and scored). */
  runLevelResult: 'run/level',
  /** notification, host -> webview: the one-sample run ended (saved as a run) or failed. */
  runFinished: 'run/finished',
  /** notification, host -> webview: endpoints or Workspace Trust changed. */
  runSetup: 'run/setup',
  /** request, webview -> host: set or clear a failure-mode tag on the sample. */
  toggleTag: 'sample/tags/toggle',
  /** request, webview -> host: save the sample's note (refused over NOTE_MAX_CHARS). */
  saveNote: 'sample/note/save',
  /** request, webview -> host: accept or reject a suggested tag (both are recorded). */
  decideSuggestion: 'sample/suggestions/decide',
  /** request, webview -> host: change the concept's reference attributes (or undo/redo/revert). */
  editAttributes: 'concept/attributes/edit',
  /** request, webview -> host: overrule (or, with verdict null, restore) an attribute verdict. */
  overruleVerdict: 'sample/verdicts/overrule',
  /** request, webview -> host: next / previous sample of the review queue. */
  moveReview: 'review/move',
  /** command, webview -> host: leave review mode. */
  endReview: 'review/end',
} as const;

/** Longest note the store accepts (characters). */
export const NOTE_MAX_CHARS = 10_000;

import type { RequestResult } from './webviewIpc';
import type {
  AlignmentSide,
  AlignmentStatus,
  AttributeEditingView,
  AttributeEditOp,
  ReviewPositionView,
  SampleAnalysisView,
  TagChipView,
  TagSuggestionView,
} from './sampleReviewTypes';

export type LabelLevelName = 'superordinate' | 'coarse' | 'fine';
export type AttributeProvenanceName = 'imported' | 'edited' | 'generated';

/** A concept's reference attributes as the panel displays them. */
export interface ReferenceAttributesView {
  conceptName: string;
  commonName: string | null;
  provenance: AttributeProvenanceName;
  required: string[];
  likely: string[];
}

/** Everything the panel shows about one sample. Later issues add optional sections here. */
export interface SampleView {
  sampleId: number;
  datasetId: number;
  datasetName: string;
  idx: number;
  split: string;
  /** Absolute path on the host file system, for display and copying. */
  imagePath: string;
  /** A webview URI the <img> can load, or null when the file does not exist or is refused. */
  imageSrc: string | null;
  /** Why there is no imageSrc (not found, outside the dataset root, not a regular file). */
  imageProblem?: string;
  superordinate: string;
  coarse: string[];
  fine: string[];
  /** null when no attributes file matched this sample's fine label. */
  reference: ReferenceAttributesView | null;
  tags: string[];
  note: string | null;
  metadata: Record<string, unknown>;
  /** Every run's predictions on this sample, newest run first. */
  predictions: SamplePredictionsView[];
  /** The workspace's tag taxonomy, with this sample's tags active. */
  tagChips: TagChipView[];
  suggestions: TagSuggestionView[];
  /** null without a concept to edit. */
  editing: AttributeEditingView | null;
  analysis: SampleAnalysisView;
  /** Set while the panel walks a review queue. */
  review: ReviewPositionView | null;
}

// --- one-sample runs and predictions -----------------------------------------------------

export type SampleRunStrategy = 'attrseek' | 'direct' | 'text-only' | 'counterfactual';
/** Which levels a one-sample run asks for ('all' = every level the strategy supports). */
export type SampleRunLevel = 'superordinate' | 'coarse' | 'fine' | 'all';

export interface EndpointChoice {
  name: string;
  model: string;
  /** The model name contains "simulated": a stand-in server, labelled as such. */
  simulated: boolean;
}

/** Whether the panel may start runs, and against which endpoints. */
export interface RunSetupView {
  trusted: boolean;
  /** Why running is disabled, when it is (untrusted workspace, no endpoint). */
  disabledReason: string | null;
  endpoints: EndpointChoice[];
}

export interface PredictionLevelView {
  level: LabelLevelName;
  answer: string | null;
  /** Which class of the dataset the answer names, e.g. "answer resolves to class Barn Owl (sibling)". */
  resolution: string | null;
  /** Parsed ATTRSEEK turn-1 attributes, when the strategy has that turn. */
  attributes: string[] | null;
  finerEm: number | null;
  strictEm: number | null;
  f1: number | null;
  latencyMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  error: string | null;
  /** The resolved prompt as readable text (image parts shown as a placeholder). */
  promptText: string;
  /** ATTRSEEK turn 1 verbatim, when present. */
  turn1Raw: string | null;
  rawResponse: string | null;
  /** The reply's finish_reason; "length" = cut off at the token limit (scored, but flagged). */
  finishReason: string | null;
  /** The model's refusal text; such a result has no answer and no score. */
  refusal: string | null;
}

export interface SamplePredictionsView {
  runId: number;
  runName: string;
  strategy: string;
  model: string;
  simulated: boolean;
  createdAt: string;
  /** Prompt protocol and the first 12 hex digits of the template hash. */
  protocol: string;
  templateHash: string;
  levels: PredictionLevelView[];
}

export interface StartRunParams {
  sampleId: number;
  strategy: SampleRunStrategy;
  level: SampleRunLevel;
  endpointName: string;
  /** Counterfactual: the attribute list sent as turn 1 (one attribute per line). */
  attributes?: string;
}

export interface RunDeltaParams {
  token: number;
  level: LabelLevelName;
  /** 1 = ATTRSEEK attributes turn (or the only turn), 2 = ATTRSEEK answer turn. */
  turn: number;
  text: string;
  /** The attempt so far was dropped (a retry starts): replace the turn's text instead of appending. */
  reset?: boolean;
}

export interface RunLevelResultParams {
  token: number;
  result: PredictionLevelView;
}

export type RunFinishedParams =
  { token: number; ok: true; runId: number } | { token: number; ok: false; error: string };

export interface OverruleVerdictParams {
  sampleId: number;
  runId: number;
  level: LabelLevelName;
  side: AlignmentSide;
  attribute: string;
  /** null restores the matcher's verdict. */
  verdict: AlignmentStatus | null;
}

/** UI state kept by the webview (vscode.setState) and used by the panel serializer. */
export interface SamplePanelViewState {
  sampleId: number;
  /** 'fit' scales the image to the panel; a number is an absolute scale factor. */
  zoom: ZoomSetting;
}
export type ZoomSetting = 'fit' | number;

/** id of the <script type="application/json"> element that carries the initial state. */
export const INITIAL_STATE_ELEMENT_ID = 'finer-lens-initial-state';

/** Embedded in the page so the first paint needs no round trip. */
export interface SamplePanelInitialState {
  view: SampleView | null;
  runSetup: RunSetupView;
  zoom: ZoomSetting;
  codiconsHref: string;
}

// --- messages, by kind -------------------------------------------------------------------

/** Commands: webview -> host, no reply. */
export interface SamplePanelCommandParams {
  [SamplePanelMethod.ready]: Record<string, never>;
  [SamplePanelMethod.revealImage]: { sampleId: number };
  [SamplePanelMethod.copyImagePath]: { sampleId: number };
  [SamplePanelMethod.saveViewState]: SamplePanelViewState;
  [SamplePanelMethod.endReview]: Record<string, never>;
}

/** Requests: webview -> host, one typed reply matched by `id`. */
export interface SamplePanelRequestTypes {
  [SamplePanelMethod.getSample]: { params: { sampleId: number }; result: SampleView };
  /** Replies with a token that the run's notifications carry, as soon as the run started. */
  [SamplePanelMethod.startRun]: { params: StartRunParams; result: { token: number } };
  [SamplePanelMethod.toggleTag]: { params: { sampleId: number; tagId: number }; result: { active: boolean } };
  [SamplePanelMethod.saveNote]: { params: { sampleId: number; text: string }; result: { saved: true } };
  [SamplePanelMethod.decideSuggestion]: {
    params: { sampleId: number; runId: number; tagId: number; decision: 'accept' | 'reject' };
    result: { decided: true };
  };
  [SamplePanelMethod.editAttributes]: {
    params: { sampleId: number; conceptId: number; edit: AttributeEditOp; reason: string | null };
    /** false when the change changed nothing (e.g. nothing to undo). */
    result: { changed: boolean };
  };
  [SamplePanelMethod.overruleVerdict]: {
    params: OverruleVerdictParams;
    result: { saved: true };
  };
  [SamplePanelMethod.moveReview]: {
    params: { direction: 'next' | 'previous' };
    result: ReviewPositionView;
  };
}

/** Notifications: host -> webview. */
export interface SamplePanelNotificationParams {
  [SamplePanelMethod.showSample]: { view: SampleView };
  [SamplePanelMethod.showError]: { message: string };
  [SamplePanelMethod.runDelta]: RunDeltaParams;
  [SamplePanelMethod.runLevelResult]: RunLevelResultParams;
  [SamplePanelMethod.runFinished]: RunFinishedParams;
  [SamplePanelMethod.runSetup]: RunSetupView;
}

export type SamplePanelCommandName = keyof SamplePanelCommandParams;
export type SamplePanelRequestName = keyof SamplePanelRequestTypes;
export type SamplePanelNotificationName = keyof SamplePanelNotificationParams;

export type CommandMessage<M extends SamplePanelCommandName = SamplePanelCommandName> = {
  [K in M]: { kind: 'command'; method: K; params: SamplePanelCommandParams[K] };
}[M];

export type RequestMessage<M extends SamplePanelRequestName = SamplePanelRequestName> = {
  [K in M]: { kind: 'request'; id: number; method: K; params: SamplePanelRequestTypes[K]['params'] };
}[M];

/** Expected failures travel as data, never as exceptions across the boundary (one definition, webviewIpc). */
export type { RequestResult };

export type ResponseMessage<M extends SamplePanelRequestName = SamplePanelRequestName> = {
  [K in M]: {
    kind: 'response';
    id: number;
    method: K;
    result: RequestResult<SamplePanelRequestTypes[K]['result']>;
  };
}[M];

export type NotificationMessage<M extends SamplePanelNotificationName = SamplePanelNotificationName> = {
  [K in M]: { kind: 'notification'; method: K; params: SamplePanelNotificationParams[K] };
}[M];

export type WebviewToHostMessage = CommandMessage | RequestMessage;
export type HostToWebviewMessage = ResponseMessage | NotificationMessage;

/** How long the webview waits for a reply before failing the request. */
export const REQUEST_TIMEOUT_MS = 10_000;
