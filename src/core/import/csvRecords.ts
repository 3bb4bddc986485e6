// RFC 4180 records from a streamed CSV file: comma separated, fields optionally quoted
// with '"', a doubled quote inside quotes is a literal quote, and quoted fields may span
// lines (the line break is kept as "\n").
import { describeOversizedRow, MAX_LINE_BYTES } from '../boundedLines';
import type { ReadPosition } from '../boundedLines';
import type { ImportIssueLog } from './importIssueLog';
import { readRawLines } from './textLineReader';
import type { TextLine } from './textLineReader';

export type CsvRecord =
  | { ok: true; line: number; fields: string[]; invalidUtf8?: true }
  | { ok: false; line: number; reason: string };

/**
 * A quoted field may span at most this many lines (and MAX_LINE_BYTES); past that, or at the
 * end of the file, its opening quote is taken for one that was never closed.
 */
export const MAX_QUOTED_FIELD_LINES = 100;

/** Parses one line as a complete record (no quoted line breaks); for tests and headers. */
export function parseCsvLine(text: string): CsvRecord {
  const parser = new CsvRecordParser();
  const done = parser.feedLine(text);
  if (!done) return { ok: false, line: 1, reason: 'unterminated quoted field' };
  return parser.take(1, false);
}

/**
 * Non-blank records of the file, each with the line it starts on. When a quote is never
 * closed, that record is reported and the lines after its first line are read again as
 * records of their own, so one stray quote costs one row, not the rest of the file.
 */
export async function* readCsvRecords(
  file: string,
  log: ImportIssueLog,
  position?: ReadPosition,
): AsyncGenerator<CsvRecord> {
  const parser = new CsvRecordParser();
  /** Lines of the record being read (it has an open quote). */
  let held: TextLine[] = [];
  /** Lines to read again after an unclosed quote, before any new line of the file. */
  let replay: TextLine[] = [];

  const unclosed = (why: string): CsvRecord => {
    const first = held[0] as TextLine;
    replay = [...held.slice(1), ...replay];
    held = [];
    parser.reset();
    return {
      ok: false,
      line: first.line,
      reason: `unclosed quote starting at line ${first.line} (${why}); the lines after it were read as rows again`,
    };
  };

  function* feed(entry: TextLine): Generator<CsvRecord> {
    if (entry.oversized) {
      if (held.length > 0) {
        replay.unshift(entry);
        yield unclosed(`a line of the field is over ${MAX_LINE_BYTES / (1024 * 1024)} MB`);
        return;
      }
      yield { ok: false, line: entry.line, reason: describeOversizedRow(entry.bytes) };
      return;
    }
    if (held.length === 0 && entry.text.trim() === '') return;
    held.push(entry);
    if (parser.feedLine(entry.text)) {
      const startLine = (held[0] as TextLine).line;
      const invalidUtf8 = held.some((h) => h.invalidUtf8);
      held = [];
      yield parser.take(startLine, invalidUtf8);
    } else if (held.length > MAX_QUOTED_FIELD_LINES) {
      yield unclosed(`no closing quote within ${MAX_QUOTED_FIELD_LINES} lines`);
    } else if (parser.length > MAX_LINE_BYTES) {
      yield unclosed(`no closing quote within ${MAX_LINE_BYTES / (1024 * 1024)} MB`);
    }
  }

  for await (const entry of readRawLines(file, log, position)) {
    yield* feed(entry);
    while (replay.length > 0) yield* feed(replay.shift() as TextLine);
  }
  while (held.length > 0) {
    yield unclosed('the file ends inside the quoted field');
    while (replay.length > 0) yield* feed(replay.shift() as TextLine);
  }
}

class CsvRecordParser {
  private fields: string[] = [];
  private field = '';
  private quoted = false;
  private inQuotes = false;
  private afterClosingQuote = false;
  private problem: string | undefined;
  private inRecord = false;
  length = 0;

  /** Feeds one physical line; true when it completes the record. Copies runs of text, not characters. */
  feedLine(text: string): boolean {
    if (this.inRecord) this.field += '\n';
    this.inRecord = true;
    this.length += text.length + 1;
    let i = 0;
    while (i < text.length) {
      if (this.inQuotes) {
        const quote = text.indexOf('"', i);
        if (quote < 0) {
          this.field += text.slice(i);
          return false;
        }
        this.field += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          this.field += '"';
          i = quote + 2;
        } else {
          this.inQuotes = false;
          this.afterClosingQuote = true;
          i = quote + 1;
        }
        continue;
      }
      const ch = text[i];
      if (ch === ',') {
        this.endField();
        i++;
      } else if (ch === '"' && !this.quoted && this.field.trim() === '') {
        this.field = '';
        this.quoted = true;
        this.inQuotes = true;
        i++;
      } else if (this.afterClosingQuote) {
        if (ch !== ' ' && ch !== '\t')
          this.problem ??= `unexpected character after a closing quote in field ${this.fields.length + 1}`;
        i++;
      } else {
        let end = i;
        while (end < text.length && text[end] !== ',' && text[end] !== '"') end++;
        if (end === i) {
          // A quote inside an unquoted field.
          this.problem ??= `stray quote in unquoted field ${this.fields.length + 1}`;
          this.field += '"';
          i++;
        } else {
          this.field += text.slice(i, end);
          i = end;
        }
      }
    }
    if (this.inQuotes) return false;
    this.endField();
    return true;
  }

  take(line: number, invalidUtf8: boolean): CsvRecord {
    let result: CsvRecord;
    if (this.problem) result = { ok: false, line, reason: this.problem };
    else if (invalidUtf8) result = { ok: true, line, fields: this.fields, invalidUtf8 };
    else result = { ok: true, line, fields: this.fields };
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
