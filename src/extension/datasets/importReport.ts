// Tells the user how an import went: a one-line summary, and every issue as `file:line: reason`
// in the "Finer Lens" output channel (VS Code turns those into clickable links).
import * as vscode from 'vscode';
import type { ImportResult } from '../../core/import/importRun';
import { LABEL_LEVELS } from '../../core/model';
import type { ImportIssue, LabelLevel, LabelSource } from '../../core/model';

const SHOW_PROBLEMS = 'Show Problems';

export function formatImportIssue(issue: ImportIssue): string {
  const location = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  const field = issue.field ? ` [${issue.field}]` : '';
  return `${location}: ${issue.severity}${field}: ${issue.reason}`;
}

export function describeImportSummary(summary: ImportResult): string {
  const warnings = summary.warnings;
  const parts = [`${summary.skipped} skipped`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
  if (summary.concepts > 0) parts.unshift(`${summary.concepts} concepts`);
  return `Imported ${summary.imported} samples into "${summary.datasetName}" (${parts.join(', ')}).`;
}

export class ImportReporter {
  constructor(private readonly output: vscode.OutputChannel) {}

  /** Shows the summary; resolves once the message is shown (does not wait for the user). */
  report(summary: ImportResult & { labelSources?: Record<LabelLevel, LabelSource> }, found?: string): void {
    const message = describeImportSummary(summary);
    if (found) this.output.appendLine(`[${new Date().toISOString()}] ${found}`);
    this.output.appendLine(`[${new Date().toISOString()}] ${message}`);
    for (const level of LABEL_LEVELS) {
      const s = summary.labelSources?.[level];
      if (s)
        this.output.appendLine(
          `  ${level} labels: ${s.kind} - ${s.detail}${s.model ? ` (model ${s.model})` : ''}`,
        );
    }
    if (summary.unmatchedConcepts.length > 0) {
      this.output.appendLine(`  Concepts with no samples: ${summary.unmatchedConcepts.join(', ')}`);
    }
    if (summary.unmatchedClasses.length > 0) {
      this.output.appendLine(`  Classes with no attributes: ${summary.unmatchedClasses.join(', ')}`);
    }
    for (const issue of summary.issues) this.output.appendLine(formatImportIssue(issue));
    const unlisted = summary.errors + summary.warnings - summary.issues.length;
    if (unlisted > 0) this.output.appendLine(`  … and ${unlisted} more issues not listed.`);

    if (summary.issues.length === 0) {
      void vscode.window.showInformationMessage(message);
      return;
    }
    const show = summary.imported === 0 ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    void show(message, SHOW_PROBLEMS).then((choice) => {
      if (choice === SHOW_PROBLEMS) this.output.show(true);
    });
  }

  reportFailure(what: string, err: unknown): void {
    const reason = err instanceof Error ? err.message : String(err);
    this.output.appendLine(`[${new Date().toISOString()}] ${what} failed: ${reason}`);
    void vscode.window.showErrorMessage(`${what} failed: ${reason}`, SHOW_PROBLEMS).then((choice) => {
      if (choice === SHOW_PROBLEMS) this.output.show(true);
    });
  }
}
