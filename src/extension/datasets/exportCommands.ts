// "Export Tags and Notes…" (CSV or JSONL with labels and every run's predictions) and "Export
// Corrected Attributes (FINER format)…" (plus a changes report), through a save dialog, or to
// the paths given in an argument object (scripts and tests).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportFinerAttributes } from '../../core/export/attributesExport';
import { exportTagsAndNotes, type TagsExportFormat } from '../../core/export/tagsExport';
import type { StoreHost } from '../common/storeHost';
import { isObject } from '../../shared/guards';

export interface ExportTagsArgs {
  outFile: string;
  format?: TagsExportFormat;
  dataset?: string;
}
export interface ExportAttributesArgs {
  outFile: string;
  reportFile?: string;
  datasetId?: number;
}

function defaultFolder(): vscode.Uri | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

export class ExportCommands {
  constructor(private readonly storeHost: StoreHost) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('finerLens.exportTags', (arg?: unknown) => this.exportTags(arg)),
      vscode.commands.registerCommand('finerLens.exportAttributes', (arg?: unknown) =>
        this.exportAttributes(arg),
      ),
    ];
  }

  async exportTags(arg?: unknown): Promise<string | undefined> {
    try {
      const store = await this.storeHost.get();
      let outFile = isObject(arg) && typeof arg['outFile'] === 'string' ? arg['outFile'] : undefined;
      let format: TagsExportFormat | undefined =
        isObject(arg) && (arg['format'] === 'csv' || arg['format'] === 'jsonl') ? arg['format'] : undefined;
      if (!outFile) {
        const folder = defaultFolder();
        const uri = await vscode.window.showSaveDialog({
          title: 'Export Tags and Notes',
          ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'finer-lens-tags.csv') } : {}),
          filters: { CSV: ['csv'], 'JSON Lines': ['jsonl'] },
        });
        if (!uri) return undefined;
        outFile = uri.fsPath;
      }
      format ??= path.extname(outFile).toLowerCase() === '.jsonl' ? 'jsonl' : 'csv';
      const dataset = isObject(arg) && typeof arg['dataset'] === 'string' ? arg['dataset'] : undefined;
      const summary = exportTagsAndNotes(store, outFile, { format, ...(dataset ? { dataset } : {}) });
      offerToOpen(
        `Finer Lens exported ${summary.rows} annotated samples (${summary.runs} runs) to ${outFile}.`,
        outFile,
      );
      return outFile;
    } catch (err) {
      void vscode.window.showErrorMessage(`Finer Lens could not export tags: ${String(err)}`);
      return undefined;
    }
  }

  async exportAttributes(arg?: unknown): Promise<string | undefined> {
    try {
      const store = await this.storeHost.get();
      const datasets = store.listDatasets();
      let datasetId = isObject(arg) && typeof arg['datasetId'] === 'number' ? arg['datasetId'] : undefined;
      if (datasetId === undefined) {
        if (datasets.length === 1) datasetId = datasets[0]?.id;
        else {
          const picked = await vscode.window.showQuickPick(
            datasets.map((d) => ({ label: d.name, id: d.id })),
            { title: 'Export Corrected Attributes: dataset' },
          );
          datasetId = picked?.id;
        }
      }
      if (datasetId === undefined) return undefined;
      let outFile = isObject(arg) && typeof arg['outFile'] === 'string' ? arg['outFile'] : undefined;
      let reportFile = isObject(arg) && typeof arg['reportFile'] === 'string' ? arg['reportFile'] : undefined;
      if (!outFile) {
        const folder = defaultFolder();
        const uri = await vscode.window.showSaveDialog({
          title: 'Export Corrected Attributes (FINER parsed-attributes JSON)',
          ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'parsed-attributes.corrected.json') } : {}),
          filters: { JSON: ['json'] },
        });
        if (!uri) return undefined;
        outFile = uri.fsPath;
        reportFile = outFile.replace(/\.json$/i, '') + '.changes.md';
      }
      const result = await exportFinerAttributes(store, datasetId, outFile, reportFile);
      offerToOpen(
        `Finer Lens wrote ${result.concepts} concepts (${result.conceptsChanged} changed) to ${result.outFile}` +
          (result.reportFile ? ` and the changes report to ${result.reportFile}.` : '.'),
        result.reportFile ?? result.outFile,
      );
      return outFile;
    } catch (err) {
      void vscode.window.showErrorMessage(`Finer Lens could not export attributes: ${String(err)}`);
      return undefined;
    }
  }
}

/** An export's notification offers to open the file or reveal it in the OS file manager. */
function offerToOpen(message: string, file: string): void {
  void vscode.window.showInformationMessage(message, 'Open', 'Reveal in File Explorer').then((choice) => {
    const uri = vscode.Uri.file(file);
    if (choice === 'Open') void vscode.commands.executeCommand('vscode.open', uri);
    if (choice === 'Reveal in File Explorer') void vscode.commands.executeCommand('revealFileInOS', uri);
  });
}
