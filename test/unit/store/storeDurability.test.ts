import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FinerStore } from '../../../src/core/store/finerStore';
import { allTagNames, createSmallDb, importSmall, makeTempDir, runChild } from './storeTestKit';

const KILL_ROUNDS = 16;

/** Copies the database and its journal as they are right now, like a machine that lost power. */
function snapshot(dbPath: string, intoDir: string): string {
  mkdirSync(intoDir, { recursive: true });
  const target = join(intoDir, 'finer.db');
  copyFileSync(dbPath, target);
  if (existsSync(`${dbPath}.journal`)) copyFileSync(`${dbPath}.journal`, `${target}.journal`);
  return target;
}

describe('store durability', function () {
  // Child processes load the SQLite engine each time; this bounds a hang, it is not a speed check.
  this.timeout(180_000);

  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('creates the folder and the file, and reopens with the same content', async () => {
    let store = await FinerStore.open(temp.dbPath);
    assert.ok(existsSync(temp.dbPath));
    assert.ok(existsSync(`${temp.dbPath}.journal`));
    const datasetId = await importSmall(store);
    store.addTag(1, 'occluded');
    store.setNote(2, 'check');
    await store.close();
    store = await FinerStore.open(temp.dbPath);
    assert.equal(store.getDataset(datasetId)?.sampleCount, 13);
    assert.deepEqual(store.tagsOf(1), ['occluded']);
    assert.equal(store.noteOf(2), 'check');
    await store.close();
  });

  it('keeps an acknowledged edit that is only in the journal (no checkpoint yet)', async () => {
    await createSmallDb(temp.dbPath);
    const store = await FinerStore.open(temp.dbPath, { checkpointIdleMs: 600_000 });
    const fileBefore = readFileSync(temp.dbPath);
    store.addTag(3, 'blurry');
    store.setNote(3, 'dark');
    assert.deepEqual(readFileSync(temp.dbPath), fileBefore, 'the edit is journaled, not yet folded');
    const copy = snapshot(temp.dbPath, join(temp.dir, 'crash'));
    const reopened = await FinerStore.open(copy);
    assert.deepEqual(reopened.tagsOf(3), ['blurry']);
    assert.equal(reopened.noteOf(3), 'dark');
    await reopened.close();
    await store.close();
  });

  it('folds the journal into the file on close and on checkpoint()', async () => {
    await createSmallDb(temp.dbPath);
    const store = await FinerStore.open(temp.dbPath, { checkpointIdleMs: 600_000 });
    store.addTag(4, 'a');
    const journalGrown = statSync(`${temp.dbPath}.journal`).size;
    store.checkpoint();
    assert.ok(statSync(`${temp.dbPath}.journal`).size < journalGrown, 'journal restarted');
    store.addTag(4, 'b');
    await store.close();
    // Only the file, without the journal: the edits must be in it.
    const fileOnly = join(temp.dir, 'file-only');
    mkdirSync(fileOnly);
    copyFileSync(temp.dbPath, join(fileOnly, 'finer.db'));
    const reopened = await FinerStore.open(join(fileOnly, 'finer.db'));
    assert.deepEqual(reopened.tagsOf(4), ['a', 'b']);
    await reopened.close();
  });

  it('checkpoints by itself after the idle time', async () => {
    await createSmallDb(temp.dbPath);
    const store = await FinerStore.open(temp.dbPath, { checkpointIdleMs: 20 });
    const before = readFileSync(temp.dbPath);
    store.addTag(5, 'idle');
    for (let i = 0; i < 200 && readFileSync(temp.dbPath).equals(before); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.ok(!readFileSync(temp.dbPath).equals(before), 'the file was rewritten by the idle checkpoint');
    await store.close();
  });

  it('ignores a torn last journal record and cuts it off on the next write', async () => {
    await createSmallDb(temp.dbPath);
    const store = await FinerStore.open(temp.dbPath, { checkpointIdleMs: 600_000 });
    store.addTag(6, 'kept');
    const copy = snapshot(temp.dbPath, join(temp.dir, 'torn'));
    await store.close();
    // Half a record, as a kill in the middle of write() leaves it.
    appendFileSync(`${copy}.journal`, '0badc0de {"seq":99,"at":"x","ops":[{"sql":"DELETE FROM sample_tags');
    let reopened = await FinerStore.open(copy, { checkpointIdleMs: 600_000 });
    assert.deepEqual(reopened.tagsOf(6), ['kept']);
    reopened.addTag(7, 'after');
    const journal = readFileSync(`${copy}.journal`, 'utf8');
    assert.ok(!journal.includes('0badc0de'), 'the torn tail was cut off before appending');
    // Close without folding, by reopening a copy: both records must replay.
    const again = snapshot(copy, join(temp.dir, 'torn-2'));
    await reopened.close();
    reopened = await FinerStore.open(again);
    assert.deepEqual(reopened.tagsOf(6), ['kept']);
    assert.deepEqual(reopened.tagsOf(7), ['after']);
    await reopened.close();
  });

  it('ignores a last record whose checksum does not match', async () => {
    await createSmallDb(temp.dbPath);
    const store = await FinerStore.open(temp.dbPath, { checkpointIdleMs: 600_000 });
    store.addTag(8, 'good');
    store.addTag(8, 'bad');
    const copy = snapshot(temp.dbPath, join(temp.dir, 'flip'));
    await store.close();
    const journal = readFileSync(`${copy}.journal`, 'utf8');
    const damaged = journal.replace(/"bad"/, '"bax"');
    assert.notEqual(damaged, journal);
    appendFileSync(`${copy}.journal.tmp`, damaged);
    copyFileSync(`${copy}.journal.tmp`, `${copy}.journal`);
    const reopened = await FinerStore.open(copy);
    assert.deepEqual(reopened.tagsOf(8), ['good']);
    await reopened.close();
  });

  it('keeps every acknowledged write when the writer is killed with SIGKILL at random points', async () => {
    await createSmallDb(temp.dbPath);
    const expected = new Set<string>();
    for (let round = 0; round < KILL_ROUNDS; round++) {
      const child = runChild(['tag-loop', temp.dbPath, `r${round}`, '0']);
      const target = 1 + Math.floor(Math.random() * 40);
      // Kill right after an acknowledgement, or at a random moment (during open, mid-write).
      const atAck = round % 3 !== 2;
      await new Promise<void>((resolve) => {
        if (atAck) {
          child.onLine(() => {
            if (child.acked.length >= target) {
              child.kill();
              resolve();
            }
          });
        } else {
          setTimeout(() => {
            child.kill();
            resolve();
          }, Math.random() * 400);
        }
      });
      const result = await child.exited;
      assert.equal(result.signal, 'SIGKILL', `round ${round} was killed (stderr: ${result.stderr})`);
      child.acked.forEach((name) => expected.add(name));
      const store = await FinerStore.open(temp.dbPath);
      const present = allTagNames(store);
      for (const name of expected)
        assert.ok(present.has(name), `round ${round}: acknowledged ${name} is missing`);
      await store.close();
    }
    assert.ok(expected.size > 0, 'some writes were acknowledged');
  });

  it('never leaves a damaged file when killed during checkpoints', async () => {
    await createSmallDb(temp.dbPath);
    const expected = new Set<string>();
    for (let round = 0; round < KILL_ROUNDS; round++) {
      const child = runChild(['checkpoint-loop', temp.dbPath, `c${round}`]);
      await new Promise<void>((resolve) => {
        child.onLine((line) => {
          if (line === 'ready') {
            setTimeout(
              () => {
                child.kill();
                resolve();
              },
              5 + Math.random() * 150,
            );
          }
        });
      });
      const result = await child.exited;
      assert.equal(result.signal, 'SIGKILL', `round ${round} was killed (stderr: ${result.stderr})`);
      child.acked.forEach((name) => expected.add(name));
      const store = await FinerStore.open(temp.dbPath);
      const present = allTagNames(store);
      for (const name of expected)
        assert.ok(present.has(name), `round ${round}: acknowledged ${name} is missing`);
      await store.close();
    }
    assert.ok(expected.size > 0, 'some writes were acknowledged');
  });
});
