// The append-only operation journal beside the database file (`finer.db.journal`).
//
// Format: UTF-8 lines, each `<checksum> <json>\n`, where checksum is the first 8 hex digits
// of the SHA-1 of the JSON text. The first line is a header naming the journal generation;
// every other line is one acknowledged operation (seq + SQL statements with their
// parameters).
//
// Damage is told apart by what follows it. Lines that fail their checksum (or lack their
// newline) with no valid record after them are a torn tail from a killed writer: ignored, and
// the next writer cuts them off. A bad line followed by records that still verify is damage in
// the middle (a flipped byte, a bad sector): every verifiable record is kept, the damaged
// stretch is reported in `damage`, and the file is never cut before its last valid record.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { StoreError } from '../errors';
import { replaceFileDurably } from './atomicWrite';

export type SqlParam = string | number | null;

export interface SqlOp {
  sql: string;
  params: SqlParam[];
}

export interface JournalRecord {
  seq: number;
  /** When the operation was acknowledged (informational; SQL carries its own timestamps). */
  at: string;
  ops: SqlOp[];
}

export interface JournalHeader {
  format: 'finer-lens-journal';
  version: 1;
  /** Changes whenever a checkpoint replaces the database file and restarts the journal. */
  generation: string;
}

/** A stretch of the journal that does not verify, followed by records that do. */
export interface JournalDamage {
  /** Byte offset where the damaged stretch starts. */
  offset: number;
  /** Its length in bytes. */
  bytes: number;
  /** 1-based line number of its first line in the journal file. */
  line: number;
  /** Seq of the last valid record before it (0: none) and of the first one after it. */
  afterSeq: number;
  beforeSeq: number;
}

export interface JournalTail {
  header: JournalHeader;
  /** Byte offset just after the header line. */
  headerEnd: number;
  records: JournalRecord[];
  /** Byte offset just after the last complete, valid record read. */
  validEnd: number;
  /** File size when read; larger than validEnd when the tail is torn or being written. */
  size: number;
  /** Damaged stretches in the middle (records after them were read and are in `records`). */
  damage: JournalDamage[];
}

const HEADER_PROBE_BYTES = 512;

export function newGeneration(): string {
  return randomBytes(8).toString('hex');
}

function checksum(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 8);
}

function encodeLine(value: unknown): Buffer {
  const json = JSON.stringify(value);
  return Buffer.from(`${checksum(json)} ${json}\n`, 'utf8');
}

/** Parses one line (without its newline); undefined when torn or damaged. */
function decodeLine(line: Buffer): unknown {
  const text = line.toString('utf8');
  const space = text.indexOf(' ');
  if (space !== 8) return undefined;
  const json = text.slice(9);
  if (checksum(json) !== text.slice(0, 8)) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

function isHeader(value: unknown): value is JournalHeader {
  const v = value as Partial<JournalHeader> | undefined;
  return v?.format === 'finer-lens-journal' && v.version === 1 && typeof v.generation === 'string';
}

function isRecord(value: unknown): value is JournalRecord {
  const v = value as Partial<JournalRecord> | undefined;
  return typeof v?.seq === 'number' && Array.isArray(v.ops);
}

function readRange(fd: number, start: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buffer, got, length - got, start + got);
    if (n === 0) break;
    got += n;
  }
  return buffer.subarray(0, got);
}

/** 1-based line number of the line starting at `offset` (reads the file up to it). */
function countLines(fd: number, offset: number): number {
  const before = readRange(fd, 0, offset);
  let lines = 1;
  for (let i = before.indexOf(0x0a); i >= 0; i = before.indexOf(0x0a, i + 1)) lines++;
  return lines;
}

export class Journal {
  constructor(readonly path: string) {}

  /** Starts a fresh journal (atomically replacing any old one) and returns its header. */
  reset(generation: string): { header: JournalHeader; headerEnd: number } {
    const header: JournalHeader = { format: 'finer-lens-journal', version: 1, generation };
    const bytes = encodeLine(header);
    replaceFileDurably(this.path, `${this.path}.tmp`, bytes);
    return { header, headerEnd: bytes.byteLength };
  }

  /**
   * Opens the journal for reading ('r') or for reading and appending ('r+', only under the
   * database lock). Returns undefined when the file does not exist.
   */
  open(mode: 'r' | 'r+'): JournalHandle | undefined {
    try {
      return new JournalHandle(this.path, openSync(this.path, mode));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StoreError(`Cannot open the journal ${this.path}.`, 'io', { cause: error });
    }
  }

  /** Reads the header and the records after `fromOffset`; undefined when there is no journal. */
  read(fromOffset?: number): JournalTail | undefined {
    const handle = this.open('r');
    if (handle === undefined) return undefined;
    try {
      return handle.read(fromOffset);
    } finally {
      handle.close();
    }
  }
}

/** One open journal file: a write (read the tail, append) costs one open and one close. */
export class JournalHandle {
  private knownSize = -1;

  constructor(
    private readonly path: string,
    private readonly fd: number,
  ) {}

  close(): void {
    closeSync(this.fd);
  }

  /**
   * Reads the header and the complete records after `fromOffset` (undefined: from the header).
   */
  read(fromOffset?: number): JournalTail {
    const fd = this.fd;
    const size = fstatSync(fd).size;
    this.knownSize = size;
    const probe = readRange(fd, 0, Math.min(size, HEADER_PROBE_BYTES));
    const newline = probe.indexOf(0x0a);
    const header = newline < 0 ? undefined : decodeLine(probe.subarray(0, newline));
    if (!isHeader(header)) {
      throw new StoreError(
        `The journal ${this.path} has no valid header; move it aside to open the database without it.`,
        'corrupt',
      );
    }
    const headerEnd = newline + 1;
    const start = Math.max(fromOffset ?? headerEnd, headerEnd);
    const records: JournalRecord[] = [];
    const damage: JournalDamage[] = [];
    let validEnd = start;
    if (size > start) {
      const body = readRange(fd, start, size - start);
      // Line numbers only matter in reports; count them lazily from the header when needed.
      const lineNumberAt = (offset: number): number => countLines(fd, offset);
      let lineStart = 0;
      let badStart = -1;
      let lastSeq = 0;
      for (;;) {
        const end = body.indexOf(0x0a, lineStart);
        if (end < 0) break;
        const value = decodeLine(body.subarray(lineStart, end));
        if (isRecord(value) && value.seq > lastSeq) {
          if (badStart >= 0) {
            damage.push({
              offset: start + badStart,
              bytes: lineStart - badStart,
              line: lineNumberAt(start + badStart),
              afterSeq: lastSeq,
              beforeSeq: value.seq,
            });
            badStart = -1;
          }
          records.push(value);
          lastSeq = value.seq;
          validEnd = start + end + 1;
        } else if (badStart < 0) {
          badStart = lineStart;
        }
        lineStart = end + 1;
      }
    }
    return { header, headerEnd, records, validEnd, size, damage };
  }

  /**
   * Appends one record at `validEnd` (cutting off a torn tail left by a killed writer) and
   * fsyncs it. Returns the new end offset. Only under the database lock, after read().
   */
  append(record: JournalRecord, validEnd: number): number {
    const bytes = encodeLine(record);
    const fd = this.fd;
    try {
      if (this.knownSize !== validEnd) ftruncateSync(fd, validEnd);
      let written = 0;
      while (written < bytes.byteLength) {
        written += writeSync(fd, bytes, written, bytes.byteLength - written, validEnd + written);
      }
      fsyncSync(fd);
    } catch (error) {
      // The caller rolls back: make sure no other process can replay a record we did not ack.
      try {
        ftruncateSync(fd, validEnd);
      } catch {
        // Reported below; a torn tail is cut off by the next writer anyway.
      }
      throw new StoreError(`Cannot write the journal ${this.path}.`, 'io', { cause: error });
    }
    this.knownSize = validEnd + bytes.byteLength;
    return this.knownSize;
  }
}
