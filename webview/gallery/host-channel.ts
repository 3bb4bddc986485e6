// The webview side of the gallery protocol: commands, requests with correlation ids and a
// timeout, and the slice notification from the host.
import type {
  GalleryCommandName,
  GalleryCommandParams,
  GalleryHostMessage,
  GalleryRequestName,
  GalleryRequestTypes,
  GallerySliceView,
  RequestResult,
} from '../../src/shared/galleryProtocol';
import { GALLERY_REQUEST_TIMEOUT_MS, GalleryMethod } from '../../src/shared/galleryProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface PendingRequest {
  resolve(result: RequestResult<unknown>): void;
  timer: ReturnType<typeof setTimeout>;
}

export class GalleryChannel {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  private readonly pending = new Map<number, PendingRequest>();
  private nextId = 1;
  onSlice: (slice: GallerySliceView) => void = () => undefined;

  constructor() {
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  /** What the panel serializer gets back after a reload. */
  saveState(state: unknown): void {
    this.api.setState(state);
  }

  command<M extends GalleryCommandName>(method: M, params: GalleryCommandParams[M]): void {
    this.api.postMessage({ kind: 'command', method, params });
  }

  /** Resolves with the host's reply, or `{ok:false}` on timeout; never rejects. */
  request<M extends GalleryRequestName>(
    method: M,
    params: GalleryRequestTypes[M]['params'],
  ): Promise<RequestResult<GalleryRequestTypes[M]['result']>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: `The extension did not answer "${method}" in time.` });
      }, GALLERY_REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as PendingRequest['resolve'], timer });
      this.api.postMessage({ kind: 'request', id, method, params });
    });
  }

  private receive(data: unknown): void {
    const message = data as GalleryHostMessage | undefined;
    if (typeof message !== 'object' || message === null) return;
    if (message.kind === 'response') {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      waiting.resolve(message.result);
    } else if (message.kind === 'notification' && message.method === GalleryMethod.slice) {
      this.onSlice(message.params);
    }
  }
}
