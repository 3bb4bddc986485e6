import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImageLocator, rerootImagePath } from '../../../src/core/import/imageLocator';
import { useTempDir } from './memoryImportTarget';

describe('rerootImagePath', () => {
  it('tries ever shorter suffixes of the path, longest first', () => {
    const tried: string[] = [];
    const hit = rerootImagePath('/a/b/CUB_200_2011/images/001.X/x.jpg', (rel) => {
      tried.push(rel);
      return rel === 'images/001.X/x.jpg' || rel === '001.X/x.jpg';
    });
    assert.deepEqual(hit, { imagePath: 'images/001.X/x.jpg', dropped: 3 });
    assert.deepEqual(tried, [
      'a/b/CUB_200_2011/images/001.X/x.jpg',
      'b/CUB_200_2011/images/001.X/x.jpg',
      'CUB_200_2011/images/001.X/x.jpg',
      'images/001.X/x.jpg',
    ]);
  });

  it('refuses paths with ".." segments and reports no match', () => {
    assert.equal(
      rerootImagePath('/a/../b/x.jpg', () => true),
      undefined,
    );
    assert.equal(
      rerootImagePath('/a/b/x.jpg', () => false),
      undefined,
    );
  });
});

describe('ImageLocator', () => {
  const tmp = useTempDir('finer-locator-');

  it('re-roots many release paths of one layout, and notices a file that is missing', () => {
    for (const n of [1, 2, 3]) {
      mkdirSync(join(tmp(), 'val', `c${n}`), { recursive: true });
      writeFileSync(join(tmp(), 'val', `c${n}`, `${n}.jpg`), 'x');
    }
    const locator = new ImageLocator(tmp(), true);
    const results = [1, 2, 3, 4].map((n) => locator.locate(`/srv/release/inat/val/c${n}/${n}.jpg`));
    assert.deepEqual(results.slice(0, 3), [
      { ok: true, imagePath: 'val/c1/1.jpg' },
      { ok: true, imagePath: 'val/c2/2.jpg' },
      { ok: true, imagePath: 'val/c3/3.jpg' },
    ]);
    const missing = results[3];
    assert.ok(missing && !missing.ok);
    assert.match(missing.reason, /image not found: \/srv\/release\/inat\/val\/c4\/4\.jpg/);
  });

  it('normalises relative paths with "." and backslashes, and refuses those leaving the root', () => {
    mkdirSync(join(tmp(), 'a'));
    writeFileSync(join(tmp(), 'a', 'x.jpg'), 'x');
    const locator = new ImageLocator(tmp(), true);
    assert.deepEqual(locator.locate('./a/../a/x.jpg'), { ok: true, imagePath: 'a/x.jpg' });
    assert.deepEqual(locator.locate('a\\x.jpg'), { ok: true, imagePath: 'a/x.jpg' });
    const escape = locator.locate('a/../../x.jpg');
    assert.ok(!escape.ok);
    assert.match(escape.reason, /path escapes the dataset root/);
  });
});
