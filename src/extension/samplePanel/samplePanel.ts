// The sample panel: one webview panel reused for the sample the user opens, restored after a
// reload by a WebviewPanelSerializer (state = sample id + zoom).
import * as vscode from 'vscode';
import type {
  HostToWebviewMessage,
  NotificationMessage,
  SampleView,
  SamplePanelViewState,
  ZoomSetting,
} from '../../shared/samplePanelProtocol';
import { SamplePanelMethod } from '../../shared/samplePanelProtocol';
import { Disposable } from '../common/disposable';
import type { DeliveryOutcome } from '../webviews/handlerTable';
import {
  samplePanelHandlers,
  type SamplePanelContext,
  type SamplePanelServices,
} from './samplePanelHandlers';
import { buildSamplePanelHtml } from './samplePanelHtml';
import { isViewState } from './samplePanelParsers';
import { buildSampleView, loadSample, type LoadedSample, type SampleViewContext } from './sampleView';
import type { StoreHost } from '../common/storeHost';
import type { FinerStore } from '../../core/store/finerStore';

export const SAMPLE_PANEL_VIEW_TYPE = 'finerLens.sample';

class SamplePanel extends Disposable implements SamplePanelContext {
  private sampleId: number;
  private zoom: ZoomSetting;
  private rootDir: string | undefined;
  private ready = false;
  private queue: HostToWebviewMessage[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly storeHost: StoreHost,
    readonly services: SamplePanelServices,
    private readonly onReady: (sampleId: number) => void,
    private readonly onPost: (message: HostToWebviewMessage) => void,
    initial: SamplePanelViewState,
  ) {
    super();
    this.sampleId = initial.sampleId;
    this.zoom = initial.zoom;
    this.register(webviewPanel);
    this.register(webviewPanel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this.register(storeHost.onDidChange(() => this.scheduleRefresh()));
    this.register({ dispose: () => clearTimeout(this.refreshTimer) });
  }

  private get runs(): SamplePanelServices['runs'] {
    return this.services.runs;
  }

  private async viewContext(sampleId: number): Promise<SampleViewContext> {
    return {
      matcher: this.services.matcher,
      attributes: this.services.attributes,
      actor: await this.services.actor.name(),
      review: this.services.review.positionFor(sampleId),
      reviewRunId: this.services.review.runId,
    };
  }

  private async buildView(store: FinerStore, loaded: LoadedSample): Promise<SampleView> {
    const webview = this.webviewPanel.webview;
    const context = await this.viewContext(loaded.sample.id);
    return buildSampleView(
      store,
      loaded,
      (p) => webview.asWebviewUri(vscode.Uri.file(p)).toString(),
      context,
    );
  }

  get currentSampleId(): number {
    return this.sampleId;
  }

  get onDidDispose(): vscode.Event<void> {
    return this.webviewPanel.onDidDispose;
  }

  /** Shows a sample: a notification when the page can already load its image, else a fresh page. */
  async show(sampleId: number, zoom?: ZoomSetting): Promise<void> {
    // This reads the store as it is now, so a refresh queued by an earlier change (a review move
    // saves its position, then shows the next sample) would only build the same view again.
    clearTimeout(this.refreshTimer);
    this.sampleId = sampleId;
    if (zoom !== undefined) this.zoom = zoom;
    const store = await this.storeHost.getIfExists();
    const loaded = store ? loadSample(store, sampleId) : undefined;
    if (!store || !loaded) {
      this.webviewPanel.title = 'Sample not found';
      if (this.rootDir === undefined) this.render(undefined);
      this.post({
        kind: 'notification',
        method: SamplePanelMethod.showError,
        params: { message: `The sample (database id ${sampleId}) is no longer in the database.` },
      });
      return;
    }
    this.webviewPanel.title = `#${loaded.sample.idx} ${loaded.sample.fine[0] ?? loaded.dataset.name}`;
    const view = await this.buildView(store, loaded);
    if (this.isDisposed || this.sampleId !== sampleId) return;
    if (this.rootDir === loaded.dataset.rootDir) {
      this.post({ kind: 'notification', method: SamplePanelMethod.showSample, params: { view } });
    } else {
      // Another dataset root: the page may not load its images until localResourceRoots change,
      // and changing them reloads the page, so render a fresh page with the view embedded.
      this.rootDir = loaded.dataset.rootDir;
      this.render(view);
    }
  }

  private render(view: SampleView | undefined): void {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const webview = this.webviewPanel.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: this.rootDir ? [dist, vscode.Uri.file(this.rootDir)] : [dist],
    };
    this.ready = false;
    this.queue = [];
    webview.html = buildSamplePanelHtml({
      webview,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview', 'sample-panel.js')),
      codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')),
      state: { view: view ?? null, zoom: this.zoom, runSetup: this.runs.setupView() },
    });
  }

  /** Coalesces bursts of store changes (a review move writes, then shows) into one render. */
  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), 0);
  }

  async refresh(): Promise<void> {
    if (this.isDisposed || this.rootDir === undefined) return;
    await this.show(this.sampleId);
  }

  /** Endpoints or Workspace Trust changed: refresh the run pickers. */
  postRunSetup(): void {
    this.post({ kind: 'notification', method: SamplePanelMethod.runSetup, params: this.runs.setupView() });
  }

  /** Handles a message as if the page had sent it (the same validation path; for tests). */
  deliver(raw: unknown): Promise<DeliveryOutcome> {
    return this.receive(raw);
  }

  /** Queues until the page said it is ready: messages posted earlier would be lost. */
  private post(message: HostToWebviewMessage): void {
    this.onPost(message);
    if (this.ready) {
      void this.webviewPanel.webview.postMessage(message);
    } else {
      this.queue.push(message);
    }
  }

  private async receive(raw: unknown): Promise<DeliveryOutcome> {
    const outcome = await samplePanelHandlers.deliver(raw, this, (m) => this.post(m as HostToWebviewMessage));
    if (outcome.status === 'rejected') {
      console.warn(`[finer-lens] ignored a message from the sample panel (${outcome.reason})`, raw);
    } else if (outcome.status === 'failed') {
      console.warn(`[finer-lens] sample panel "${outcome.method}" failed: ${outcome.error}`);
    }
    return outcome;
  }

  // --- SamplePanelContext: what the handler table's handlers use ---------------------------

  pageReady(): void {
    this.ready = true;
    const pending = this.queue;
    this.queue = [];
    for (const m of pending) void this.webviewPanel.webview.postMessage(m);
    this.onReady(this.sampleId);
  }

  setZoom(zoom: ZoomSetting): void {
    this.zoom = zoom;
  }

  notify(message: NotificationMessage): void {
    if (!this.isDisposed) this.post(message);
  }

  async sampleView(sampleId: number): Promise<SampleView> {
    const store = await this.storeHost.getIfExists();
    const loaded = store ? loadSample(store, sampleId) : undefined;
    if (!store || !loaded) throw new Error(`No sample with database id ${sampleId}.`);
    const view = await this.buildView(store, loaded);
    // The page can load images only from the dataset root it was rendered for.
    if (loaded.dataset.rootDir !== this.rootDir) view.imageSrc = null;
    return view;
  }
}

export class SamplePanelManager extends Disposable {
  private panel: SamplePanel | undefined;
  private readonly readyEmitter = this.register(new vscode.EventEmitter<number>());
  private readonly postEmitter = this.register(new vscode.EventEmitter<HostToWebviewMessage>());

  /** Fires with every message the host sends (or queues for) the panel's page; for tests. */
  readonly onDidPostMessage = this.postEmitter.event;

  /** Fires with the sample id each time a panel page finished loading (the ready handshake). */
  readonly onDidBecomeReady = this.readyEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly storeHost: StoreHost,
    private readonly services: SamplePanelServices,
  ) {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('finerLens.endpoints')) this.panel?.postRunSetup();
      }),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.panel?.postRunSetup()));
    this.register(
      vscode.window.registerWebviewPanelSerializer(SAMPLE_PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (webviewPanel, state: unknown) => {
          if (!isViewState(state)) {
            webviewPanel.dispose();
            return;
          }
          // Resume review mode first so the restored page shows the review bar.
          await this.services.review.restore().catch(() => undefined);
          const panel = this.adopt(webviewPanel, state);
          await panel.show(state.sampleId, state.zoom);
        },
      }),
    );
  }

  /** Handles a message as if the open panel's page had sent it (for tests); says what happened. */
  deliverMessage(raw: unknown): Promise<DeliveryOutcome | undefined> {
    return this.panel ? this.panel.deliver(raw) : Promise.resolve(undefined);
  }

  /** The sample shown by the open panel, if any. */
  get currentSampleId(): number | undefined {
    return this.panel?.currentSampleId;
  }

  async show(sampleId: number): Promise<void> {
    if (!this.panel) {
      const webviewPanel = vscode.window.createWebviewPanel(
        SAMPLE_PANEL_VIEW_TYPE,
        'Sample',
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: true },
        { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')] },
      );
      this.adopt(webviewPanel, { sampleId, zoom: 'fit' });
    } else {
      this.panel.webviewPanel.reveal(undefined, true);
    }
    await this.panel?.show(sampleId);
  }

  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }

  private adopt(webviewPanel: vscode.WebviewPanel, state: SamplePanelViewState): SamplePanel {
    this.panel?.dispose();
    const panel = new SamplePanel(
      webviewPanel,
      this.extensionUri,
      this.storeHost,
      this.services,
      (id) => this.readyEmitter.fire(id),
      (message) => this.postEmitter.fire(message),
      state,
    );
    this.panel = panel;
    const sub = panel.onDidDispose(() => {
      sub.dispose();
      panel.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
    return panel;
  }
}
