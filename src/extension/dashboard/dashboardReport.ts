// "Export Report…" from a dashboard (and the "Export Run Report…" command): Markdown, HTML or
// JSON through the core report module (the same text `finer-lens report` writes), with the
// dashboard's choices (text-only run, fine-matrix group, overlaid runs, the run it compares
// with); a format pick, a save dialog, and a notification with Open / Reveal like the other exports.
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import * as vscode from 'vscode';
import { analyzeRun } from '../../core/analysis/runAnalysis/analyzeRun';
import { compareRuns } from '../../core/analysis/runAnalysis/compareRuns';
import type { FinerStore } from '../../core/store/finerStore';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../../core/report/reportRender';
import type { DashboardChoices } from '../../shared/dashboardProtocol';
import { errorText } from '../../shared/errorText';

export interface ReportRequest {
  runId: number;
  choices: DashboardChoices;
  compareRunId: number | null;
  /** Skips the pickers (scripts, tests). */
  format?: ReportFormat;
  outFile?: string;
}

const FORMAT_NAMES: Record<ReportFormat, string> = {
  md: 'Markdown (tables, fits a paper appendix)',
  html: 'HTML (self-contained: inline SVG charts, no external resources)',
  json: 'JSON (every number, documented in docs/report.md)',
};
const FILTERS: Record<ReportFormat, Record<string, string[]>> = {
  md: { Markdown: ['md'] },
  html: { HTML: ['html'] },
  json: { JSON: ['json'] },
};

/** The report text of a run with a dashboard's choices. */
export function runReportText(store: FinerStore, request: ReportRequest, format: ReportFormat): string {
  const { runId, choices, compareRunId } = request;
  const analysis = analyzeRun(store, runId, {
    ...(choices.textRunId !== null ? { textRunId: choices.textRunId } : {}),
    ...(choices.matrixCoarse !== null ? { matrixCoarse: choices.matrixCoarse } : {}),
  });
  const overlayIds = choices.overlayRunIds.filter((id) => id !== runId);
  if (compareRunId !== null && !overlayIds.includes(compareRunId)) overlayIds.push(compareRunId);
  const others = overlayIds.map((id) => analyzeRun(store, id, { skipGrounding: true }));
  const comparison = compareRunId === null ? undefined : compareRuns(store, runId, compareRunId);
  return renderReport({ analysis, others, ...(comparison ? { comparison } : {}) }, format);
}

function offerToOpen(message: string, file: string): void {
  void vscode.window.showInformationMessage(message, 'Open', 'Reveal in File Explorer').then((choice) => {
    const uri = vscode.Uri.file(file);
    if (choice === 'Open') void vscode.commands.executeCommand('vscode.open', uri);
    if (choice === 'Reveal in File Explorer') void vscode.commands.executeCommand('revealFileInOS', uri);
  });
}

/** Returns the written file, or undefined when cancelled or failed (the error is shown). */
export async function exportRunReport(
  store: FinerStore,
  request: ReportRequest,
): Promise<string | undefined> {
  try {
    const run = store.getRun(request.runId);
    if (!run) throw new Error(`Run ${request.runId} is not in the database.`);
    let format = request.format;
    let outFile = request.outFile;
    if (format === undefined && outFile !== undefined) {
      const ext = extname(outFile).slice(1).toLowerCase();
      format = REPORT_FORMATS.find((f) => f === ext) ?? 'html';
    }
    if (format === undefined) {
      format = (
        await vscode.window.showQuickPick(
          REPORT_FORMATS.map((f) => ({ label: f.toUpperCase(), detail: FORMAT_NAMES[f], format: f })),
          { title: `Export Report: run ${run.id} (${run.name})` },
        )
      )?.format;
      if (format === undefined) return undefined;
    }
    if (outFile === undefined) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = `finer-lens-run-${run.id}-report.${format}`;
      const uri = await vscode.window.showSaveDialog({
        title: 'Export Report',
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
        filters: FILTERS[format],
      });
      if (!uri) return undefined;
      outFile = uri.fsPath;
    }
    const text = runReportText(store, request, format);
    writeFileSync(outFile, text, 'utf8');
    offerToOpen(
      `Finer Lens wrote the ${format.toUpperCase()} report of run ${run.id} to ${outFile}.`,
      outFile,
    );
    return outFile;
  } catch (error) {
    void vscode.window.showErrorMessage(`Finer Lens could not export the report: ${errorText(error)}`);
    return undefined;
  }
}
