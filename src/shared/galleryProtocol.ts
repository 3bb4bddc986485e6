// The typed protocol between the extension host and the gallery webview (a thumbnail grid over
// a review slice). Type definitions and message-name constants only: both sides import it.
import type { RequestResult } from './webviewIpc';

export type { RequestResult };

export const GalleryMethod = {
  /** command, webview -> host: the page has loaded and can receive notifications. */
  ready: 'gallery/ready',
  /** request, webview -> host: tiles at offset .. offset+limit-1 of the slice. */
  page: 'gallery/page',
  /** request, webview -> host: sample ids at offset .. offset+limit-1 (range / select all). */
  ids: 'gallery/ids',
  /** request, webview -> host: set or clear a tag on the given samples, in one write. */
  tag: 'gallery/selection/tag',
  /** command, webview -> host: open a sample in the sample panel. */
  openSample: 'gallery/sample/open',
  /** command, webview -> host: start a review of the slice (or, with ids, of those samples). */
  startReview: 'gallery/review/start',
  /** notification, host -> webview: the slice changed (store write, another slice shown). */
  slice: 'gallery/slice',
} as const;

export const GALLERY_INITIAL_STATE_ID = 'finer-lens-gallery-state';
/** Longest a page waits for the host's answer. */
export const GALLERY_REQUEST_TIMEOUT_MS = 30_000;
/** Most sample ids one tag or review message may carry. */
export const GALLERY_SELECTION_MAX = 1_000_000;

export type TileMarkView = 'correct' | 'wrong' | 'failed';

export interface GalleryTileView {
  sampleId: number;
  position: number;
  idx: number;
  superordinate: string;
  coarse: string;
  fine: string;
  /** A webview resource URI, or null when the file may not be shown (reason in imageError). */
  imageUri: string | null;
  imageError?: string;
  marks: { superordinate?: TileMarkView; coarse?: TileMarkView; fine?: TileMarkView };
}

export interface GalleryTagOption {
  key: string;
  name: string;
}

export interface GallerySliceView {
  /** "misclassified at fine level in run 3" */
  title: string;
  datasetName: string;
  total: number;
  /** The run whose marks the tiles show. */
  runName: string | null;
  tags: GalleryTagOption[];
  /** Bumped on every change, so the page refetches its pages. */
  revision: number;
}

export interface GalleryInitialState {
  slice: GallerySliceView;
  /** The ReviewSlice itself, kept with setState so the panel is restored after a reload. */
  reviewSlice: { datasetId: number; conditions: unknown[] };
  codiconsHref: string;
}

export interface GalleryTagResult {
  changed: number[];
  unchanged: number;
  missing: number;
}

export interface GalleryRequestTypes {
  [GalleryMethod.page]: { params: { offset: number; limit: number }; result: GalleryTileView[] };
  [GalleryMethod.ids]: { params: { offset: number; limit: number }; result: number[] };
  [GalleryMethod.tag]: {
    params: { sampleIds: number[]; tag: string; on: boolean };
    result: GalleryTagResult;
  };
}

export interface GalleryCommandParams {
  [GalleryMethod.ready]: Record<string, never>;
  [GalleryMethod.openSample]: { sampleId: number };
  [GalleryMethod.startReview]: { sampleIds?: number[] };
}

export type GalleryRequestName = keyof GalleryRequestTypes;
export type GalleryCommandName = keyof GalleryCommandParams;

export type GalleryHostMessage =
  | { kind: 'response'; id: number; method: string; result: RequestResult<unknown> }
  | { kind: 'notification'; method: typeof GalleryMethod.slice; params: GallerySliceView };
