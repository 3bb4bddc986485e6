import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StoreError } from '../../../src/core/errors';
import { FinerStore } from '../../../src/core/store/finerStore';
import { createSmallDb, makeTempDir } from './storeTestKit';

const SQLITE_CLI = '/usr/bin/sqlite3';

async function assertOpenFails(dbPath: string, reason: string): Promise<void> {
  await assert.rejects(FinerStore.open(dbPath), (e: unknown) => {
    assert.ok(e instanceof StoreError, String(e));
    assert.equal(e.reason, reason);
    assert.ok(e.message.includes(dbPath), `the message names the file: ${e.message}`);
    return true;
  });
}

describe('store file handling', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('refuses a text file at the path and leaves it untouched', async () => {
    mkdirSync(dirname(temp.dbPath), { recursive: true });
    writeFileSync(temp.dbPath, 'these are my notes, not a database\n'.repeat(20));
    const before = readFileSync(temp.dbPath);
    await assertOpenFails(temp.dbPath, 'not-sqlite');
    assert.deepEqual(readFileSync(temp.dbPath), before);
    assert.equal(existsSync(`${temp.dbPath}.journal`), false, 'no journal was started beside it');
  });

  it('refuses a damaged SQLite file and leaves it untouched', async () => {
    await createSmallDb(temp.dbPath);
    const good = readFileSync(temp.dbPath);
    const damaged = Buffer.from(good);
    // Keep the header, scribble over the schema page and the rest.
    damaged.fill(0xa5, 100, damaged.byteLength);
    writeFileSync(temp.dbPath, damaged);
    await assertOpenFails(temp.dbPath, 'corrupt');
    assert.deepEqual(readFileSync(temp.dbPath), damaged);
  });

  it('refuses a file cut short and leaves it untouched', async () => {
    await createSmallDb(temp.dbPath);
    const good = readFileSync(temp.dbPath);
    const truncated = good.subarray(0, Math.floor(good.byteLength / 2));
    writeFileSync(temp.dbPath, truncated);
    await assertOpenFails(temp.dbPath, 'corrupt');
    assert.deepEqual(readFileSync(temp.dbPath), truncated);
  });

  it('moves a bad file aside (with its journal) so a new database can be created', async () => {
    mkdirSync(dirname(temp.dbPath), { recursive: true });
    writeFileSync(temp.dbPath, 'garbage');
    writeFileSync(`${temp.dbPath}.journal`, 'old journal');
    const moved = FinerStore.moveAside(temp.dbPath);
    assert.match(moved, /finer\.db\.corrupt-/);
    assert.equal(readFileSync(moved, 'utf8'), 'garbage');
    assert.equal(readFileSync(`${moved}.journal`, 'utf8'), 'old journal');
    assert.equal(existsSync(temp.dbPath), false);
    const store = await FinerStore.open(temp.dbPath);
    assert.deepEqual(store.listDatasets(), []);
    await store.close();
  });

  it('keeps, but does not replay, a journal whose database file is gone', async () => {
    await createSmallDb(temp.dbPath);
    const store = await FinerStore.open(temp.dbPath, { checkpointIdleMs: 600_000 });
    store.addTag(1, 'orphaned');
    const journal = readFileSync(`${temp.dbPath}.journal`);
    await store.close();
    unlinkSync(temp.dbPath);
    writeFileSync(`${temp.dbPath}.journal`, journal);
    const fresh = await FinerStore.open(temp.dbPath);
    assert.deepEqual(fresh.listDatasets(), []);
    await fresh.close();
    const kept = readdirSync(dirname(temp.dbPath)).filter((f) => f.startsWith('finer.db.journal.orphan-'));
    assert.equal(kept.length, 1);
    assert.deepEqual(readFileSync(join(dirname(temp.dbPath), kept[0]!)), journal);
  });

  it('reports a location it cannot create as an io error naming the path', async () => {
    // A regular file where a folder should be fails for every user, root included.
    writeFileSync(join(temp.dir, 'a-file'), 'x');
    const target = join(temp.dir, 'a-file', 'sub', 'finer.db');
    await assert.rejects(FinerStore.open(target), (e: unknown) => {
      assert.ok(e instanceof StoreError);
      assert.equal(e.reason, 'io');
      assert.ok(e.message.includes(target), e.message);
      return true;
    });
  });

  it('reports a missing engine file clearly', async () => {
    await assert.rejects(
      FinerStore.open(temp.dbPath, { wasmPath: '/nonexistent/sql-wasm.wasm' }),
      (e: unknown) =>
        e instanceof StoreError && e.reason === 'io' && e.message.includes('/nonexistent/sql-wasm.wasm'),
    );
  });

  it('writes a file the sqlite3 command-line tool reads', async function () {
    // Required, not skipped: scripts/install-system-deps.sh installs it for the tests.
    assert.ok(existsSync(SQLITE_CLI), `${SQLITE_CLI} is missing: run scripts/install-system-deps.sh`);
    await createSmallDb(temp.dbPath);
    const store = await FinerStore.open(temp.dbPath);
    store.addTag(1, 'occluded');
    await store.close();
    const tables = spawnSync(SQLITE_CLI, [temp.dbPath, '.tables'], { encoding: 'utf8' });
    assert.equal(tables.status, 0, tables.stderr);
    for (const table of [
      'datasets',
      'samples',
      'concepts',
      'sample_tags',
      'predictions',
      'runs',
      'notes',
      'meta',
    ]) {
      assert.match(tables.stdout, new RegExp(`\\b${table}\\b`));
    }
    const query = spawnSync(
      SQLITE_CLI,
      [
        temp.dbPath,
        'SELECT count(*) FROM samples; SELECT t.name FROM sample_tags st JOIN tags t ON t.id = st.tag_id; PRAGMA integrity_check;',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(query.status, 0, query.stderr);
    assert.deepEqual(query.stdout.trim().split('\n'), ['13', 'occluded', 'ok']);
  });
});
