// "Export Dataset to FiftyOne / Label Studio…" (a folder FiftyOne's `from_dir` or a Label Studio
// project imports) and "Import Label Studio Corrections…" (label corrections and tags from a Label
// Studio JSON export, through the label history). Arguments allow scripts and tests to skip dialogs.
import * as vscode from 'vscode';
import type { Dataset } from '../../core/model';
import { exportFiftyOne } from '../../core/interop/fiftyoneExport';
import { exportLabelStudio } from '../../core/interop/labelStudioExport';
import { importLabelStudio, type LabelStudioImportReport } from '../../core/interop/labelStudioImport';
import type { FinerStore } from '../../core/store/finerStore';
import type { ReviewActor } from '../common/reviewActor';
import type { StoreHost } from '../common/storeHost';
import { isObject } from '../../shared/guards';

export type InteropFormat = 'fiftyone' | 'label-studio';

async function pickDataset(store: FinerStore, arg: unknown, title: string): Promise<Dataset | undefined> {
  const datasets = store.listDatasets();
  const wanted = isObject(arg) && typeof arg['datasetId'] === 'number' ? arg['datasetId'] : undefined;
  if (wanted !== undefined) return datasets.find((d) => d.id === wanted);
  if (datasets.length === 1) return datasets[0];
  const picked = await vscode.window.showQuickPick(
    datasets.map((d) => ({ label: d.name, description: `${d.sampleCount} samples`, dataset: d })),
    { title },
  );
  return picked?.dataset;
}

async function pickFormat(arg: unknown): Promise<InteropFormat | undefined> {
  const given = isObject(arg) ? arg['format'] : undefined;
  if (given === 'fiftyone' || given === 'label-studio') return given;
  const picked = await vscode.window.showQuickPick(
    [
      {
        label: 'FiftyOne dataset',
        detail:
          'samples.json + metadata.json: fo.Dataset.from_dir(dataset_dir=…, dataset_type=fo.types.FiftyOneDataset)',
        format: 'fiftyone' as const,
      },
      {
        label: 'Label Studio tasks',
        detail: 'tasks.json with predictions + label-config.xml (images served as local files)',
        format: 'label-studio' as const,
      },
    ],
    { title: 'Export Dataset: format' },
  );
  return picked?.format;
}

async function pickFolder(arg: unknown, title: string): Promise<string | undefined> {
  if (isObject(arg) && typeof arg['outDir'] === 'string') return arg['outDir'];
  const uris = await vscode.window.showOpenDialog({
    title,
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Export Here',
    ...(vscode.workspace.workspaceFolders?.[0]
      ? { defaultUri: vscode.workspace.workspaceFolders[0].uri }
      : {}),
  });
  return uris?.[0]?.fsPath;
}

export function reportSummary(report: LabelStudioImportReport): string {
  return (
    `${report.tasks} tasks: ${report.changed.length} changes, ${report.skipped.length} skipped` +
    (report.errors.length > 0 ? `, ${report.errors.length} bad tasks (see the output)` : '')
  );
}

export class InteropCommands {
  private output: vscode.OutputChannel | undefined;

  constructor(
    private readonly storeHost: StoreHost,
    /** Who label corrections are recorded as (the review author). */
    private readonly actor: ReviewActor,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('finerLens.exportInterop', (arg?: unknown) => this.exportDataset(arg)),
      vscode.commands.registerCommand('finerLens.importLabelStudio', (arg?: unknown) =>
        this.importCorrections(arg),
      ),
      { dispose: () => this.output?.dispose() },
    ];
  }

  /** Returns the folder written, or undefined when cancelled or failed. */
  async exportDataset(arg?: unknown): Promise<string | undefined> {
    try {
      const store = await this.storeHost.get();
      const format = await pickFormat(arg);
      if (!format) return undefined;
      const dataset = await pickDataset(store, arg, 'Export Dataset: dataset');
      if (!dataset) return undefined;
      const dir = await pickFolder(
        arg,
        format === 'fiftyone' ? 'FiftyOne dataset folder' : 'Label Studio tasks folder',
      );
      if (!dir) return undefined;
      let message: string;
      if (format === 'fiftyone') {
        const s = exportFiftyOne(store, { datasetId: dataset.id }, dir);
        message = `Finer Lens wrote ${s.samples} samples with ${s.runs} runs as a FiftyOne dataset to ${dir}.`;
      } else {
        const s = exportLabelStudio(store, { datasetId: dataset.id }, dir, {
          kind: 'local-files',
          documentRoot: dataset.rootDir,
        });
        message =
          `Finer Lens wrote ${s.tasks} Label Studio tasks to ${dir}. Serve images with ` +
          `LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT=${dataset.rootDir}` +
          (s.skipped.length > 0 ? ` (${s.skipped.length} samples skipped).` : '.');
      }
      void vscode.window.showInformationMessage(message, 'Reveal in File Explorer').then((choice) => {
        if (choice) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(dir));
      });
      return dir;
    } catch (err) {
      void vscode.window.showErrorMessage(`Finer Lens could not export the dataset: ${String(err)}`);
      return undefined;
    }
  }

  async importCorrections(arg?: unknown): Promise<LabelStudioImportReport | undefined> {
    try {
      const store = await this.storeHost.get();
      let file = isObject(arg) && typeof arg['file'] === 'string' ? arg['file'] : undefined;
      if (!file) {
        const uris = await vscode.window.showOpenDialog({
          title: 'Label Studio JSON export',
          filters: { JSON: ['json'] },
          canSelectMany: false,
        });
        file = uris?.[0]?.fsPath;
      }
      if (!file) return undefined;
      const report = importLabelStudio(store, file, { actor: await this.actor.name() });
      this.output ??= vscode.window.createOutputChannel('Finer Lens: Label Studio import');
      this.output.appendLine(`${file}: ${reportSummary(report)}`);
      for (const n of report.changed) this.output.appendLine(`changed ${n.task}: ${n.message}`);
      for (const n of report.skipped) this.output.appendLine(`skipped ${n.task}: ${n.message}`);
      for (const n of report.errors) this.output.appendLine(`error: ${n.message}`);
      const show =
        report.errors.length > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      void show(
        `Finer Lens imported Label Studio corrections: ${reportSummary(report)}.`,
        'Show Details',
      ).then((choice) => {
        if (choice) this.output?.show();
      });
      return report;
    } catch (err) {
      void vscode.window.showErrorMessage(
        `Finer Lens could not import the Label Studio export: ${String(err)}`,
      );
      return undefined;
    }
  }
}
