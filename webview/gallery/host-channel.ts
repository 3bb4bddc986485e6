// The webview side of the gallery protocol (the shared channel), and the slice notification.
import type {
  GalleryCommandParams,
  GalleryHostMessage,
  GalleryRequestTypes,
  GallerySliceView,
} from '../../src/shared/galleryProtocol';
import { GALLERY_REQUEST_TIMEOUT_MS, GalleryMethod } from '../../src/shared/galleryProtocol';
import { WebviewChannel } from '../shared/webview-channel';

type GalleryNotification = Extract<GalleryHostMessage, { kind: 'notification' }>;

export class GalleryChannel extends WebviewChannel<
  GalleryRequestTypes,
  GalleryCommandParams,
  GalleryNotification
> {
  onSlice: (slice: GallerySliceView) => void = () => undefined;

  constructor() {
    super(GALLERY_REQUEST_TIMEOUT_MS);
    this.onNotification((message) => {
      if (message.method === GalleryMethod.slice) this.onSlice(message.params);
    });
  }

  /** What the panel serializer gets back after a reload. */
  saveState(state: unknown): void {
    this.setState(state);
  }
}
