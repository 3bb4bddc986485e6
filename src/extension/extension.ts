// Entry point: wires the store host, the Datasets view, the sample panel and the commands.
// Activation does no I/O: the database opens when the view or a command first needs it.
import * as vscode from 'vscode';
import { ApiKeyStore } from './endpoints/apiKeyStore';
import { registerDatasetCommands, SampleFileCommands } from './datasets/datasetCommands';
import type { DatasetTreeNode } from './datasets/datasetTree';
import { DatasetTreeProvider } from './datasets/datasetTree';
import { EndpointCommands } from './endpoints/endpointCommands';
import { EndpointConnector } from './endpoints/endpointConnector';
import { ImportCommands } from './datasets/importCommands';
import { ImportReporter } from './datasets/importReport';
import { RunCommands } from './runs/runCommands';
import type { RunsTreeNode } from './runs/runsTree';
import { RunsTreeProvider } from './runs/runsTree';
import { RunStatusBar } from './runs/runStatusBar';
import { SamplePanelManager } from './samplePanel/samplePanel';
import { SampleRunService } from './samplePanel/sampleRunService';
import { StoreHost } from './common/storeHost';
import { StructuredMatcher } from '../core/analysis/structuredMatcher';
import { AnalysisTreeProvider, type AnalysisTreeNode } from './analysis/analysisTree';
import { AttributeEditService } from './samplePanel/attributeEditService';
import { ExportCommands } from './datasets/exportCommands';
import { VerdictOverruleService } from './samplePanel/verdictOverruleService';
import { InteropCommands } from './datasets/interopCommands';
import { ReviewActor } from './common/reviewActor';
import { ReviewCommands } from './review/reviewCommands';
import { ReviewSession } from './review/reviewSession';
import { revealSampleInTree } from './datasets/sampleReveal';
import { SampleTagService } from './samplePanel/sampleTagService';
import { TagCommands } from './review/tagCommands';
import { GalleryCommands } from './gallery/galleryCommands';
import { GalleryPanelManager } from './gallery/galleryPanel';
import {
  DashboardCommands,
  openSliceSamples,
  reviewSliceSamples,
  sliceTarget,
} from './dashboard/dashboardCommands';
import { coreDashboardSource } from './dashboard/dashboardData';
import { DashboardPanelManager } from './dashboard/dashboardPanel';
import { exportRunReport } from './dashboard/dashboardReport';

/**
 * Returned by activate() for the integration tests (and other extensions that want to look
 * inside); not a stable public API.
 */
export interface FinerLensTestApi {
  storeHost: StoreHost;
  tree: DatasetTreeProvider;
  treeView: vscode.TreeView<DatasetTreeNode>;
  samplePanels: SamplePanelManager;
  importCommands: ImportCommands;
  endpoints: EndpointConnector;
  endpointCommands: EndpointCommands;
  runCommands: RunCommands;
  runStatusBar: RunStatusBar;
  runsTree: RunsTreeProvider;
  runsView: vscode.TreeView<RunsTreeNode>;
  sampleRuns: SampleRunService;
  review: ReviewSession;
  reviewCommands: ReviewCommands;
  exportCommands: ExportCommands;
  analysisTree: AnalysisTreeProvider;
  analysisView: vscode.TreeView<AnalysisTreeNode>;
  gallery: GalleryPanelManager;
  galleryCommands: GalleryCommands;
  dashboards: DashboardPanelManager;
  dashboardCommands: DashboardCommands;
}

/** Kept only so deactivate() can close the store and wait for the checkpoint. */
let activeStoreHost: StoreHost | undefined;

export function activate(context: vscode.ExtensionContext): FinerLensTestApi {
  try {
    return wire(context);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`Finer Lens failed to start: ${reason}`);
    throw err;
  }
}

function wire(context: vscode.ExtensionContext): FinerLensTestApi {
  const extensionUri = context.extensionUri;
  const output = vscode.window.createOutputChannel('Finer Lens');
  context.subscriptions.push(output);

  const storeHost = new StoreHost({
    fallbackDir: context.globalStorageUri.fsPath,
    wasmPath: vscode.Uri.joinPath(extensionUri, 'dist', 'sql-wasm.wasm').fsPath,
  });
  activeStoreHost = storeHost;
  context.subscriptions.push(storeHost);

  const tree = new DatasetTreeProvider(storeHost);
  const treeView = vscode.window.createTreeView('finerLens.datasets', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  context.subscriptions.push(tree, treeView);

  const endpoints = new EndpointConnector(new ApiKeyStore(context.secrets), output);
  const endpointCommands = new EndpointCommands(endpoints, output);
  const runStatusBar = new RunStatusBar();
  const runCommands = new RunCommands(storeHost, endpoints, runStatusBar, output);
  const runsTree = new RunsTreeProvider(storeHost, (id) => runCommands.isActive(id));
  const runsView = vscode.window.createTreeView('finerLens.runs', {
    treeDataProvider: runsTree,
    showCollapseAll: true,
  });
  context.subscriptions.push(runStatusBar, runCommands, runsTree, runsView);
  context.subscriptions.push(
    ...endpointCommands.register(),
    ...runCommands.registerCommands(),
    vscode.commands.registerCommand('finerLens.refreshRuns', () => runsTree.refresh()),
    runCommands.onDidStartRun(() => runsTree.scheduleRefresh()),
  );

  const files = new SampleFileCommands(storeHost);
  const sampleRuns = new SampleRunService(storeHost, endpoints, output);
  const actor = new ReviewActor();
  const review = new ReviewSession(storeHost, context.workspaceState);
  const matcher = new StructuredMatcher();
  const samplePanels = new SamplePanelManager(extensionUri, storeHost, {
    files,
    runs: sampleRuns,
    tags: new SampleTagService(storeHost),
    attributes: new AttributeEditService(storeHost, actor),
    review,
    actor,
    matcher,
    verdicts: new VerdictOverruleService(storeHost, actor, matcher),
  });
  review.setNavigator({
    show: (sampleId) => samplePanels.show(sampleId),
    reveal: async (sampleId) => {
      await revealSampleInTree(storeHost, tree, treeView, sampleId).catch(() => false);
    },
  });
  context.subscriptions.push(samplePanels, review);

  const analysisTree = new AnalysisTreeProvider(storeHost);
  const analysisView = vscode.window.createTreeView('finerLens.analysis', { treeDataProvider: analysisTree });
  const reviewCommands = new ReviewCommands(storeHost, review);
  const exportCommands = new ExportCommands(storeHost);
  context.subscriptions.push(
    analysisTree,
    analysisView,
    ...reviewCommands.register(),
    ...exportCommands.register(),
    ...new InteropCommands(storeHost, actor).register(),
    ...new TagCommands(storeHost).register(),
    review.onDidChange((position) =>
      vscode.commands.executeCommand('setContext', 'finerLens.reviewActive', position !== null),
    ),
  );

  // Run dashboards (one panel per run; compare and report from there).
  const dashboards = new DashboardPanelManager(
    extensionUri,
    storeHost,
    coreDashboardSource(vscode.Uri.joinPath(extensionUri, 'dist', 'groundingWorker.js').fsPath),
    {
      openSlice: openSliceSamples,
      reviewSlice: reviewSliceSamples,
      clickTarget: sliceTarget,
      exportReport: async (runId, choices, compareRunId) =>
        void (await exportRunReport(await storeHost.get(), { runId, choices, compareRunId })),
    },
  );
  const dashboardCommands = new DashboardCommands(storeHost, dashboards);
  context.subscriptions.push(dashboards, ...dashboardCommands.register());

  const importCommands = new ImportCommands(
    storeHost,
    tree,
    treeView,
    new ImportReporter(output),
    vscode.Uri.joinPath(extensionUri, 'samples', 'sample-birds').fsPath,
  );
  context.subscriptions.push(
    ...importCommands.register(),
    ...registerDatasetCommands(storeHost, tree, samplePanels, files),
  );

  // Gallery: a thumbnail grid over any review slice (src/extension/gallery/).
  const gallery = new GalleryPanelManager(extensionUri, storeHost, {
    openSample: (sampleId) => samplePanels.show(sampleId),
    startReview: async (slice) => {
      await vscode.commands.executeCommand('finerLens.startReview', slice);
    },
  });
  const galleryCommands = new GalleryCommands(storeHost, gallery);
  context.subscriptions.push(gallery, ...galleryCommands.register());

  return {
    gallery,
    galleryCommands,
    storeHost,
    tree,
    treeView,
    samplePanels,
    importCommands,
    endpoints,
    endpointCommands,
    runCommands,
    runStatusBar,
    runsTree,
    runsView,
    sampleRuns,
    review,
    reviewCommands,
    exportCommands,
    analysisTree,
    analysisView,
    dashboards,
    dashboardCommands,
  };
}

export async function deactivate(): Promise<void> {
  const host = activeStoreHost;
  activeStoreHost = undefined;
  await host?.close();
}
