// RFC 4180 records from a streamed CSV file: comma separated, fields optionally quoted
// with '"', a doubled quote inside quotes is a literal quote, and quoted fields may span
// lines (the line break is kept as "\n").
import type { ImportIssueLog } from './importIssueLog';
import { readRawLines } from './textLineReader';

export type CsvRecord =
  { ok: true; line: number; fields: string[] } | { ok: false; line: number; reason: string };

/** A quoted field longer than this is taken for a missing closing quote. */
const MAX_RECORD_CHARS = 1 << 20;

/** Parses one line as a complete record (no quoted line breaks); for tests and headers. */
export function parseCsvLine(text: string): CsvRecord {
  const parser = new CsvRecordParser();
  const done = parser.feedLine(text);
  if (!done) return { ok: false, line: 1, reason: 'unterminated quoted field' };
  return parser.take(1);
}

/** Non-blank records of the file, each with the line it starts on. */
export async function* readCsvRecords(file: string, log: ImportIssueLog): AsyncGenerator<CsvRecord> {
  const parser = new CsvRecordParser();
  let startLine = 0;
  for await (const { line, text } of readRawLines(file, log)) {
    if (!parser.inRecord) {
      if (text.trim() === '') continue;
      startLine = line;
    }
    if (parser.feedLine(text)) {
      yield parser.take(startLine);
    } else if (parser.length > MAX_RECORD_CHARS) {
      parser.reset();
      yield {
        ok: false,
        line: startLine,
        reason: 'unterminated quoted field (no closing quote within 1 MiB)',
      };
    }
  }
  if (parser.inRecord) {
    parser.reset();
    yield { ok: false, line: startLine, reason: 'unterminated quoted field at the end of the file' };
  }
}

class CsvRecordParser {
  private fields: string[] = [];
  private field = '';
  private quoted = false;
  private inQuotes = false;
  private afterClosingQuote = false;
  private problem: string | undefined;
  inRecord = false;
  length = 0;

  /** Feeds one physical line; true when it completes the record. */
  feedLine(text: string): boolean {
    if (this.inRecord) this.field += '\n';
    this.inRecord = true;
    this.length += text.length + 1;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (this.inQuotes) {
        if (ch !== '"') this.field += ch;
        else if (text[i + 1] === '"') {
          this.field += '"';
          i++;
        } else {
          this.inQuotes = false;
          this.afterClosingQuote = true;
        }
      } else if (ch === ',') {
        this.endField();
      } else if (ch === '"' && !this.quoted && this.field.trim() === '') {
        this.field = '';
        this.quoted = true;
        this.inQuotes = true;
      } else if (this.afterClosingQuote) {
        if (ch !== ' ' && ch !== '\t')
          this.problem ??= `unexpected character after a closing quote in field ${this.fields.length + 1}`;
      } else {
        if (ch === '"') this.problem ??= `stray quote in unquoted field ${this.fields.length + 1}`;
        this.field += ch;
      }
    }
    if (this.inQuotes) return false;
    this.endField();
    return true;
  }

  take(line: number): CsvRecord {
    const result: CsvRecord = this.problem
      ? { ok: false, line, reason: this.problem }
      : { ok: true, line, fields: this.fields };
    this.reset();
    return result;
  }

  reset(): void {
    this.fields = [];
    this.field = '';
    this.quoted = false;
    this.inQuotes = false;
    this.afterClosingQuote = false;
    this.problem = undefined;
    this.inRecord = false;
    this.length = 0;
  }

  private endField(): void {
    this.fields.push(this.quoted ? this.field : this.field.trim());
    this.field = '';
    this.quoted = false;
    this.afterClosingQuote = false;
  }
}
