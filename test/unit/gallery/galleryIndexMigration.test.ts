// The migration that adds the idx-order index the gallery pages by: a database written at the
// schema before it upgrades, keeps its samples, gets the index, and the query planner uses it
// for a page of the whole dataset.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FinerStore } from '../../../src/core/store/finerStore';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate } from '../../../src/core/store/schema';
import { loadSqlJs } from '../../../src/core/store/sqlJsLoader';
import { makeTempDir } from '../store/storeTestKit';

const INDEX_VERSION = MIGRATIONS.find((m) => m.sql.includes('samples_by_idx'))?.version ?? NaN;

describe('schema: samples_by_idx for gallery pages', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('upgrades a database written before the index; pages read in idx order', async () => {
    assert.ok(INDEX_VERSION <= LATEST_SCHEMA_VERSION);
    const sql = await loadSqlJs();
    const db = new sql.Database();
    migrate(
      db,
      'old',
      MIGRATIONS.filter((m) => m.version < INDEX_VERSION),
    );
    db.run(
      "INSERT INTO datasets (name, root_dir, format, split, created_at) VALUES ('old', '/x', 'finer', 'test', 'now')",
    );
    for (const idx of [2, 0, 1]) {
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
      const page = store.gallerySlicePage(
        { datasetId: 1, conditions: [] },
        { offset: 0, limit: 10, runId: null },
      );
      assert.deepEqual(
        page.tiles.map((t) => t.idx),
        [0, 1, 2],
      );
    } finally {
      await store.close();
    }
    const reopened = new sql.Database(await import('node:fs').then((fs) => fs.readFileSync(temp.dbPath)));
    try {
      const version = reopened.exec('PRAGMA user_version')[0]?.values[0]?.[0];
      assert.equal(version, LATEST_SCHEMA_VERSION);
      const index = reopened.exec(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'samples_by_idx'",
      );
      assert.equal(index[0]?.values[0]?.[0], 'samples_by_idx');
      const plan = reopened
        .exec(
          'EXPLAIN QUERY PLAN SELECT s.id FROM samples s WHERE s.dataset_id = 1 ORDER BY s.idx, s.id LIMIT 5',
        )
        .flatMap((r) => r.values.map((v) => String(v[3])))
        .join(' | ');
      assert.match(plan, /samples_by_idx/);
      assert.doesNotMatch(plan, /TEMP B-TREE/);
    } finally {
      reopened.close();
    }
  });
});
