// Collects the problems of one import. Only the first `limit` issues are kept so that a
// broken 100k-row file cannot fill memory; the rest are counted and summarised.
import type { ImportIssue, ImportIssueSeverity } from '../model';
import type { FieldProblem } from './labelFields';

export const MAX_STORED_ISSUES = 1000;

/** A parsed row as the importers' line parsers return it. */
type ParsedRow =
  | { ok: true; warnings: readonly FieldProblem[] }
  | { ok: false; errors: readonly FieldProblem[]; warnings: readonly FieldProblem[] };

export class ImportIssueLog {
  private readonly stored: ImportIssue[] = [];
  private droppedErrors = 0;
  private droppedWarnings = 0;
  private lastDroppedFile = '';
  errors = 0;
  warnings = 0;

  constructor(private readonly limit = MAX_STORED_ISSUES) {}

  error(file: string, line: number | undefined, field: string | undefined, reason: string): void {
    this.add({ severity: 'error', file, line, field, reason });
  }

  warning(file: string, line: number | undefined, field: string | undefined, reason: string): void {
    this.add({ severity: 'warning', file, line, field, reason });
  }

  /** Logs a parsed row's warnings and, when it is unusable, its errors; true when it is usable. */
  row<T extends ParsedRow>(file: string, line: number, parsed: T): parsed is Extract<T, { ok: true }> {
    for (const w of parsed.warnings) this.warning(file, line, w.field, w.reason);
    if (parsed.ok) return true;
    for (const e of parsed.errors) this.error(file, line, e.field, e.reason);
    return false;
  }

  add(issue: ImportIssue): void {
    if (issue.severity === 'error') this.errors++;
    else this.warnings++;
    if (this.stored.length < this.limit) {
      // Keep the object free of `undefined` keys so summaries serialise cleanly.
      const clean: ImportIssue = { severity: issue.severity, file: issue.file, reason: issue.reason };
      if (issue.line !== undefined) clean.line = issue.line;
      if (issue.field !== undefined) clean.field = issue.field;
      this.stored.push(clean);
      return;
    }
    if (issue.severity === 'error') this.droppedErrors++;
    else this.droppedWarnings++;
    this.lastDroppedFile = issue.file;
  }

  /** The stored issues, plus one closing "... and N more" entry when some were dropped. */
  toList(): ImportIssue[] {
    const dropped = this.droppedErrors + this.droppedWarnings;
    if (dropped === 0) return [...this.stored];
    const severity: ImportIssueSeverity = this.droppedErrors > 0 ? 'error' : 'warning';
    return [
      ...this.stored,
      {
        severity,
        file: this.lastDroppedFile,
        reason: `... and ${dropped} more (${this.droppedErrors} errors, ${this.droppedWarnings} warnings) not listed`,
      },
    ];
  }
}
