import assert from 'node:assert/strict';
import { unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { StoreError } from '../../../src/core/errors';
import { FinerStore } from '../../../src/core/store/finerStore';
import { allTagNames, createSmallDb, makeTempDir, runChild } from './storeTestKit';

const WRITES_PER_PROCESS = 150;

describe('store shared by several processes', function () {
  // Bounds a hang of the child processes; not a speed check.
  this.timeout(180_000);

  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('loses no write when two processes tag concurrently (one also checkpointing)', async () => {
    await createSmallDb(temp.dbPath);
    const watcher = await FinerStore.open(temp.dbPath);
    const events: string[] = [];
    watcher.onDidChange((change) => events.push(change.source));

    const a = runChild(['writer', temp.dbPath, 'a', String(WRITES_PER_PROCESS), '0']);
    const b = runChild(['writer', temp.dbPath, 'b', String(WRITES_PER_PROCESS), '25']);
    let polls = 0;
    const poller = setInterval(() => {
      polls++;
      watcher.syncExternal();
    }, 15);
    const [ra, rb] = await Promise.all([a.exited, b.exited]);
    clearInterval(poller);
    assert.equal(ra.code, 0, ra.stderr);
    assert.equal(rb.code, 0, rb.stderr);
    assert.equal(a.acked.length, WRITES_PER_PROCESS);
    assert.equal(b.acked.length, WRITES_PER_PROCESS);

    watcher.syncExternal();
    const seen = allTagNames(watcher);
    for (const name of [...a.acked, ...b.acked])
      assert.ok(seen.has(name), `the watching store misses ${name}`);
    assert.ok(polls > 0 && events.includes('external'), 'syncExternal reported external changes');
    await watcher.close();

    const reopened = await FinerStore.open(temp.dbPath);
    const stored = allTagNames(reopened);
    assert.equal(stored.size, 2 * WRITES_PER_PROCESS);
    for (const name of [...a.acked, ...b.acked]) assert.ok(stored.has(name), `${name} was lost`);
    await reopened.close();
  });

  it('applies writes of another store on the same file, before its own next write', async () => {
    await createSmallDb(temp.dbPath);
    const one = await FinerStore.open(temp.dbPath, { checkpointIdleMs: 600_000 });
    const two = await FinerStore.open(temp.dbPath, { checkpointIdleMs: 600_000 });
    one.addTag(1, 'from-one');
    two.addTag(1, 'from-two');
    assert.deepEqual(two.tagsOf(1), ['from-one', 'from-two'], 'two caught up before writing');
    one.checkpoint();
    two.addTag(2, 'after-checkpoint');
    assert.deepEqual(two.tagsOf(1), ['from-one', 'from-two']);
    assert.equal(one.syncExternal(), true);
    assert.deepEqual(one.tagsOf(2), ['after-checkpoint']);
    assert.equal(one.syncExternal(), false, 'nothing new');
    two.checkpoint();
    assert.equal(one.syncExternal(), true, 'a checkpoint by another process reloads the file');
    assert.deepEqual(one.tagsOf(1), ['from-one', 'from-two']);
    await one.close();
    await two.close();
  });

  it('waits for a held lock and then reports "locked" with the owner', async () => {
    await createSmallDb(temp.dbPath);
    const store = await FinerStore.open(temp.dbPath, { lockTimeoutMs: 200 });
    writeFileSync(
      `${temp.dbPath}.lock`,
      JSON.stringify({ pid: process.pid, host: hostname(), token: 'other', createdAt: 'now' }),
    );
    assert.throws(
      () => store.addTag(1, 'x'),
      (e: unknown) => e instanceof StoreError && e.reason === 'locked' && /process \d+/.test(e.message),
    );
    assert.deepEqual(store.tagsOf(1), [], 'the refused write did not happen');
    unlinkSync(`${temp.dbPath}.lock`);
    store.addTag(1, 'x');
    assert.deepEqual(store.tagsOf(1), ['x']);
    await store.close();
  });

  it('takes over a lock left by a dead process', async () => {
    await createSmallDb(temp.dbPath);
    const store = await FinerStore.open(temp.dbPath, { lockTimeoutMs: 2000 });
    writeFileSync(
      `${temp.dbPath}.lock`,
      JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), token: 'dead', createdAt: 'then' }),
    );
    store.addTag(1, 'y');
    assert.deepEqual(store.tagsOf(1), ['y']);
    await store.close();
  });
});
