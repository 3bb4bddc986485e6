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
} as const;

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
  /** A webview URI the <img> can load, or null when the file does not exist. */
  imageSrc: string | null;
  superordinate: string;
  coarse: string[];
  fine: string[];
  /** null when no attributes file matched this sample's fine label. */
  reference: ReferenceAttributesView | null;
  tags: string[];
  note: string | null;
  metadata: Record<string, unknown>;
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
}

/** Requests: webview -> host, one typed reply matched by `id`. */
export interface SamplePanelRequestTypes {
  [SamplePanelMethod.getSample]: { params: { sampleId: number }; result: SampleView };
}

/** Notifications: host -> webview. */
export interface SamplePanelNotificationParams {
  [SamplePanelMethod.showSample]: { view: SampleView };
  [SamplePanelMethod.showError]: { message: string };
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

/** Expected failures travel as data, never as exceptions across the boundary. */
export type RequestResult<T> = { ok: true; value: T } | { ok: false; error: string };

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
