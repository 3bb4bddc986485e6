// Writes MATLAB Level 5 MAT-files for the tests, with the same structure as the Stanford Dogs
// and Cars releases (cells of char, double columns, struct arrays); optionally compressed the way
// MATLAB's -v7 saves (each variable in an miCOMPRESSED element). Independent of the reader.
import { deflateSync } from 'node:zlib';

export type MatWriteValue =
  | { t: 'char'; text: string }
  | { t: 'double'; values: number[]; dims: number[] }
  | { t: 'uint8'; values: number[]; dims: number[] }
  | { t: 'cell'; items: MatWriteValue[]; dims: number[] }
  | { t: 'struct'; fields: string[]; elements: Record<string, MatWriteValue>[]; dims: number[] }
  | { t: 'sparse' };

export const mat = {
  char: (text: string): MatWriteValue => ({ t: 'char', text }),
  double: (values: number[], dims = [values.length, 1]): MatWriteValue => ({ t: 'double', values, dims }),
  scalar: (value: number): MatWriteValue => ({ t: 'double', values: [value], dims: [1, 1] }),
  uint8: (values: number[], dims = [values.length, 1]): MatWriteValue => ({ t: 'uint8', values, dims }),
  cell: (items: MatWriteValue[], dims = [items.length, 1]): MatWriteValue => ({ t: 'cell', items, dims }),
  struct: (
    fields: string[],
    elements: Record<string, MatWriteValue>[],
    dims = [1, elements.length],
  ): MatWriteValue => ({
    t: 'struct',
    fields,
    elements,
    dims,
  }),
};

function pad8(buf: Buffer): Buffer {
  const rem = buf.length % 8;
  return rem === 0 ? buf : Buffer.concat([buf, Buffer.alloc(8 - rem)]);
}

function element(type: number, data: Buffer): Buffer {
  const tag = Buffer.alloc(8);
  // Small data element format for up to 4 bytes, as MATLAB writes short names and field lengths.
  if (data.length <= 4 && type !== 14) {
    tag.writeUInt32LE(((data.length << 16) | type) >>> 0, 0);
    data.copy(tag, 4);
    return tag;
  }
  tag.writeUInt32LE(type, 0);
  tag.writeUInt32LE(data.length, 4);
  return Buffer.concat([tag, pad8(data)]);
}

function int32s(values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeInt32LE(v, i * 4));
  return b;
}

function matrix(value: MatWriteValue, name: string): Buffer {
  const classOf = { char: 4, double: 6, uint8: 9, cell: 1, struct: 2, sparse: 5 }[value.t];
  const flags = Buffer.alloc(8);
  flags.writeUInt32LE(classOf, 0);
  const dims =
    value.t === 'char' ? [1, Array.from(value.text).length] : value.t === 'sparse' ? [1, 1] : value.dims;
  const parts = [element(6, flags), element(5, int32s(dims)), element(1, Buffer.from(name, 'latin1'))];
  switch (value.t) {
    case 'char': {
      const codes = Array.from(value.text).map((c) => c.codePointAt(0) ?? 0);
      const b = Buffer.alloc(codes.length * 2);
      codes.forEach((c, i) => b.writeUInt16LE(c, i * 2));
      parts.push(element(4, b));
      break;
    }
    case 'double': {
      const b = Buffer.alloc(value.values.length * 8);
      value.values.forEach((v, i) => b.writeDoubleLE(v, i * 8));
      parts.push(element(9, b));
      break;
    }
    case 'uint8':
      // Doubles stored as uint8 on disk, as MATLAB does for small integers.
      parts.push(element(2, Buffer.from(value.values)));
      break;
    case 'cell':
      for (const item of value.items) parts.push(element(14, matrix(item, '')));
      break;
    case 'struct': {
      const len = Math.max(...value.fields.map((f) => f.length)) + 1;
      parts.push(element(5, int32s([len])));
      const names = Buffer.alloc(len * value.fields.length);
      value.fields.forEach((f, i) => names.write(f, i * len, 'latin1'));
      parts.push(element(1, names));
      for (const el of value.elements)
        for (const f of value.fields) parts.push(element(14, matrix(el[f] ?? mat.double([], [0, 0]), '')));
      break;
    }
    case 'sparse':
      parts.push(element(5, int32s([0])), element(5, int32s([0, 1])), element(9, Buffer.alloc(8)));
      break;
  }
  return Buffer.concat(parts);
}

export function writeMatBytes(
  variables: Record<string, MatWriteValue>,
  options: { compress?: boolean } = {},
): Buffer {
  const header = Buffer.alloc(128, 0x20);
  header.write('MATLAB 5.0 MAT-file, written by the Finer Lens tests', 0, 'latin1');
  header.fill(0, 116, 124);
  header.writeUInt16LE(0x0100, 124);
  header.write('IM', 126, 'latin1');
  const body = Object.entries(variables).map(([name, value]) => {
    const el = element(14, matrix(value, name));
    if (!options.compress) return el;
    const z = deflateSync(el);
    const tag = Buffer.alloc(8);
    tag.writeUInt32LE(15, 0);
    tag.writeUInt32LE(z.length, 4);
    return Buffer.concat([tag, z]);
  });
  return Buffer.concat([header, ...body]);
}
