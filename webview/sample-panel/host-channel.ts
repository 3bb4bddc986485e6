// The webview side of the sample panel protocol: commands, requests with correlation ids and a
// timeout, and notifications from the host.
import type {
  HostToWebviewMessage,
  NotificationMessage,
  RequestResult,
  SamplePanelCommandName,
  SamplePanelCommandParams,
  SamplePanelRequestName,
  SamplePanelRequestTypes,
  SamplePanelViewState,
} from '../../src/shared/samplePanelProtocol';
import { REQUEST_TIMEOUT_MS, SamplePanelMethod } from '../../src/shared/samplePanelProtocol';

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

export class HostChannel {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  private readonly pending = new Map<number, PendingRequest>();
  private readonly listeners = new Set<(message: NotificationMessage) => void>();
  private nextId = 1;

  constructor() {
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  command<M extends SamplePanelCommandName>(method: M, params: SamplePanelCommandParams[M]): void {
    this.api.postMessage({ kind: 'command', method, params });
  }

  /** Resolves with the host's reply, or `{ok:false}` on timeout; never rejects. */
  request<M extends SamplePanelRequestName>(
    method: M,
    params: SamplePanelRequestTypes[M]['params'],
  ): Promise<RequestResult<SamplePanelRequestTypes[M]['result']>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: `The extension did not answer "${method}" in time.` });
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as PendingRequest['resolve'], timer });
      this.api.postMessage({ kind: 'request', id, method, params });
    });
  }

  onNotification(listener: (message: NotificationMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** UI state that survives hiding the tab and is handed to the panel serializer on reload. */
  saveViewState(state: SamplePanelViewState): void {
    this.api.setState(state);
    this.command(SamplePanelMethod.saveViewState, state);
  }

  private receive(data: unknown): void {
    const message = data as HostToWebviewMessage | undefined;
    if (typeof message !== 'object' || message === null) return;
    if (message.kind === 'response') {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      waiting.resolve(message.result);
    } else if (message.kind === 'notification') {
      for (const listener of this.listeners) listener(message);
    }
  }
}
