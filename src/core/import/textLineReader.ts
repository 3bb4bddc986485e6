// Streams a text file line by line so large manifests are never held as one string; lines
// over MAX_LINE_BYTES are passed on as `oversized` (without their text) for the importer to
// report and skip. The byte work is in ../boundedLines.
import { stat } from 'node:fs/promises';
import { readLineBatches } from '../boundedLines';
import type { RawLine, ReadPosition } from '../boundedLines';
import { InputError } from '../errors';
import type { ImportIssueLog } from './importIssueLog';

export type TextLine = RawLine;

const BOM = '\uFEFF';

/** Throws InputError when the file cannot be read or has no bytes at all; returns its size in bytes. */
export async function assertReadableFile(file: string): Promise<number> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new InputError(`${file}: not a file`, file);
    size = info.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${file}: cannot read the file (${describeFsError(err)})`, file);
  }
  if (size === 0) throw new InputError(`${file}: the file is empty`, file);
  return size;
}

/** Removes a leading BOM from line 1 (with a warning); other lines are returned as they are. */
function withoutBom(raw: RawLine, file: string, log: ImportIssueLog): RawLine {
  if (raw.line !== 1 || !raw.text.startsWith(BOM)) return raw;
  log.warning(file, 1, undefined, 'byte order mark (BOM) at the start of the file was removed');
  raw.text = raw.text.slice(1);
  return raw;
}

/**
 * Every line of the file, including blank ones, with a leading byte order mark removed
 * (and reported as a warning). CR, LF and CRLF all end a line.
 */
export async function* readRawLines(
  file: string,
  log: ImportIssueLog,
  position?: ReadPosition,
): AsyncGenerator<TextLine> {
  for await (const batch of readLineBatches(file, { position })) {
    for (const raw of batch) yield withoutBom(raw, file, log);
  }
}

/**
 * Calls `onLine` for every non-blank line, its text trimmed, and for every oversized line;
 * a leading BOM is removed with a warning. Throws InputError when the file cannot be read, is
 * UTF-16 or has no non-blank line. A plain callback rather than an async generator: at 100k
 * lines the promise per yielded line is a cost worth avoiding.
 */
export async function forEachContentLine(
  file: string,
  log: ImportIssueLog,
  onLine: (line: TextLine) => void,
  position?: ReadPosition,
): Promise<void> {
  let any = false;
  for await (const batch of readLineBatches(file, { position })) {
    for (const raw of batch) {
      if (raw.oversized) {
        any = true;
        onLine(raw);
        continue;
      }
      // The BOM is checked before trim(), which would silently drop it (it counts as whitespace).
      const text = withoutBom(raw, file, log).text.trim();
      if (text === '') continue;
      any = true;
      // The line objects are the reader's own, made for this call: no copy needed.
      raw.text = text;
      onLine(raw);
    }
  }
  if (!any) throw new InputError(`${file}: the file is empty (only blank lines)`, file);
}

/** The error code of a failed file-system call (e.g. ENOENT), else its message. */
export function describeFsError(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}
