// The gallery panel: one editor-area webview showing a review slice as a thumbnail grid. The
// page asks for pages of tiles; the host answers through the gallery handler table, maps image
// paths to webview URIs (localResourceRoots = the bundle and the dataset root only) and tells
// the page when the store changed so it refetches what is on screen.
import * as vscode from 'vscode';
import { isOneSampleRun } from '../../core/analysis/reviewChoices';
import { describeReviewSlice, reviewRunOf } from '../../core/analysis/reviewSlice';
import type { ReviewSlice } from '../../core/model';
import type { FinerStore } from '../../core/store/finerStore';
import type { GallerySliceView } from '../../shared/galleryProtocol';
import { GalleryMethod } from '../../shared/galleryProtocol';
import type { DeliveryOutcome } from '../webviews/handlerTable';
import { isObject } from '../../shared/guards';
import type { StoreHost } from '../common/storeHost';
import { sliceOfArgument } from './sliceArgument';
import { galleryHandlerTable, type GalleryContext } from './galleryHandlers';
import { buildGalleryHtml } from './galleryHtml';

export const GALLERY_VIEW_TYPE = 'finerLens.gallery';

export interface GalleryActions {
  openSample(sampleId: number): Promise<void>;
  startReview(slice: ReviewSlice): Promise<void>;
}

/** The run whose marks the tiles show: the slice's own run, else the dataset's newest batch run. */
export function galleryRunOf(store: FinerStore, slice: ReviewSlice): number | null {
  const own = reviewRunOf(slice);
  if (own !== null) return own;
  const runs = store.listRuns(slice.datasetId).filter((r) => !isOneSampleRun(r));
  return runs[runs.length - 1]?.id ?? null;
}

export class GalleryPanelManager implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private context: GalleryContext | undefined;
  private readonly table = galleryHandlerTable();
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private revision = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Replies and notifications the page was sent (kept for tests when `record` is on). */
  readonly posted: unknown[] = [];
  record = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly storeHost: StoreHost,
    private readonly actions: GalleryActions,
  ) {
    this.disposables.push(
      this.storeHost.onDidChange(() => this.scheduleRefresh()),
      // After a reload the page hands back the slice it kept with setState.
      vscode.window.registerWebviewPanelSerializer(GALLERY_VIEW_TYPE, {
        deserializeWebviewPanel: async (webviewPanel, state: unknown) => {
          const slice = isObject(state) ? sliceOfArgument(state.slice) : undefined;
          if (!slice || this.panel) {
            webviewPanel.dispose();
            return;
          }
          this.adopt(webviewPanel);
          await this.open(slice).catch(() => webviewPanel.dispose());
        },
      }),
    );
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.onDidDispose(() => {
      if (this.panel !== panel) return;
      this.panel = undefined;
      this.context = undefined;
    });
    panel.webview.onDidReceiveMessage((m: unknown) => void this.deliver(m));
  }

  /** Shows the slice (reusing the panel); returns what the page shows. */
  async open(slice: ReviewSlice): Promise<GallerySliceView> {
    const store = await this.storeHost.get();
    const dataset = store.getDataset(slice.datasetId);
    if (!dataset) throw new Error(`No dataset ${slice.datasetId} in the database.`);
    const view = this.sliceView(store, slice);
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const options = { enableScripts: true, localResourceRoots: [dist, vscode.Uri.file(dataset.rootDir)] };
    let panel = this.panel;
    if (panel) {
      panel.webview.options = options;
      panel.reveal();
    } else {
      panel = vscode.window.createWebviewPanel(
        GALLERY_VIEW_TYPE,
        'Gallery',
        vscode.ViewColumn.Active,
        options,
      );
      this.adopt(panel);
    }
    const webview = panel.webview;
    panel.title = `Gallery: ${view.title}`;
    this.context = {
      store,
      slice,
      runId: galleryRunOf(store, slice),
      rootDir: dataset.rootDir,
      toWebviewUri: (p) => webview.asWebviewUri(vscode.Uri.file(p)).toString(),
      openSample: (id) => this.actions.openSample(id),
      startReview: (s) => this.actions.startReview(s),
      ready: () => {
        this.ready = true;
      },
    };
    this.ready = false;
    webview.html = buildGalleryHtml(
      webview,
      webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview', 'gallery.js')),
      webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')),
      { slice: view, reviewSlice: slice },
    );
    return view;
  }

  get currentSlice(): ReviewSlice | undefined {
    return this.context?.slice;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Handles one message as the page sends it (also the entry point of the integration test). */
  async deliver(message: unknown): Promise<DeliveryOutcome> {
    const context = this.context;
    if (!context) return { status: 'rejected', reason: 'no gallery open' };
    return this.table.deliver(message, context, (m) => this.post(m));
  }

  private post(message: unknown): void {
    if (this.record) this.posted.push(message);
    void this.panel?.webview.postMessage(message);
  }

  private sliceView(store: FinerStore, slice: ReviewSlice): GallerySliceView {
    const runId = galleryRunOf(store, slice);
    const runName = (id: number): string => store.getRun(id)?.name || `run ${id}`;
    return {
      title: describeReviewSlice(slice, runName),
      datasetName: store.getDataset(slice.datasetId)?.name ?? `dataset ${slice.datasetId}`,
      total: store.countReviewSlice(slice),
      runName: runId === null ? null : runName(runId),
      tags: store.listTaxonomy().map((t) => ({ key: t.key ?? t.name, name: t.name })),
      revision: ++this.revision,
    };
  }

  /** Store writes come in bursts (a bulk tag, a run's batch): one refresh per burst. */
  private scheduleRefresh(): void {
    if (!this.context || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      const context = this.context;
      if (!context || !this.ready) return;
      void this.storeHost.get().then((store) => {
        if (this.context !== context) return;
        context.store = store;
        context.runId = galleryRunOf(store, context.slice);
        this.post({
          kind: 'notification',
          method: GalleryMethod.slice,
          params: this.sliceView(store, context.slice),
        });
      });
    }, 150);
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
