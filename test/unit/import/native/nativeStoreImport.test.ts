// Native imports into the real store: the dataset's source record (label-level sources,
// taxonomy ranks) and the samples' taxonomy survive a reopen; a database written before the
// source_json column existed upgrades with its datasets intact.
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importNativeDataset } from '../../../../src/core/import/native/nativeImporter';
import { FinerStore } from '../../../../src/core/store/finerStore';
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  migrate,
  schemaVersionOf,
} from '../../../../src/core/store/schema';
import { loadSqlJs } from '../../../../src/core/store/sqlJsLoader';
import { useTempDir } from '../memoryImportTarget';
import { DatabaseSizeLimitError } from '../../../../src/core/import/databaseSizeBudget';
import { INAT_CATEGORIES, writeInatFolder, writeNabirdsFolder } from './nativeFixtures';

describe('native imports in the real store', function () {
  this.timeout(0); // SQLite (WebAssembly) opened several times
  const tmp = useTempDir('finer-native-store-');

  it('keeps the label sources, taxonomy ranks and sample taxonomy across a reopen', async () => {
    const folder = join(tmp(), 'nabirds');
    writeNabirdsFolder(folder);
    const db = join(tmp(), 'finer.db');
    let store = await FinerStore.open(db);
    const summary = await importNativeDataset(store, { format: 'nabirds', folder, split: 'all' });
    await store.close();
    store = await FinerStore.open(db, { readOnly: true });
    try {
      const dataset = store.getDataset(summary.datasetId);
      assert.equal(dataset?.format, 'nabirds');
      assert.equal(dataset?.sampleCount, 8);
      assert.equal(dataset?.source.layout, 'nabirds');
      assert.deepEqual(dataset?.source.levels, summary.labelSources);
      assert.deepEqual(dataset?.source.taxonomyRanks, ['level 1', 'level 2', 'level 3']);
      const [hawk] = store.samplesOfClass(
        { datasetId: summary.datasetId, superordinate: 'Bird', coarse: 'Hawks', fine: "Cooper's Hawk" },
        0,
        1,
      );
      assert.deepEqual(hawk?.metadata['taxonomy'], [
        { rank: 'level 1', name: 'Hawks' },
        { rank: 'level 2', name: "Cooper's Hawk" },
      ]);
    } finally {
      await store.close();
    }
  });

  it('stops an import projected past the database size limit, writing nothing', async () => {
    const folder = join(tmp(), 'inat-big');
    const category = INAT_CATEGORIES[0];
    const images = Array.from({ length: 5000 }, (_, i) => ({ id: i, file_name: `val/x/${i}.jpg` }));
    const annotations = images.map((im) => ({ id: im.id, image_id: im.id, category_id: category?.id }));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'val.json'), JSON.stringify({ images, categories: [category], annotations }));
    const store = await FinerStore.open(join(tmp(), 'limit.db'));
    try {
      await assert.rejects(
        importNativeDataset(store, {
          format: 'inat',
          folder,
          checkImages: false,
          maxDatabaseBytes: 1_000_000,
        }),
        DatabaseSizeLimitError,
      );
      assert.deepEqual(store.listDatasets(), []);
    } finally {
      await store.close();
    }
  });

  it('a FINER or manifest dataset has an empty source record', async () => {
    const folder = join(tmp(), 'inat');
    writeInatFolder(folder);
    const store = await FinerStore.open(join(tmp(), 'b.db'));
    try {
      const { datasetId } = await store.importDataset(
        { name: 'plain', rootDir: folder, format: 'manifest', split: 'test' },
        async (sink) =>
          sink.addSample({
            idx: 0,
            imagePath: 'a.jpg',
            superordinate: 'Bird',
            coarse: ['Owl'],
            fine: ['Barn Owl'],
            split: 'test',
            metadata: {},
          }),
      );
      assert.deepEqual(store.getDataset(datasetId)?.source, {});
    } finally {
      await store.close();
    }
  });

  it('upgrades a database written before datasets.source_json, keeping its datasets', async () => {
    const sql = await loadSqlJs();
    const db = new sql.Database();
    const before = MIGRATIONS.findIndex((m) => m.sql.includes('source_json'));
    assert.ok(before > 0);
    migrate(db, 'old', MIGRATIONS.slice(0, before));
    db.run(
      "INSERT INTO datasets (name, root_dir, format, split, created_at) VALUES ('old', '/x', 'finer', 'test', 'now')",
    );
    const file = join(tmp(), 'old', 'finer.db');
    mkdirSync(join(tmp(), 'old'), { recursive: true });
    writeFileSync(file, db.export());
    db.close();
    const store = await FinerStore.open(file);
    try {
      assert.deepEqual(
        store.listDatasets().map((d) => [d.name, d.format, d.source]),
        [['old', 'finer', {}]],
      );
    } finally {
      await store.close();
    }
    const upgraded = new sql.Database(readFileSync(file));
    assert.equal(schemaVersionOf(upgraded), LATEST_SCHEMA_VERSION);
    upgraded.close();
  });
});
