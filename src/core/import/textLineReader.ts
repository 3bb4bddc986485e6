// Streams a text file line by line so large manifests are never held as one string.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { InputError } from '../errors';
import type { ImportIssueLog } from './importIssueLog';

export interface TextLine {
  /** 1-based line number in the file. */
  line: number;
  text: string;
}

const BOM = '\uFEFF';

/** Throws InputError when the file cannot be read or has no bytes at all. */
export async function assertReadableFile(file: string): Promise<void> {
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
}

/**
 * Every line of the file, including blank ones, with a leading byte order mark removed
 * (and reported as a warning). CR, LF and CRLF all end a line.
 */
export async function* readRawLines(file: string, log: ImportIssueLog): AsyncGenerator<TextLine> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      let text = raw;
      if (line === 1 && text.startsWith(BOM)) {
        text = text.slice(1);
        log.warning(file, 1, undefined, 'byte order mark (BOM) at the start of the file was removed');
      }
      yield { line, text };
    }
  } catch (err) {
    throw new InputError(`${file}: cannot read the file (${describeFsError(err)})`, file);
  } finally {
    lines.close();
    stream.destroy();
  }
}

/**
 * Calls `onLine` for every non-blank line, trimmed, with its 1-based number; a leading BOM
 * is removed with a warning. Throws InputError when the file cannot be read or has no
 * non-blank line. A plain callback rather than an async generator: at 100k lines the
 * promise per yielded line is a cost worth avoiding.
 */
export async function forEachContentLine(
  file: string,
  log: ImportIssueLog,
  onLine: (line: number, text: string) => void,
): Promise<void> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  let any = false;
  let failedInCallback = false;
  try {
    for await (const raw of lines) {
      line++;
      // Checked before trim(), which would silently drop the BOM (it counts as whitespace).
      if (line === 1 && raw.startsWith(BOM)) {
        log.warning(file, 1, undefined, 'byte order mark (BOM) at the start of the file was removed');
      }
      const text = raw.trim();
      if (text === '') continue;
      any = true;
      try {
        onLine(line, text);
      } catch (err) {
        failedInCallback = true;
        throw err;
      }
    }
  } catch (err) {
    if (failedInCallback) throw err;
    throw new InputError(`${file}: cannot read the file (${describeFsError(err)})`, file);
  } finally {
    lines.close();
    stream.destroy();
  }
  if (!any) throw new InputError(`${file}: the file is empty (only blank lines)`, file);
}

/** The error code of a failed file-system call (e.g. ENOENT), else its message. */
export function describeFsError(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}
