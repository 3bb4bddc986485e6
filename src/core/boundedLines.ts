// Splits a file into lines from its bytes. readline builds every line as one string before
// anything can look at it (a 50 MB line cost ~2 GB), and decodes invalid UTF-8 to U+FFFD
// without a word; here a line over the limit is counted and dropped as it streams past, and
// each line says whether its bytes were valid UTF-8.
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { InputError } from './errors';

/** The longest line (one row) any importer reads: 4 MiB. Longer lines are skipped and reported. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

export interface RawLine {
  /** 1-based line number in the file. */
  line: number;
  /** The decoded line without its line break; '' when `oversized`. */
  text: string;
  /** Length of the line in bytes, without its line break. */
  bytes: number;
  /** The line was longer than the limit and was not kept. */
  oversized: boolean;
  /** The bytes were not valid UTF-8; `text` holds U+FFFD where they were. */
  invalidUtf8: boolean;
}

/** Bytes of the file read so far, for callers that project totals from the part seen. */
export interface ReadPosition {
  bytesRead: number;
}

export interface LineReadOptions {
  maxLineBytes?: number;
  position?: ReadPosition;
}

/** `row is 50 MB, over the limit of 4 MB`. */
export function describeOversizedRow(bytes: number, maxBytes = MAX_LINE_BYTES): string {
  return `row is ${formatMegabytes(bytes)} MB, over the limit of ${formatMegabytes(maxBytes)} MB; row skipped`;
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? mb.toFixed(0) : mb.toFixed(1).replace(/\.0$/, '');
}

/** Throws InputError when the first bytes of a file show it is UTF-16 (BOM or NUL-interleaved text). */
export function assertNotUtf16(head: Uint8Array, file: string): void {
  const b0 = head[0];
  const b1 = head[1];
  const bom = (b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff);
  if (bom || looksNulInterleaved(head)) {
    throw new InputError(`${file}: file is UTF-16; save it as UTF-8`, file);
  }
}

/** ASCII saved as UTF-16 without a BOM: every other byte is NUL. */
function looksNulInterleaved(head: Uint8Array): boolean {
  const n = Math.min(head.length, 512) & ~1;
  if (n < 4) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const half = n / 2;
  return (
    (oddZeros >= half * 0.4 && evenZeros <= half * 0.05) ||
    (evenZeros >= half * 0.4 && oddZeros <= half * 0.05)
  );
}

/**
 * The lines of a file in batches (one batch per chunk read, so a caller pays one promise per
 * chunk rather than per line). CR, LF and CRLF all end a line; a last line without a line
 * break counts. Throws InputError when the file cannot be read or is UTF-16.
 */
export async function* readLineBatches(
  file: string,
  options: LineReadOptions = {},
): AsyncGenerator<RawLine[]> {
  const splitter = new LineSplitter(options.maxLineBytes ?? MAX_LINE_BYTES);
  const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (first) {
        assertNotUtf16(chunk, file);
        first = false;
      }
      if (options.position) options.position.bytesRead += chunk.length;
      const lines = splitter.push(chunk);
      if (lines.length > 0) yield lines;
    }
    const last = splitter.end();
    if (last) yield [last];
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    throw new InputError(`${file}: cannot read the file (${code})`, file);
  } finally {
    stream.destroy();
  }
}

const LF = 10;
const CR = 13;

class LineSplitter {
  private pieces: Buffer[] = [];
  private pending = 0;
  private oversized = false;
  private skipLeadingLf = false;
  private line = 0;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): RawLine[] {
    const out: RawLine[] = [];
    let start = 0;
    if (this.skipLeadingLf && chunk.length > 0) {
      if (chunk[0] === LF) start = 1;
      this.skipLeadingLf = false;
    }
    let lf = chunk.indexOf(LF, start);
    let cr = chunk.indexOf(CR, start);
    while (lf >= 0 || cr >= 0) {
      const end = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      if (this.pending === 0 && end - start <= this.maxBytes) {
        // The whole line is in this chunk: decode it in place.
        out.push(this.decode(chunk, start, end));
      } else {
        this.append(chunk, start, end);
        out.push(this.finish());
      }
      start = end + 1;
      if (chunk[end] === CR) {
        if (end + 1 >= chunk.length) this.skipLeadingLf = true;
        else if (chunk[end + 1] === LF) start = end + 2;
      }
      if (lf >= 0 && lf < start) lf = chunk.indexOf(LF, start);
      if (cr >= 0 && cr < start) cr = chunk.indexOf(CR, start);
    }
    this.append(chunk, start, chunk.length);
    return out;
  }

  private decode(buf: Buffer, start: number, end: number): RawLine {
    this.line++;
    const text = buf.toString('utf8', start, end);
    // U+FFFD may be in the file legitimately; only then are the bytes checked.
    const invalidUtf8 = text.includes('\uFFFD') && !isUtf8(buf.subarray(start, end));
    return { line: this.line, text, bytes: end - start, oversized: false, invalidUtf8 };
  }

  end(): RawLine | undefined {
    return this.pending > 0 ? this.finish() : undefined;
  }

  private append(chunk: Buffer, start: number, end: number): void {
    const length = end - start;
    if (length <= 0) return;
    this.pending += length;
    if (this.oversized) return;
    if (this.pending > this.maxBytes) {
      this.oversized = true;
      this.pieces = [];
      return;
    }
    this.pieces.push(chunk.subarray(start, end));
  }

  private finish(): RawLine {
    let result: RawLine;
    if (this.oversized) {
      this.line++;
      result = { line: this.line, text: '', bytes: this.pending, oversized: true, invalidUtf8: false };
    } else {
      const buf = this.pieces.length === 1 ? (this.pieces[0] as Buffer) : Buffer.concat(this.pieces);
      result = this.decode(buf, 0, buf.length);
    }
    this.pieces = [];
    this.pending = 0;
    this.oversized = false;
    return result;
  }
}
