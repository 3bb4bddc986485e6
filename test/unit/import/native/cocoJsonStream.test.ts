// The streaming COCO reader: elements of the asked arrays in order, others skipped, strings with
// brackets and escapes, elements split across read chunks, a truncated file, a broken element.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { streamCocoArrays } from '../../../../src/core/import/native/cocoJsonStream';
import type { ElementPosition, ElementResult } from '../../../../src/core/import/native/cocoJsonStream';
import { useTempDir } from '../memoryImportTarget';

async function collect(file: string, arrays: string[], maxElementBytes?: number) {
  const got: { position: ElementPosition; result: ElementResult }[] = [];
  const result = await streamCocoArrays(
    file,
    new Set(arrays),
    (position, r) => got.push({ position, result: r }),
    maxElementBytes ? { maxElementBytes } : {},
  );
  return { got, result };
}

describe('COCO JSON stream', () => {
  const tmp = useTempDir('finer-coco-');

  it('delivers each element of the asked arrays and skips the rest', async () => {
    const file = join(tmp(), 'a.json');
    const doc = {
      info: { note: 'has ] and } and "quotes" and \\ backslashes', list: [1, [2, { x: ']' }]] },
      images: [
        { id: 1, file_name: 'a/b[1].jpg' },
        { id: 2, file_name: 'é/ü.jpg' },
      ],
      count: 12,
      flag: true,
      none: null,
      annotations: [{ id: 5, image_id: 1, category_id: 3 }],
      categories: [],
      licenses: [{ id: 1 }],
    };
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const { got, result } = await collect(file, ['images', 'annotations', 'categories']);
    assert.equal(result.problem, undefined);
    assert.deepEqual(result.keys, [
      'info',
      'images',
      'count',
      'flag',
      'none',
      'annotations',
      'categories',
      'licenses',
    ]);
    assert.deepEqual(
      got.map((g) => [g.position.array, g.position.index, g.result.ok ? g.result.value : g.result.reason]),
      [
        ['images', 0, doc.images[0]],
        ['images', 1, doc.images[1]],
        ['annotations', 0, doc.annotations[0]],
      ],
    );
    assert.ok((got[1]?.position.line ?? 0) > (got[0]?.position.line ?? 0), 'line numbers advance');
  });

  it('reads elements that straddle the 1 MiB read chunks, and scalars in arrays', async () => {
    const file = join(tmp(), 'big.json');
    const images = Array.from({ length: 30_000 }, (_, i) => ({
      id: i,
      file_name: `train/${i}/${'x'.repeat(i % 50)}.jpg`,
    }));
    writeFileSync(file, JSON.stringify({ images, categories: [1, 'two', null, -3.5e2] }));
    const { got, result } = await collect(file, ['images', 'categories']);
    assert.equal(result.problem, undefined);
    const values = got.map((g) => (g.result.ok ? g.result.value : g.result.reason));
    assert.deepEqual(values.slice(0, images.length), images);
    assert.deepEqual(values.slice(images.length), [1, 'two', null, -350]);
  });

  it('keeps the elements before a truncation and says where the file ended', async () => {
    const file = join(tmp(), 'cut.json');
    const text = JSON.stringify({ images: [{ id: 1 }, { id: 2 }, { id: 3, file_name: 'abc' }] });
    writeFileSync(file, text.slice(0, text.indexOf('abc')));
    const { got, result } = await collect(file, ['images']);
    assert.equal(got.length, 2);
    assert.match(
      result.problem?.reason ?? '',
      /ends inside the "images" array after 2 complete element\(s\): truncated JSON/,
    );
  });

  it('reports a broken element with its index and goes on; refuses an oversized element', async () => {
    const file = join(tmp(), 'bad.json');
    writeFileSync(
      file,
      '{"images": [{"id": 1}, {"id": 2,, "x": 1}, {"id": 3}, {"id": 4, "pad": "' + 'y'.repeat(500) + '"}]}',
    );
    const { got, result } = await collect(file, ['images'], 200);
    assert.equal(result.problem, undefined);
    assert.deepEqual(
      got.map((g) => g.result.ok),
      [true, false, true, false],
    );
    assert.match(got[1]?.result.ok === false ? got[1].result.reason : '', /invalid JSON/);
    assert.match(got[3]?.result.ok === false ? got[3].result.reason : '', /over 200 bytes/);
  });

  it('says when the file is not a JSON object', async () => {
    const file = join(tmp(), 'list.json');
    writeFileSync(file, '[1, 2]');
    const { result } = await collect(file, ['images']);
    assert.match(result.problem?.reason ?? '', /does not start with a JSON object/);
  });
});
