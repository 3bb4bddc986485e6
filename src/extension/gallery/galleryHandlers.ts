// The gallery's host-side message table (method -> {parse, handle}): pages of tiles with image
// URIs checked against the dataset root, ids of a stretch of the slice, bulk tagging, opening a
// sample and starting a review. Free of `vscode` (the context brings the URI mapping and the
// actions), so it runs in Node unit tests too.
import { resolve } from 'node:path';
import { checkDatasetImageFile } from '../../core/images/datasetImageFile';
import type { ReviewSlice } from '../../core/model';
import type { FinerStore } from '../../core/store/finerStore';
import { GALLERY_IDS_MAX, GALLERY_PAGE_MAX } from '../../core/store/galleryQueries';
import type {
  GalleryCommandParams,
  GalleryRequestTypes,
  GalleryTileView,
} from '../../shared/galleryProtocol';
import { GALLERY_SELECTION_MAX, GalleryMethod } from '../../shared/galleryProtocol';
import { isBoundedString, isId, isIdList, isObject } from '../../shared/guards';
import { handlerTable } from '../webviews/handlerTable';

export interface GalleryContext {
  store: FinerStore;
  slice: ReviewSlice;
  /** Whose results the tiles mark. */
  runId: number | null;
  rootDir: string;
  /** Absolute file path -> URI the webview may load. */
  toWebviewUri(absolutePath: string): string;
  openSample(sampleId: number): Promise<void>;
  startReview(slice: ReviewSlice): Promise<void>;
  /** The page loaded: send what was queued. */
  ready(): void;
}

const parseWindow =
  (max: number) =>
  (p: unknown): { offset: number; limit: number } | undefined =>
    isObject(p) && isId(p.offset) && isId(p.limit) && p.limit <= max
      ? { offset: p.offset, limit: p.limit }
      : undefined;

function tileViews(context: GalleryContext, offset: number, limit: number): GalleryTileView[] {
  const page = context.store.gallerySlicePage(context.slice, { offset, limit, runId: context.runId });
  return page.tiles.map((t) => {
    const check = checkDatasetImageFile(context.rootDir, t.imagePath);
    const view: GalleryTileView = {
      sampleId: t.sampleId,
      position: t.position,
      idx: t.idx,
      superordinate: t.superordinate,
      coarse: t.coarse,
      fine: t.fine,
      imageUri: check.ok ? context.toWebviewUri(resolve(context.rootDir, t.imagePath)) : null,
      marks: t.marks,
    };
    if (!check.ok) view.imageError = check.reason;
    return view;
  });
}

export function galleryHandlerTable() {
  return handlerTable<GalleryRequestTypes, GalleryCommandParams, GalleryContext>(
    {
      [GalleryMethod.page]: {
        parse: parseWindow(GALLERY_PAGE_MAX),
        handle: (p, c) => tileViews(c, p.offset, p.limit),
      },
      [GalleryMethod.ids]: {
        parse: parseWindow(GALLERY_IDS_MAX),
        handle: (p, c) => c.store.gallerySliceIds(c.slice, p.offset, p.limit),
      },
      [GalleryMethod.tag]: {
        parse: (p) =>
          isObject(p) &&
          isIdList(p.sampleIds, GALLERY_SELECTION_MAX) &&
          isBoundedString(p.tag, 200, 1) &&
          typeof p.on === 'boolean'
            ? { sampleIds: p.sampleIds, tag: p.tag, on: p.on }
            : undefined,
        handle: (p, c) => c.store.setTagOnSamples(p.sampleIds, p.tag, p.on),
      },
    },
    {
      [GalleryMethod.ready]: { parse: () => ({}), handle: (_p, c) => c.ready() },
      [GalleryMethod.openSample]: {
        parse: (p) => (isObject(p) && isId(p.sampleId) ? { sampleId: p.sampleId } : undefined),
        handle: (p, c) => c.openSample(p.sampleId),
      },
      [GalleryMethod.startReview]: {
        parse: (p) => {
          if (!isObject(p)) return undefined;
          if (p.sampleIds === undefined) return {};
          return isIdList(p.sampleIds, GALLERY_SELECTION_MAX) ? { sampleIds: p.sampleIds } : undefined;
        },
        handle: (p, c) =>
          c.startReview(
            p.sampleIds && p.sampleIds.length > 0
              ? { datasetId: c.slice.datasetId, conditions: [{ kind: 'samples', sampleIds: p.sampleIds }] }
              : c.slice,
          ),
      },
    },
  );
}
