// The read-free check behind the sample panel's image, and the guarded reader's normal path.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDatasetImageFile, DatasetImageReader } from '../../../src/core/images/datasetImageFile';

describe('dataset image files', () => {
  let root: string;
  let outside: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'finer-image-root-'));
    outside = mkdtempSync(join(tmpdir(), 'finer-image-outside-'));
    mkdirSync(join(root, 'img'));
    writeFileSync(join(root, 'img', 'a.png'), 'inside bytes');
    writeFileSync(join(outside, 'secret.png'), 'outside bytes');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('lets the panel show regular files inside the root, also through inside symlinks', async () => {
    symlinkSync(join(root, 'img', 'a.png'), join(root, 'img', 'alias.png'));
    assert.deepEqual(checkDatasetImageFile(root, 'img/a.png'), { ok: true });
    assert.deepEqual(checkDatasetImageFile(root, 'img/alias.png'), { ok: true });
    assert.equal((await new DatasetImageReader(root).read('img/alias.png')).toString(), 'inside bytes');
  });

  it('tells the panel why it does not show a symlink out of the root, a FIFO or a folder', () => {
    symlinkSync(join(outside, 'secret.png'), join(root, 'img', 'link.png'));
    execFileSync('mkfifo', [join(root, 'img', 'pipe.png')]);
    mkdirSync(join(root, 'img', 'dir.png'));
    const reason = (rel: string): string => {
      const result = checkDatasetImageFile(root, rel);
      assert.ok(!result.ok, rel);
      return result.reason;
    };
    assert.match(
      reason('img/link.png'),
      /img\/link\.png resolves to .*secret\.png, outside the dataset root/,
    );
    assert.match(reason('img/pipe.png'), /img\/pipe\.png is not a regular file \(a FIFO\)/);
    assert.match(reason('img/dir.png'), /img\/dir\.png is a directory, not an image file/);
    assert.match(reason('img/none.png'), /Image file not found: .*none\.png \(ENOENT\)/);
  });
});
