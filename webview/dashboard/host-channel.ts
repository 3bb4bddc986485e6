// The webview side of the dashboard protocol: commands, requests with correlation ids and a
// timeout, and the "stale" notification from the host. UI state (the choices) is kept with
// setState so a hidden-and-shown panel comes back as it was.
import type {
  DashboardChoices,
  DashboardCommandName,
  DashboardCommandParams,
  DashboardHostMessage,
  DashboardRequestName,
  DashboardRequestTypes,
  RequestResult,
} from '../../src/shared/dashboardProtocol';
import { DASHBOARD_REQUEST_TIMEOUT_MS, DashboardMethod } from '../../src/shared/dashboardProtocol';

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

export class DashboardChannel {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  private readonly pending = new Map<number, PendingRequest>();
  private nextId = 1;
  onStale: () => void = () => undefined;

  constructor() {
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  command<M extends DashboardCommandName>(method: M, params: DashboardCommandParams[M]): void {
    this.api.postMessage({ kind: 'command', method, params });
  }

  /** Resolves with the host's reply, or `{ok:false}` on timeout; never rejects. */
  request<M extends DashboardRequestName>(
    method: M,
    params: DashboardRequestTypes[M]['params'],
  ): Promise<RequestResult<DashboardRequestTypes[M]['result']>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: `The extension did not answer "${method}" in time.` });
      }, DASHBOARD_REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as PendingRequest['resolve'], timer });
      this.api.postMessage({ kind: 'request', id, method, params });
    });
  }

  savedChoices(): DashboardChoices | undefined {
    const state = this.api.getState() as { choices?: DashboardChoices } | undefined;
    return state?.choices;
  }

  /** The run id goes along: the host's serializer restores the panel from it after a reload. */
  saveChoices(runId: number, choices: DashboardChoices): void {
    this.api.setState({ runId, choices });
  }

  private receive(data: unknown): void {
    const message = data as DashboardHostMessage | undefined;
    if (typeof message !== 'object' || message === null) return;
    if (message.kind === 'response') {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      waiting.resolve(message.result);
    } else if (message.kind === 'notification' && message.method === DashboardMethod.stale) {
      this.onStale();
    }
  }
}
