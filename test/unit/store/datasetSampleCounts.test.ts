// The sample count of each dataset is kept in the datasets table (schema 5), so the Datasets
// tree does not count every sample when it opens: checked on the file with the sqlite3 CLI, and
// across the upgrade of a database written before the column existed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FinerStore } from '../../../src/core/store/finerStore';
import { MIGRATIONS, migrate } from '../../../src/core/store/schema';
import { loadSqlJs } from '../../../src/core/store/sqlJsLoader';
import { makeTempDir, smallSamples } from './storeTestKit';

describe('dataset sample counts', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  const sqlite = (sql: string): string =>
    execFileSync('sqlite3', [temp.dbPath, sql], { encoding: 'utf8' }).trim();

  it('stores the count at import, lists it, and drops it with the dataset', async () => {
    const store = await FinerStore.open(temp.dbPath);
    try {
      const samples = smallSamples();
      const fill = (count: number) => async (sink: { addSample(s: (typeof samples)[number]): void }) => {
        for (const s of samples.slice(0, count)) sink.addSample(s);
      };
      const a = await store.importDataset(
        { name: 'a', rootDir: temp.dir, format: 'manifest', split: 'test' },
        fill(13),
      );
      await store.importDataset({ name: 'b', rootDir: temp.dir, format: 'manifest', split: 'test' }, fill(5));
      assert.deepEqual(
        store.listDatasets().map((d) => [d.name, d.sampleCount]),
        [
          ['a', 13],
          ['b', 5],
        ],
      );
      assert.equal(sqlite('select group_concat(name || ":" || sample_count) from datasets'), 'a:13,b:5');
      store.removeDataset(a.datasetId);
      assert.deepEqual(
        store.listDatasets().map((d) => [d.name, d.sampleCount]),
        [['b', 5]],
      );
    } finally {
      await store.close();
    }
  });

  it('fills the counts in when it upgrades a database of schema 4', async () => {
    const sql = await loadSqlJs();
    const db = new sql.Database();
    migrate(db, 'old', MIGRATIONS.slice(0, 4));
    db.run(
      "INSERT INTO datasets (name, root_dir, format, split, created_at) VALUES ('old', '/x', 'finer', 'test', 'now')",
    );
    for (let idx = 0; idx < 7; idx++) {
      db.run(
        `INSERT INTO samples (dataset_id, idx, image_path, superordinate, coarse_json, fine_json, coarse_primary,
          fine_primary, split) VALUES (1, ?, 'a.png', 'Bird', '["Owl"]', '["Barn Owl"]', 'Owl', 'Barn Owl', 'test')`,
        [idx],
      );
    }
    mkdirSync(dirname(temp.dbPath), { recursive: true });
    writeFileSync(temp.dbPath, db.export());
    db.close();
    const store = await FinerStore.open(temp.dbPath);
    try {
      assert.deepEqual(
        store.listDatasets().map((d) => [d.name, d.sampleCount]),
        [['old', 7]],
      );
    } finally {
      await store.close();
    }
  });
});
