// Import commands: pickers with sensible defaults, progress while the importer runs, a summary
// afterwards. Every command also accepts its inputs as an argument (scripts, tests) and returns
// the ImportSummary.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { importFinerDataset } from '../../core/import/finerImporter';
import type { FinerImportOptions } from '../../core/import/finerImporter';
import type { ImportControl, ImportResult } from '../../core/import/importRun';
import { importManifest } from '../../core/import/manifestImporter';
import type { ManifestImportOptions } from '../../core/import/manifestImporter';
import { importSampleDataset } from '../../core/import/sampleDataset';
import { importNativeDataset } from '../../core/import/native/nativeImporter';
import type { NativeImportResult } from '../../core/import/native/nativeImporter';
import { chooseDatasetFolder, isDatasetFolderArgs } from './datasetFolderImport';
import type { DatasetFolderArgs } from './datasetFolderImport';
import type { DatasetTreeNode, DatasetTreeProvider } from './datasetTree';
import type { ImportReporter } from './importReport';
import type { StoreHost } from '../common/storeHost';

/** Command arguments for scripted use; the same shape as the importers' options. */
export type FinerImportArgs = FinerImportOptions;
export type ManifestImportArgs = ManifestImportOptions;

export interface SampleDatasetResult {
  datasetId: number;
  /** True when the sample dataset was already in the store and was reused. */
  existing: boolean;
  summary?: ImportResult;
}

const ATTRIBUTES_FILE = /^parsed-.+-wiki-text-combined\.json$/;

export class ImportCommands {
  constructor(
    private readonly storeHost: StoreHost,
    private readonly tree: DatasetTreeProvider,
    private readonly treeView: vscode.TreeView<DatasetTreeNode>,
    private readonly reporter: ImportReporter,
    private readonly sampleDatasetDir: string,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('finerLens.openSampleDataset', () => this.openSampleDataset()),
      vscode.commands.registerCommand('finerLens.importFinerDataset', (args?: unknown) =>
        this.importFiner(isFinerImportArgs(args) ? args : undefined),
      ),
      vscode.commands.registerCommand('finerLens.importManifest', (args?: unknown) =>
        this.importManifest(isManifestImportArgs(args) ? args : undefined),
      ),
      vscode.commands.registerCommand('finerLens.importDatasetFolder', (args?: unknown) =>
        this.importDatasetFolder(isDatasetFolderArgs(args) ? args : undefined),
      ),
    ];
  }

  async openSampleDataset(): Promise<SampleDatasetResult | undefined> {
    try {
      const store = await this.storeHost.get();
      const result = await this.withProgress('Opening the sample dataset', () =>
        importSampleDataset(store, this.sampleDatasetDir),
      );
      const outcome: SampleDatasetResult = { datasetId: result.datasetId, existing: result.existing };
      if (result.summary) {
        outcome.summary = result.summary;
        this.reporter.report(result.summary);
      }
      await this.revealDataset(outcome.datasetId);
      return outcome;
    } catch (err) {
      this.reporter.reportFailure('Opening the sample dataset', err);
      return undefined;
    }
  }

  async importFiner(args?: FinerImportArgs): Promise<ImportResult | undefined> {
    if (!this.checkTrusted()) return undefined;
    const input = args ?? (await this.pickFinerInputs());
    if (!input) return undefined;
    try {
      const store = await this.storeHost.get();
      const summary = await this.withCancellableProgress(
        `Importing ${path.basename(input.unifiedFile)}`,
        (control) => importFinerDataset(store, { ...input, ...control }),
      );
      this.reporter.report(summary);
      await this.revealDataset(summary.datasetId);
      return summary;
    } catch (err) {
      this.reporter.reportFailure(`Importing ${input.unifiedFile}`, err);
      return undefined;
    }
  }

  async importManifest(args?: ManifestImportArgs): Promise<ImportResult | undefined> {
    if (!this.checkTrusted()) return undefined;
    const input = args ?? (await this.pickManifestInputs());
    if (!input) return undefined;
    try {
      const store = await this.storeHost.get();
      const summary = await this.withCancellableProgress(
        `Importing ${path.basename(input.manifestFile)}`,
        (control) => importManifest(store, { ...input, ...control }),
      );
      this.reporter.report(summary);
      await this.revealDataset(summary.datasetId);
      return summary;
    } catch (err) {
      this.reporter.reportFailure(`Importing ${input.manifestFile}`, err);
      return undefined;
    }
  }

  /** Detects the layout, reports what was found (or what is missing), imports the chosen split. */
  async importDatasetFolder(
    args?: DatasetFolderArgs,
  ): Promise<{ found: string; summary: NativeImportResult } | { error: string } | undefined> {
    if (!this.checkTrusted()) return undefined;
    const choice = await chooseDatasetFolder(args);
    if (!choice) return undefined;
    if (!choice.ok) {
      this.reporter.reportFailure('Import Dataset Folder', new Error(choice.reason));
      return { error: choice.reason };
    }
    try {
      const store = await this.storeHost.get();
      const summary = await this.withCancellableProgress(
        `Importing ${choice.options.format} ${choice.options.split ?? ''} from ${path.basename(choice.layout.folder)}`,
        (control) => importNativeDataset(store, { ...choice.options, ...control }),
      );
      this.reporter.report(summary, choice.found);
      await this.revealDataset(summary.datasetId);
      return { found: choice.found, summary };
    } catch (err) {
      this.reporter.reportFailure(`Importing ${choice.layout.folder}`, err);
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }

  private checkTrusted(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showWarningMessage('Finer Lens imports datasets only in a trusted workspace.');
    return false;
  }

  /** A notification with a Cancel button and a row count; cancelling rolls the import back. */
  private withCancellableProgress<T>(
    title: string,
    task: (control: ImportControl) => Promise<T>,
  ): Promise<T> {
    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Finer Lens: ${title}…`, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          const subscription = token.onCancellationRequested(() => abort.abort());
          try {
            return await task({
              signal: abort.signal,
              onProgress: (rows) => progress.report({ message: `${rows.toLocaleString()} rows read` }),
            });
          } finally {
            subscription.dispose();
          }
        },
      ),
    );
  }

  private withProgress<T>(title: string, task: () => Promise<T>): Promise<T> {
    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Finer Lens: ${title}…` },
        task,
      ),
    );
  }

  private async revealDataset(datasetId: number): Promise<void> {
    this.tree.expandWhenShown(datasetId);
    this.tree.refresh();
    const node = await this.tree.datasetNode(datasetId);
    if (!node) return;
    try {
      // Show the view first: reveal() on a view that was never opened does nothing.
      await vscode.commands.executeCommand('finerLens.datasets.focus');
      await this.treeView.reveal(node, { select: true, focus: false, expand: 2 });
    } catch {
      // The view may be hidden (e.g. a command run from the palette before the view was shown);
      // revealing is a convenience, the import itself succeeded.
    }
  }

  private async pickFinerInputs(): Promise<FinerImportArgs | undefined> {
    const picked = await vscode.window.showOpenDialog({
      title: 'Import FINER Dataset (1/3): select the unified labels file (unified-*.jsonl)',
      canSelectFiles: true,
      canSelectFolders: false,
      canSelectMany: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      filters: { 'FINER unified labels': ['jsonl'], 'All files': ['*'] },
      openLabel: 'Select Labels File',
    });
    const unifiedFile = picked?.[0]?.fsPath;
    if (!unifiedFile) return undefined;
    const folder = path.dirname(unifiedFile);

    const attributes = await this.pickAttributesFile(folder, 'Import FINER Dataset (2/3)');
    if (attributes === 'cancelled') return undefined;

    const images = await vscode.window.showOpenDialog({
      title: 'Import FINER Dataset (3/3): select the images folder',
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      defaultUri: vscode.Uri.file(folder),
      openLabel: 'Use as Images Folder',
    });
    const imagesDir = images?.[0]?.fsPath;
    if (!imagesDir) return undefined;
    return { unifiedFile, attributesFile: attributes, imagesDir };
  }

  private async pickManifestInputs(): Promise<ManifestImportArgs | undefined> {
    const picked = await vscode.window.showOpenDialog({
      title: 'Import Dataset Manifest (1/3): select the manifest (CSV or JSONL)',
      canSelectFiles: true,
      canSelectFolders: false,
      canSelectMany: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      filters: { Manifests: ['csv', 'tsv', 'jsonl', 'json'], 'All files': ['*'] },
      openLabel: 'Select Manifest',
    });
    const manifestFile = picked?.[0]?.fsPath;
    if (!manifestFile) return undefined;
    const folder = path.dirname(manifestFile);

    const attributes = await this.pickAttributesFile(folder, 'Import Dataset Manifest (2/3)');
    if (attributes === 'cancelled') return undefined;

    const root = await vscode.window.showOpenDialog({
      title: 'Import Dataset Manifest (3/3): select the folder image paths are relative to',
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      defaultUri: vscode.Uri.file(folder),
      openLabel: 'Use as Image Root',
    });
    const rootDir = root?.[0]?.fsPath;
    if (!rootDir) return undefined;
    return { manifestFile, attributesFile: attributes, rootDir };
  }

  /** Suggests parsed-*-wiki-text-combined.json files next to the labels; undefined = none. */
  private async pickAttributesFile(folder: string, step: string): Promise<string | undefined | 'cancelled'> {
    let suggestions: string[] = [];
    try {
      suggestions = fs.readdirSync(folder).filter((f) => ATTRIBUTES_FILE.test(f));
    } catch {
      // An unreadable folder just means no suggestions; the user can still browse.
    }
    type Choice = vscode.QuickPickItem & { action: 'file' | 'browse' | 'none'; file?: string };
    const choices: Choice[] = [
      ...suggestions.map((f): Choice => ({
        label: `$(file) ${f}`,
        description: 'found next to the labels',
        action: 'file',
        file: path.join(folder, f),
      })),
      { label: '$(folder-opened) Browse…', action: 'browse' },
      { label: '$(circle-slash) No attributes file', description: 'import labels only', action: 'none' },
    ];
    const choice = await vscode.window.showQuickPick(choices, {
      title: `${step}: concept attributes (parsed-*-wiki-text-combined.json)`,
      placeHolder: 'Reference attributes for each fine-grained concept (optional)',
      ignoreFocusOut: true,
    });
    if (!choice) return 'cancelled';
    if (choice.action === 'none') return undefined;
    if (choice.action === 'file') return choice.file;
    const browsed = await vscode.window.showOpenDialog({
      title: `${step}: select the attributes file`,
      canSelectFiles: true,
      canSelectMany: false,
      defaultUri: vscode.Uri.file(folder),
      filters: { 'FINER attributes': ['json'], 'All files': ['*'] },
    });
    return browsed?.[0]?.fsPath ?? 'cancelled';
  }
}

function isFinerImportArgs(value: unknown): value is FinerImportArgs {
  return (
    typeof value === 'object' && value !== null && typeof (value as FinerImportArgs).unifiedFile === 'string'
  );
}

function isManifestImportArgs(value: unknown): value is ManifestImportArgs {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ManifestImportArgs).manifestFile === 'string'
  );
}
