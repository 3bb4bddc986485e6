import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

describe('ImageLocator: only regular files inside the real dataset root', () => {
  const tmp = useTempDir('finer-locator-real-');
  let outside: string;
  beforeEach(() => {
    outside = mkdtempSync(join(tmpdir(), 'finer-outside-'));
    writeFileSync(join(outside, 'secret.png'), 'not yours');
    mkdirSync(join(tmp(), 'img'));
    writeFileSync(join(tmp(), 'img', 'a.png'), 'png');
  });
  afterEach(() => rmSync(outside, { recursive: true, force: true }));

  const refusal = (locator: ImageLocator, path: string): string => {
    const result = locator.locate(path);
    assert.ok(!result.ok, `${path} should be refused, got ${JSON.stringify(result)}`);
    return result.reason;
  };

  it('refuses a symlinked image whose target is outside the root, naming both paths', () => {
    symlinkSync(join(outside, 'secret.png'), join(tmp(), 'img', 'link.png'));
    const locator = new ImageLocator(tmp(), true);
    const reason = refusal(locator, 'img/link.png');
    assert.match(reason, /outside the dataset root/);
    assert.ok(reason.includes(join(tmp(), 'img', 'link.png')), reason);
    assert.ok(reason.includes(realpathSync(join(outside, 'secret.png'))), reason);
    // The same file by an absolute path, and as a release path re-rooted by suffix.
    assert.match(refusal(locator, join(tmp(), 'img', 'link.png')), /outside the dataset root/);
    assert.match(refusal(locator, '/srv/release/img/link.png'), /outside the dataset root/);
    assert.deepEqual(locator.locate('img/a.png'), { ok: true, imagePath: 'img/a.png' });
  });

  it('refuses an image under a symlinked folder that leads outside the root', () => {
    symlinkSync(outside, join(tmp(), 'linked'));
    const locator = new ImageLocator(tmp(), true);
    assert.match(refusal(locator, 'linked/secret.png'), /outside the dataset root/);
  });

  it('accepts symlinks that stay inside the root, and a root that is itself a symlink', () => {
    symlinkSync(join(tmp(), 'img', 'a.png'), join(tmp(), 'img', 'alias.png'));
    symlinkSync(join(tmp(), 'img'), join(tmp(), 'img-alias'));
    assert.deepEqual(new ImageLocator(tmp(), true).locate('img/alias.png'), {
      ok: true,
      imagePath: 'img/alias.png',
    });
    assert.deepEqual(new ImageLocator(tmp(), true).locate('img-alias/a.png'), {
      ok: true,
      imagePath: 'img-alias/a.png',
    });
    const rootLink = join(outside, 'root-link');
    symlinkSync(tmp(), rootLink);
    assert.deepEqual(new ImageLocator(rootLink, true).locate('img/a.png'), {
      ok: true,
      imagePath: 'img/a.png',
    });
  });

  it('refuses a directory, a FIFO and a device given as the image', () => {
    mkdirSync(join(tmp(), 'img', 'folder.png'));
    execFileSync('mkfifo', [join(tmp(), 'img', 'pipe.png')]);
    symlinkSync('/dev/zero', join(tmp(), 'img', 'zero.png'));
    const locator = new ImageLocator(tmp(), true);
    const dir = refusal(locator, 'img/folder.png');
    assert.match(dir, /is a directory, not an image file/);
    assert.ok(dir.includes(join(tmp(), 'img', 'folder.png')), dir);
    assert.match(refusal(locator, 'img/pipe.png'), /is not a regular file \(a FIFO\)/);
    assert.match(refusal(locator, 'img/zero.png'), /outside the dataset root/);
  });
});
