import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import type { SqlJsStatic } from 'sql.js';
import { StoreError } from '../../../src/core/errors';
import { FinerStore } from '../../../src/core/store/finerStore';
import type { Migration } from '../../../src/core/store/schema';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, schemaVersionOf } from '../../../src/core/store/schema';
import { loadSqlJs } from '../../../src/core/store/sqlJsLoader';
import { makeTempDir } from './storeTestKit';

const EXPECTED_TABLES = [
  'attribute_edits',
  'concept_attributes',
  'concepts',
  'datasets',
  'label_edits',
  'match_cache',
  'meta',
  'notes',
  'predictions',
  'response_cache',
  'review_positions',
  'runs',
  'sample_reviews',
  'sample_tags',
  'samples',
  'suggestion_decisions',
  'tags',
  'verdict_overrulings',
];

describe('store schema and migrations', () => {
  let sql: SqlJsStatic;
  before(async () => {
    sql = await loadSqlJs();
  });

  it('numbers migrations 1, 2, 3… in order', () => {
    MIGRATIONS.forEach((m, i) => assert.equal(m.version, i + 1));
    assert.equal(LATEST_SCHEMA_VERSION, MIGRATIONS.length);
  });

  it('creates every table and records the schema version in user_version', () => {
    const db = new sql.Database();
    assert.equal(migrate(db, 'memory'), true);
    const tables = db
      .exec(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )[0]
      ?.values.map((r) => r[0]);
    assert.deepEqual(tables, EXPECTED_TABLES);
    assert.equal(schemaVersionOf(db), LATEST_SCHEMA_VERSION);
    assert.equal(migrate(db, 'memory'), false, 'a current database needs no migration');
    db.close();
  });

  it('applies only the migrations newer than the database, in order', () => {
    const db = new sql.Database();
    migrate(db, 'memory');
    const next: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      description: 'test: tag colours default',
      sql: "ALTER TABLE tags ADD COLUMN shortcut TEXT NOT NULL DEFAULT ''",
    };
    assert.equal(migrate(db, 'memory', [...MIGRATIONS, next]), true);
    assert.equal(schemaVersionOf(db), LATEST_SCHEMA_VERSION + 1);
    const columns = db.exec('PRAGMA table_info(tags)')[0]?.values.map((r) => r[1]);
    assert.ok(columns?.includes('shortcut'));
    db.close();
  });

  it('rolls back a failing migration and reports it', () => {
    const db = new sql.Database();
    migrate(db, 'memory');
    const broken: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      description: 'broken',
      sql: 'ALTER TABLE nope ADD COLUMN x',
    };
    assert.throws(
      () => migrate(db, 'memory', [...MIGRATIONS, broken]),
      (e: unknown) => e instanceof StoreError && /broken/.test(e.message),
    );
    assert.equal(schemaVersionOf(db), LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('refuses a database written by a newer schema, leaving the file as it was', async () => {
    const temp = makeTempDir();
    try {
      const store = await FinerStore.open(temp.dbPath);
      await store.close();
      const db = new sql.Database(readFileSync(temp.dbPath));
      db.exec(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 5}`);
      writeFileSync(temp.dbPath, db.export());
      db.close();
      const before = readFileSync(temp.dbPath);
      await assert.rejects(FinerStore.open(temp.dbPath), (e: unknown) => {
        assert.ok(e instanceof StoreError);
        assert.equal(e.reason, 'newer-schema');
        assert.match(e.message, /newer version/);
        return true;
      });
      assert.deepEqual(readFileSync(temp.dbPath), before);
    } finally {
      temp.cleanup();
    }
  });

  it('turns on foreign keys in the store connection', async () => {
    const temp = makeTempDir();
    try {
      const store = await FinerStore.open(temp.dbPath);
      assert.throws(
        () => store.addTag(424242, 'x'),
        (e: unknown) => e instanceof StoreError && e.reason === 'not-found',
      );
      await store.close();
    } finally {
      temp.cleanup();
    }
  });
});
