// Reads the subset of MATLAB Level 5 MAT-files that the Stanford Dogs and Stanford Cars
// releases use: top-level miMATRIX variables (optionally inside miCOMPRESSED elements) holding
// numeric (double, single, integer, logical), char, cell and struct arrays. Sparse arrays,
// objects and function handles are refused with the variable's name. Format reference:
// MathWorks, "MAT-File Format" (matfile_format.pdf), chapter "Level 5 MAT-File Format".
import { inflateSync } from 'node:zlib';

export type MatValue = MatNumeric | MatChar | MatCell | MatStruct;

export interface MatNumeric {
  kind: 'numeric';
  dims: number[];
  /** Column-major real part. */
  data: number[];
}

export interface MatChar {
  kind: 'char';
  dims: number[];
  /** One string per row of the char matrix (a 1xN char array is one string). */
  rows: string[];
}

export interface MatCell {
  kind: 'cell';
  dims: number[];
  /** Column-major cells. */
  cells: MatValue[];
}

export interface MatStruct {
  kind: 'struct';
  dims: number[];
  fields: string[];
  /** Column-major elements, each mapping field name to its value. */
  elements: Record<string, MatValue>[];
}

/** A .mat file that is not Level 5 or holds something this reader does not support. */
export class MatFormatError extends Error {}

const MI_INT8 = 1;
const MI_UINT8 = 2;
const MI_INT16 = 3;
const MI_UINT16 = 4;
const MI_INT32 = 5;
const MI_UINT32 = 6;
const MI_SINGLE = 7;
const MI_DOUBLE = 9;
const MI_INT64 = 12;
const MI_UINT64 = 13;
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;
const MI_UTF8 = 16;
const MI_UTF16 = 17;
const MI_UTF32 = 18;

const MX_CELL = 1;
const MX_STRUCT = 2;
const MX_OBJECT = 3;
const MX_CHAR = 4;
const MX_SPARSE = 5;
const MX_FIRST_NUMERIC = 6; // mxDOUBLE_CLASS; 6..15 are the numeric classes
const MX_LAST_NUMERIC = 15;

const HEADER_BYTES = 128;
/** Nesting limit for cells and structs: the real files nest two levels; a hostile file could nest deeply. */
const MAX_DEPTH = 64;

interface Element {
  type: number;
  data: Buffer;
  /** Offset just after this element (padding included). */
  next: number;
}

class Reader {
  constructor(private readonly le: boolean) {}

  u32(buf: Buffer, at: number): number {
    return this.le ? buf.readUInt32LE(at) : buf.readUInt32BE(at);
  }

  /** One data element at `at` of `buf`: the normal 8-byte tag or the packed small-element tag. */
  element(buf: Buffer, at: number, where: string): Element {
    if (at + 8 > buf.length) throw new MatFormatError(`${where}: the file ends inside a data element tag`);
    const first = this.u32(buf, at);
    const small = first >>> 16;
    if (small !== 0) {
      // Small data element: type in the low 16 bits, byte count in the high 16, data in the next 4 bytes.
      if (small > 4) throw new MatFormatError(`${where}: bad small data element (${small} bytes)`);
      return { type: first & 0xffff, data: buf.subarray(at + 4, at + 4 + small), next: at + 8 };
    }
    const bytes = this.u32(buf, at + 4);
    const start = at + 8;
    if (start + bytes > buf.length)
      throw new MatFormatError(`${where}: the file ends inside a data element (${bytes} bytes announced)`);
    // Compressed elements are not padded; all others end on an 8-byte boundary.
    const padded = first === MI_COMPRESSED ? bytes : Math.ceil(bytes / 8) * 8;
    return { type: first, data: buf.subarray(start, start + bytes), next: start + padded };
  }

  numbers(el: Element, where: string): number[] {
    const { data } = el;
    const out: number[] = [];
    const width = typeWidth(el.type);
    if (width === 0) throw new MatFormatError(`${where}: data type ${el.type} is not numeric`);
    const n = Math.floor(data.length / width);
    for (let i = 0; i < n; i++) out.push(this.number(el.type, data, i * width));
    return out;
  }

  private number(type: number, b: Buffer, at: number): number {
    const le = this.le;
    switch (type) {
      case MI_INT8:
        return b.readInt8(at);
      case MI_UINT8:
      case MI_UTF8:
        return b.readUInt8(at);
      case MI_INT16:
        return le ? b.readInt16LE(at) : b.readInt16BE(at);
      case MI_UINT16:
      case MI_UTF16:
        return le ? b.readUInt16LE(at) : b.readUInt16BE(at);
      case MI_INT32:
        return le ? b.readInt32LE(at) : b.readInt32BE(at);
      case MI_UINT32:
      case MI_UTF32:
        return le ? b.readUInt32LE(at) : b.readUInt32BE(at);
      case MI_SINGLE:
        return le ? b.readFloatLE(at) : b.readFloatBE(at);
      case MI_DOUBLE:
        return le ? b.readDoubleLE(at) : b.readDoubleBE(at);
      case MI_INT64:
        return Number(le ? b.readBigInt64LE(at) : b.readBigInt64BE(at));
      case MI_UINT64:
        return Number(le ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at));
      default:
        throw new MatFormatError(`data type ${type} is not numeric`);
    }
  }

  /** The body of an miMATRIX element: flags, dimensions, name, then the class's own parts. */
  matrix(buf: Buffer, where: string, depth: number): { name: string; value: MatValue } {
    if (depth > MAX_DEPTH)
      throw new MatFormatError(`${where}: cells/structs nested deeper than ${MAX_DEPTH}`);
    if (buf.length === 0) return { name: '', value: { kind: 'numeric', dims: [0, 0], data: [] } };
    const flags = this.element(buf, 0, where);
    if (flags.type !== MI_UINT32 || flags.data.length < 4)
      throw new MatFormatError(`${where}: array flags missing`);
    const flagWord = this.u32(flags.data, 0);
    const mxClass = flagWord & 0xff;
    const complex = (flagWord & 0x0800) !== 0;
    const dimsEl = this.element(buf, flags.next, where);
    const dims = this.numbers(dimsEl, `${where} (dimensions)`);
    const nameEl = this.element(buf, dimsEl.next, where);
    const name = nameEl.data.toString('latin1');
    const label = name === '' ? where : `${where} "${name}"`;
    const count = dims.reduce((a, b) => a * b, 1);
    let at = nameEl.next;
    if (mxClass === MX_CHAR) {
      const chars = this.element(buf, at, label);
      return { name, value: { kind: 'char', dims, rows: charRows(this.text(chars, label), dims) } };
    }
    if (mxClass >= MX_FIRST_NUMERIC && mxClass <= MX_LAST_NUMERIC) {
      const real = this.element(buf, at, label);
      const data = this.numbers(real, label);
      if (complex) this.element(buf, real.next, label); // imaginary part: present, not used
      return { name, value: { kind: 'numeric', dims, data } };
    }
    if (mxClass === MX_CELL) {
      const cells: MatValue[] = [];
      for (let i = 0; i < count; i++) {
        const cell = this.element(buf, at, `${label} cell ${i + 1}`);
        if (cell.type !== MI_MATRIX) throw new MatFormatError(`${label} cell ${i + 1}: not an array`);
        cells.push(this.matrix(cell.data, `${label} cell ${i + 1}`, depth + 1).value);
        at = cell.next;
      }
      return { name, value: { kind: 'cell', dims, cells } };
    }
    if (mxClass === MX_STRUCT) {
      const lengthEl = this.element(buf, at, label);
      const fieldLength = this.numbers(lengthEl, label)[0] ?? 0;
      const namesEl = this.element(buf, lengthEl.next, label);
      const fields: string[] = [];
      if (fieldLength > 0) {
        for (let off = 0; off + fieldLength <= namesEl.data.length; off += fieldLength) {
          const raw = namesEl.data.subarray(off, off + fieldLength);
          const end = raw.indexOf(0);
          fields.push(raw.subarray(0, end < 0 ? raw.length : end).toString('latin1'));
        }
      }
      at = namesEl.next;
      const elements: Record<string, MatValue>[] = [];
      for (let i = 0; i < count; i++) {
        const element: Record<string, MatValue> = {};
        for (const field of fields) {
          const where2 = `${label}(${i + 1}).${field}`;
          const el = this.element(buf, at, where2);
          if (el.type !== MI_MATRIX) throw new MatFormatError(`${where2}: not an array`);
          element[field] = this.matrix(el.data, where2, depth + 1).value;
          at = el.next;
        }
        elements.push(element);
      }
      return { name, value: { kind: 'struct', dims, fields, elements } };
    }
    const what =
      mxClass === MX_SPARSE
        ? 'a sparse array'
        : mxClass === MX_OBJECT
          ? 'an object'
          : `array class ${mxClass}`;
    throw new MatFormatError(`${label}: ${what} is not supported`);
  }

  private text(el: Element, where: string): string {
    if (el.type === MI_UTF8) return el.data.toString('utf8');
    return String.fromCodePoint(...this.numbers(el, where).map((c) => (c <= 0x10ffff ? c : 0xfffd)));
  }
}

function typeWidth(type: number): number {
  switch (type) {
    case MI_INT8:
    case MI_UINT8:
    case MI_UTF8:
      return 1;
    case MI_INT16:
    case MI_UINT16:
    case MI_UTF16:
      return 2;
    case MI_INT32:
    case MI_UINT32:
    case MI_SINGLE:
    case MI_UTF32:
      return 4;
    case MI_DOUBLE:
    case MI_INT64:
    case MI_UINT64:
      return 8;
    default:
      return 0;
  }
}

/** Char data is column-major: row r of an MxN char array is chars r, r+M, r+2M, ... */
function charRows(chars: string, dims: number[]): string[] {
  const m = dims[0] ?? 0;
  const n = dims.slice(1).reduce((a, b) => a * b, 1);
  const codes = Array.from(chars);
  if (m <= 1) return [codes.join('')];
  const rows: string[] = [];
  for (let r = 0; r < m; r++) {
    let row = '';
    for (let c = 0; c < n; c++) row += codes[r + c * m] ?? '';
    rows.push(row);
  }
  return rows;
}

/**
 * The variables of a Level 5 MAT-file, by name. `file` is only used in messages; errors are
 * MatFormatError with a reason naming the variable or element that is wrong.
 */
export function readMatFile(bytes: Buffer): Map<string, MatValue> {
  if (bytes.length < HEADER_BYTES) throw new MatFormatError('too short for a MAT-file header (128 bytes)');
  const endian = bytes.toString('latin1', 126, 128);
  if (endian !== 'IM' && endian !== 'MI') {
    const head = bytes.toString('latin1', 0, 10);
    throw new MatFormatError(
      head.startsWith('MATLAB 7.3') || bytes.toString('latin1', 0, 8) === '\x89HDF\r\n\x1a\n'
        ? 'a MATLAB 7.3 (HDF5) file; save it with -v7 or -v6 to read it here'
        : 'not a MATLAB Level 5 MAT-file (no endian indicator in the header)',
    );
  }
  const reader = new Reader(endian === 'IM');
  const variables = new Map<string, MatValue>();
  let at = HEADER_BYTES;
  while (at + 8 <= bytes.length) {
    const el = reader.element(bytes, at, `data element at byte ${at}`);
    let matrixBytes: Buffer | undefined;
    if (el.type === MI_COMPRESSED) {
      let inflated: Buffer;
      try {
        inflated = inflateSync(el.data);
      } catch (error) {
        throw new MatFormatError(`compressed element at byte ${at}: ${(error as Error).message}`);
      }
      const inner = reader.element(inflated, 0, `compressed element at byte ${at}`);
      if (inner.type === MI_MATRIX) matrixBytes = inner.data;
    } else if (el.type === MI_MATRIX) matrixBytes = el.data;
    if (matrixBytes) {
      const { name, value } = reader.matrix(matrixBytes, `variable at byte ${at}`, 0);
      variables.set(name, value);
    }
    at = el.next;
  }
  return variables;
}

/** The text of a char value (rows joined by newlines), or undefined when it is not char. */
export function matText(value: MatValue | undefined): string | undefined {
  if (value?.kind === 'char') return value.rows.join('\n');
  if (value?.kind === 'cell' && value.cells.length === 1) return matText(value.cells[0]);
  return undefined;
}

/** The first number of a numeric value, or undefined. */
export function matScalar(value: MatValue | undefined): number | undefined {
  if (value?.kind === 'numeric') return value.data[0];
  if (value?.kind === 'cell' && value.cells.length === 1) return matScalar(value.cells[0]);
  return undefined;
}

/** "a 1x3 cell", "a 2x5 struct (fields: a, b)" - for errors about the wrong structure. */
export function describeMatValue(value: MatValue | undefined): string {
  if (value === undefined) return 'missing';
  const size = value.dims.join('x');
  if (value.kind === 'struct') return `a ${size} struct (fields: ${value.fields.join(', ') || 'none'})`;
  return `a ${size} ${value.kind} array`;
}
