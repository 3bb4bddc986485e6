// Cancelling a long import through its AbortSignal: nothing is written, the database is unchanged,
// and progress is reported while it runs.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportCancelledError } from '../../../src/core/import/importRun';
import { importManifest } from '../../../src/core/import/manifestImporter';
import { FinerStore } from '../../../src/core/store/finerStore';

describe('import cancellation and progress', function () {
  this.timeout(0);
  let dir: string;
  let store: FinerStore;
  let manifest: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'finer-import-cancel-'));
    store = await FinerStore.open(join(dir, 'finer.db'));
    manifest = join(dir, 'big.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) {
      lines.push(
        JSON.stringify({
          image: `img/${i}.png`,
          superordinate: 'Bird',
          coarse: 'Finch',
          fine: `Finch ${i % 50}`,
        }),
      );
    }
    writeFileSync(manifest, `${lines.join('\n')}\n`);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports progress and imports everything when not cancelled', async () => {
    const seen: number[] = [];
    const result = await importManifest(store, {
      manifestFile: manifest,
      checkImages: false,
      onProgress: (rows) => seen.push(rows),
    });
    assert.equal(result.imported, 5000);
    assert.deepEqual(seen, [1000, 2000, 3000, 4000, 5000]);
  });

  it('rolls back a cancelled import: no dataset, no samples, and the store stays usable', async () => {
    const abort = new AbortController();
    await assert.rejects(
      importManifest(store, {
        manifestFile: manifest,
        checkImages: false,
        signal: abort.signal,
        onProgress: (rows) => {
          if (rows >= 2000) abort.abort();
        },
      }),
      (error: unknown) =>
        error instanceof ImportCancelledError && /big\.jsonl.*cancelled/.test(error.message),
    );
    assert.deepEqual(store.listDatasets(), []);
    const again = await importManifest(store, { manifestFile: manifest, checkImages: false });
    assert.equal(again.imported, 5000);
    assert.equal(store.listDatasets().length, 1);
  });

  it('refuses to start when the signal is already aborted', async () => {
    await assert.rejects(
      importManifest(store, { manifestFile: manifest, checkImages: false, signal: AbortSignal.abort() }),
      ImportCancelledError,
    );
    assert.deepEqual(store.listDatasets(), []);
  });
});
