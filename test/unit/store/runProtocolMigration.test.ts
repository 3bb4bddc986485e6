// The migration that adds each run's prompt protocol and each result's finish reason and refusal:
// a database written at schema 5 upgrades, its runs read as finer-lens-v1 (the prompts they were
// made with), results keep everything and read with no finish reason; new runs record theirs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { builderForRun } from '../../../src/core/runs/runSetup';
import { FinerStore } from '../../../src/core/store/finerStore';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate } from '../../../src/core/store/schema';
import { loadSqlJs } from '../../../src/core/store/sqlJsLoader';
import { newRunRecord, predictionRow } from '../../support/runRecords';
import { makeTempDir } from './storeTestKit';

describe('schema: run protocol, finish reason and refusal', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('upgrades a schema-5 database: old runs are finer-lens-v1, old results keep their answers', async () => {
    const sql = await loadSqlJs();
    const db = new sql.Database();
    migrate(
      db,
      'old',
      MIGRATIONS.filter((m) => m.version <= 5),
    );
    db.run(
      "INSERT INTO datasets (name, root_dir, format, split, created_at) VALUES ('old', '/x', 'finer', 'test', 'now')",
    );
    db.run(
      `INSERT INTO samples (dataset_id, idx, image_path, superordinate, coarse_json, fine_json, coarse_primary,
        fine_primary, split) VALUES (1, 0, 'a.png', 'Bird', '["Owl"]', '["Barn Owl"]', 'Owl', 'Barn Owl', 'test')`,
    );
    db.run(
      `INSERT INTO runs (dataset_id, name, strategy, level, model, status, created_at, template_family, template_hash)
        VALUES (1, 'old run', 'direct', 'fine', 'm', 'done', 'now', 'organism', '')`,
    );
    db.run(
      `INSERT INTO predictions (run_id, sample_id, level, raw_response, answer, finer_em, created_at)
        VALUES (1, 1, 'fine', 'Answer: Barn Owl', 'Barn Owl', 1, 'now')`,
    );
    mkdirSync(dirname(temp.dbPath), { recursive: true });
    writeFileSync(temp.dbPath, db.export());
    db.close();
    const store = await FinerStore.open(temp.dbPath);
    try {
      const run = store.getRun(1);
      assert.equal(run?.protocol, 'finer-lens-v1');
      assert.equal(run && builderForRun(run).protocol, 'finer-lens-v1', 'resume rebuilds the old prompts');
      const [p] = store.predictionsOfRun(1);
      assert.equal(p?.answer, 'Barn Owl');
      assert.equal(p?.finerEm, 1);
      assert.equal(p?.finishReason, null);
      assert.equal(p?.refusal, null);
      assert.deepEqual(
        store.runLevelMetrics(1).map((m) => [m.truncated, m.refusals]),
        [[0, 0]],
      );

      const id = store.createRun(newRunRecord(1, { protocol: 'finer-reference' }));
      await store.saveRunResults(id, [
        predictionRow(1, 'fine', { finishReason: 'length', rawResponse: 'Answer: Barn', finerEm: 0 }),
      ]);
      await store.saveRunResults(id, [predictionRow(1, 'coarse', { finishReason: 'stop', refusal: 'No.' })]);
      assert.equal(store.getRun(id)?.protocol, 'finer-reference');
      const metrics = store.runLevelMetrics(id);
      assert.equal(
        metrics.reduce((n, m) => n + m.truncated, 0),
        1,
      );
      assert.equal(
        metrics.reduce((n, m) => n + m.refusals, 0),
        1,
      );
    } finally {
      await store.close();
    }
    const version = execFileSync('sqlite3', [temp.dbPath, 'PRAGMA user_version'], {
      encoding: 'utf8',
    }).trim();
    assert.equal(Number(version), LATEST_SCHEMA_VERSION);
    const columns = execFileSync(
      'sqlite3',
      [temp.dbPath, "SELECT group_concat(name) FROM pragma_table_info('predictions')"],
      {
        encoding: 'utf8',
      },
    );
    assert.match(columns, /finish_reason/);
    assert.match(columns, /refusal/);
  });
});
