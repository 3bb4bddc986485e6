// Reads a JSONL file line by line (1-based numbers, blank lines skipped), shared by the score command,
// the batch output importer and the reference output importer. A line over MAX_LINE_BYTES or with
// invalid UTF-8 comes back with a `problem` instead of its text, for the caller to report and skip.
import { describeOversizedRow, readLineBatches } from './boundedLines';

export interface JsonlLine {
  line: number;
  text: string;
  /** Why the line cannot be used (too long, not UTF-8); `text` is then '' or lossy. */
  problem?: string;
}

export const INVALID_UTF8_REASON =
  'invalid UTF-8 (bytes that are not text); row skipped; save the file as UTF-8';

export async function* readJsonlLines(file: string): AsyncGenerator<JsonlLine> {
  for await (const batch of readLineBatches(file)) {
    for (const raw of batch) {
      if (raw.oversized) {
        yield { line: raw.line, text: '', problem: describeOversizedRow(raw.bytes) };
        continue;
      }
      const text = (raw.line === 1 ? raw.text.replace(/^\uFEFF/, '') : raw.text).trim();
      if (text === '') continue;
      if (raw.invalidUtf8) yield { line: raw.line, text, problem: INVALID_UTF8_REASON };
      else yield { line: raw.line, text };
    }
  }
}

/** A problem with one line of an input file; the rest of the file is still imported. */
export interface LineIssue {
  file: string;
  line: number;
  reason: string;
}
