// The page side of every Finer Lens webview's wire format (src/shared/webviewIpc.ts): commands,
// requests with correlation ids and a timeout (a request always resolves, never rejects), and
// notifications from the host. Each webview names its own methods through the type parameters.
import type { RequestResult } from '../../src/shared/webviewIpc';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface PendingRequest {
  resolve(result: RequestResult<unknown>): void;
  timer: ReturnType<typeof setTimeout>;
}

interface HostMessage {
  kind: string;
  id?: number;
  method?: string;
  result?: RequestResult<unknown>;
  params?: unknown;
}

export class WebviewChannel<
  Requests extends { [M in keyof Requests]: { params: unknown; result: unknown } },
  Commands extends { [M in keyof Commands]: unknown },
  Notification extends { kind: 'notification'; method: string; params: unknown },
> {
  /** acquireVsCodeApi may be called once per page: every channel of a page shares it. */
  private static api: VsCodeApi | undefined;
  private readonly api: VsCodeApi;
  private readonly pending = new Map<number, PendingRequest>();
  private readonly listeners = new Set<(message: Notification) => void>();
  private nextId = 1;

  constructor(private readonly timeoutMs: number) {
    WebviewChannel.api ??= acquireVsCodeApi();
    this.api = WebviewChannel.api;
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  command<M extends keyof Commands & string>(method: M, params: Commands[M]): void {
    this.api.postMessage({ kind: 'command', method, params });
  }

  /** Resolves with the host's reply, or `{ok:false}` on timeout; never rejects. */
  request<M extends keyof Requests & string>(
    method: M,
    params: Requests[M]['params'],
  ): Promise<RequestResult<Requests[M]['result']>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: `The extension did not answer "${method}" in time.` });
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as PendingRequest['resolve'], timer });
      this.api.postMessage({ kind: 'request', id, method, params });
    });
  }

  onNotification(listener: (message: Notification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The page's own state: kept while the tab is hidden, and given to the panel serializer on reload. */
  getState(): unknown {
    return this.api.getState();
  }

  setState(state: unknown): void {
    this.api.setState(state);
  }

  private receive(data: unknown): void {
    if (typeof data !== 'object' || data === null) return;
    const message = data as HostMessage;
    if (message.kind === 'response' && typeof message.id === 'number') {
      const waiting = this.pending.get(message.id);
      if (!waiting || message.result === undefined) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      waiting.resolve(message.result);
    } else if (message.kind === 'notification' && typeof message.method === 'string') {
      for (const listener of this.listeners) listener(message as unknown as Notification);
    }
  }
}
