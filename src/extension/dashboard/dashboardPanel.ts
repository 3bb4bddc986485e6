// Run dashboards: one editor-area webview per run (opening a run's dashboard again reveals it),
// restored after a reload by a WebviewPanelSerializer (state = run id + the page's choices). The
// page asks for the analysis; the host answers through the dashboard handler table with slices
// swapped for refs, and tells the page when the store changed so it reloads what it shows.
import * as vscode from 'vscode';
import type { ReviewSlice } from '../../core/model';
import type { FinerStore } from '../../core/store/finerStore';
import { isId, isObject } from '../../shared/guards';
import type {
  CompareView,
  DashboardChoices,
  DashboardData,
  GroundingReply,
} from '../../shared/dashboardProtocol';
import { DashboardMethod } from '../../shared/dashboardProtocol';
import type { DeliveryOutcome } from '../webviews/handlerTable';
import type { StoreHost } from '../common/storeHost';
import { dashboardHandlerTable, parseChoices, type DashboardContext } from './dashboardHandlers';
import { buildDashboardHtml } from './dashboardHtml';
import { SliceRegistry } from './dashboardSlices';

export const DASHBOARD_VIEW_TYPE = 'finerLens.dashboard';
/** Store writes during a run come in bursts: the page is told once per second at most. */
const STALE_DEBOUNCE_MS = 1_000;

export const DEFAULT_CHOICES: DashboardChoices = { textRunId: null, matrixCoarse: null, overlayRunIds: [] };

/** Where the numbers come from (the core's analysis); the panel only carries them. */
export interface DashboardSource {
  load(
    store: FinerStore,
    runId: number,
    choices: DashboardChoices,
    slices: SliceRegistry,
  ): Omit<DashboardData, 'clickTarget'>;
  compare(store: FinerStore, runId: number, otherRunId: number, slices: SliceRegistry): CompareView;
  /**
   * The attribute grounding of the run, refs in the slices' current generation. `signal` aborts
   * when the panel closes or a newer grounding request supersedes this one.
   */
  grounding(
    store: FinerStore,
    runId: number,
    slices: SliceRegistry,
    signal: AbortSignal,
  ): GroundingReply | Promise<GroundingReply>;
}

export interface DashboardActions {
  /** Gallery when it exists, else a review queue; returns where it went. */
  openSlice(slice: ReviewSlice): Promise<void>;
  reviewSlice(slice: ReviewSlice): Promise<void>;
  exportReport(runId: number, choices: DashboardChoices, compareRunId: number | null): Promise<void>;
  clickTarget(): Promise<'gallery' | 'review'>;
}

class DashboardPanel implements vscode.Disposable {
  readonly slices = new SliceRegistry();
  private readonly table = dashboardHandlerTable();
  private readonly disposables: vscode.Disposable[] = [];
  private staleTimer: ReturnType<typeof setTimeout> | undefined;
  /** The grounding computation in flight (its worker is terminated on abort). */
  private groundingAbort: AbortController | undefined;
  ready = false;
  choices: DashboardChoices;
  /** The last data the page was sent (tests and the benchmark read it). */
  lastData: DashboardData | undefined;
  readonly posted: unknown[] = [];
  record = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly runId: number,
    private readonly storeHost: StoreHost,
    private readonly source: DashboardSource,
    private readonly actions: DashboardActions,
    choices: DashboardChoices,
  ) {
    this.choices = choices;
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.deliver(m)),
      storeHost.onDidChange(() => this.scheduleStale()),
    );
  }

  render(extensionUri: vscode.Uri, runName: string, compareRunId: number | null): void {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    const webview = this.panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [dist] };
    this.ready = false;
    webview.html = buildDashboardHtml(
      webview,
      webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview', 'dashboard.js')),
      webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')),
      { runId: this.runId, runName, choices: this.choices, compareRunId },
    );
  }

  private context(): DashboardContext {
    return {
      runId: this.runId,
      slices: this.slices,
      load: async (choices) => {
        const store = await this.storeHost.get();
        const target = await this.actions.clickTarget();
        this.choices = choices;
        const data = { ...this.source.load(store, this.runId, choices, this.slices), clickTarget: target };
        this.lastData = data;
        return data;
      },
      grounding: async () => {
        this.groundingAbort?.abort();
        const abort = new AbortController();
        this.groundingAbort = abort;
        try {
          return await this.source.grounding(
            await this.storeHost.get(),
            this.runId,
            this.slices,
            abort.signal,
          );
        } finally {
          if (this.groundingAbort === abort) this.groundingAbort = undefined;
        }
      },
      compare: async (otherRunId) =>
        this.source.compare(await this.storeHost.get(), this.runId, otherRunId, this.slices),
      openSlice: (slice) => this.actions.openSlice(slice),
      reviewSlice: (slice) => this.actions.reviewSlice(slice),
      exportReport: (compareRunId) => this.actions.exportReport(this.runId, this.choices, compareRunId),
      showError: (message) => void vscode.window.showWarningMessage(message),
      ready: () => {
        this.ready = true;
      },
    };
  }

  /** Handles one message as the page sends it (also the entry point of the integration test). */
  deliver(message: unknown): Promise<DeliveryOutcome> {
    return this.table.deliver(message, this.context(), (m) => this.post(m));
  }

  private post(message: unknown): void {
    if (this.record) this.posted.push(message);
    void this.panel.webview.postMessage(message);
  }

  private scheduleStale(): void {
    if (this.staleTimer) return;
    this.staleTimer = setTimeout(() => {
      this.staleTimer = undefined;
      if (this.ready) this.post({ kind: 'notification', method: DashboardMethod.stale, params: {} });
    }, STALE_DEBOUNCE_MS);
  }

  dispose(): void {
    clearTimeout(this.staleTimer);
    this.groundingAbort?.abort();
    for (const d of this.disposables) d.dispose();
  }
}

/** The state the page keeps with setState (see webview/dashboard/host-channel.ts). */
function parseSavedState(state: unknown): { runId: number; choices: DashboardChoices } | undefined {
  if (!isObject(state) || !isId(state.runId)) return undefined;
  return { runId: state.runId, choices: parseChoices(state.choices) ?? DEFAULT_CHOICES };
}

export class DashboardPanelManager implements vscode.Disposable {
  private readonly panels = new Map<number, DashboardPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly storeHost: StoreHost,
    private readonly source: DashboardSource,
    private readonly actions: DashboardActions,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.revive(panel, state),
      }),
    );
  }

  /** Opens (or reveals) the run's dashboard; with `compareRunId` the page compares at once. */
  async open(runId: number, compareRunId: number | null = null): Promise<void> {
    const store = await this.storeHost.get();
    const run = store.getRun(runId);
    if (!run) throw new Error(`Run ${runId} is not in the database.`);
    const existing = this.panels.get(runId);
    if (existing && compareRunId === null) {
      existing.panel.reveal();
      return;
    }
    const panel =
      existing?.panel ??
      vscode.window.createWebviewPanel(
        DASHBOARD_VIEW_TYPE,
        this.title(run.name, runId),
        vscode.ViewColumn.Active,
        {
          enableScripts: true,
          localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
        },
      );
    const dashboard = existing ?? this.adopt(panel, runId, DEFAULT_CHOICES);
    dashboard.render(this.extensionUri, run.name || `Run ${runId}`, compareRunId);
    panel.reveal();
  }

  private title(name: string, runId: number): string {
    return `Dashboard: ${name || `run ${runId}`}`;
  }

  private adopt(panel: vscode.WebviewPanel, runId: number, choices: DashboardChoices): DashboardPanel {
    const dashboard = new DashboardPanel(panel, runId, this.storeHost, this.source, this.actions, choices);
    this.panels.set(runId, dashboard);
    panel.onDidDispose(() => {
      dashboard.dispose();
      if (this.panels.get(runId) === dashboard) this.panels.delete(runId);
    });
    return dashboard;
  }

  private async revive(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const saved = parseSavedState(state);
    const store = saved ? await this.storeHost.getIfExists() : undefined;
    const run = saved && store ? store.getRun(saved.runId) : undefined;
    if (!saved || !run || this.panels.has(saved.runId)) {
      panel.dispose();
      return;
    }
    panel.title = this.title(run.name, run.id);
    this.adopt(panel, run.id, saved.choices).render(this.extensionUri, run.name || `Run ${run.id}`, null);
  }

  /** The open dashboard of a run (integration tests drive it through `deliver`). */
  panelOf(
    runId: number,
  ): Pick<DashboardPanel, 'deliver' | 'posted' | 'record' | 'ready' | 'lastData' | 'slices'> | undefined {
    return this.panels.get(runId);
  }

  dispose(): void {
    for (const p of this.panels.values()) p.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
