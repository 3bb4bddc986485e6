// Defects that lost acknowledged data, reproduced with real processes and real files: a lock
// taken from a live but blocked owner, damage in the middle of the journal, a damaged page in
// the database file, and writes after losing the lock.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { StoreError } from '../../../src/core/errors';
import { FinerStore } from '../../../src/core/store/finerStore';
import { runCliChild } from '../cli/cliChild';
import { allTagNames, createSmallDb, makeTempDir, runChild } from './storeTestKit';

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

function waitForLine(child: ReturnType<typeof runChild>, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.onLine((l) => l === line && resolve());
    void child.exited.then((r) => reject(new Error(`child ended before "${line}": ${r.stderr}`)));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('store: no acknowledged write is lost', function () {
  // Bounds a hang of the child processes; not a speed check.
  this.timeout(120_000);

  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('never takes the lock from a live owner that is suspended, however old its lock file', async () => {
    await createSmallDb(temp.dbPath);
    const importer = runChild(['import-pause', temp.dbPath, 'paused', '300', '200']);
    await waitForLine(importer, 'importing');
    // A blocked event loop or Ctrl-Z stops the heartbeat: the lock file grows old.
    const pid = Number(/"pid":(\d+)/.exec(readFileSync(`${temp.dbPath}.lock`, 'utf8'))?.[1]);
    process.kill(pid, 'SIGSTOP');
    try {
      const old = new Date(Date.now() - 120_000);
      utimesSync(`${temp.dbPath}.lock`, old, old);
      const writer = runChild(['writer', temp.dbPath, 'w', '20', '0']);
      await sleep(1500);
      assert.equal(writer.acked.length, 0, 'the writer waited instead of taking the lock over');
      process.kill(pid, 'SIGCONT');
      const [imported, wrote] = await Promise.all([importer.exited, writer.exited]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.equal(wrote.code, 0, wrote.stderr);
      assert.equal(writer.acked.length, 20);
    } finally {
      // Never leave a stopped child behind when an assertion failed (it may have exited since).
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // already gone
      }
    }
    const store = await FinerStore.open(temp.dbPath);
    try {
      const tags = allTagNames(store);
      for (const name of writerNames(20)) assert.ok(tags.has(name), `${name} was lost`);
      assert.ok(store.findDatasetByName('paused'), 'the import was kept too');
    } finally {
      await store.close();
    }
  });

  it('refuses to save an import after losing the lock, keeping what the new owner wrote', async () => {
    await createSmallDb(temp.dbPath);
    const importing = await FinerStore.open(temp.dbPath, { checkpointIdleMs: 600_000 });
    const other = await FinerStore.open(temp.dbPath, { checkpointIdleMs: 600_000, lockTimeoutMs: 200 });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pending = importing.importDataset(
      { name: 'late', rootDir: '/data/late', format: 'manifest', split: 'test' },
      async (sink) => {
        await gate;
        sink.addSample({
          idx: 0,
          imagePath: 'a.png',
          superordinate: 'Bird',
          coarse: ['Owl'],
          fine: ['Barn Owl'],
          split: 'test',
          metadata: {},
        });
      },
    );
    // A process on another host judged the lock stale and took it over; it writes while we work
    // (played here by this process, writing between two placements of the foreign lock file).
    const foreign = JSON.stringify({ pid: 1, host: 'elsewhere', token: 'theirs', createdAt: 'now' });
    writeFileSync(`${temp.dbPath}.lock`, foreign);
    rmSync(`${temp.dbPath}.lock`);
    other.addTag(1, 'written-by-new-owner');
    other.checkpoint();
    writeFileSync(`${temp.dbPath}.lock`, foreign);
    release();
    await assert.rejects(
      pending,
      (error: unknown) => error instanceof StoreError && error.reason === 'conflict',
    );
    rmSync(`${temp.dbPath}.lock`, { force: true });
    await importing.close();
    await other.close();
    const reopened = await FinerStore.open(temp.dbPath);
    try {
      assert.ok(allTagNames(reopened).has('written-by-new-owner'), 'the new owner’s write survived');
      assert.equal(reopened.findDatasetByName('late'), undefined, 'the refused import left nothing');
    } finally {
      await reopened.close();
    }
  });

  it('keeps every verifiable journal record after mid-file damage, reports it and keeps a copy', async () => {
    await createSmallDb(temp.dbPath);
    const child = runChild(['tag-loop', temp.dbPath, 'j', '0']);
    while (child.acked.length < 60) await sleep(20);
    child.kill();
    await child.exited;
    const acked = [...child.acked];
    const journalPath = `${temp.dbPath}.journal`;
    const lines = readFileSync(journalPath, 'utf8').split('\n');
    // Line 11 (index 10) is a record; change one character inside a parameter it holds twice
    // at most once, so the JSON stays valid and only the checksum can tell.
    const target = lines[10] ?? '';
    const damagedName = /"(j-\d+)"/.exec(target)?.[1];
    assert.ok(damagedName, `line 11 holds a tag write: ${target.slice(0, 200)}`);
    lines[10] = target.replace(damagedName, damagedName.replace('j-', 'k-'));
    writeFileSync(journalPath, lines.join('\n'));

    const stats = await runCliChild(['stats', '--db', temp.dbPath]);
    assert.equal(stats.code, 0, stats.stderr);
    assert.match(stats.stderr, /warning: The journal .*finer\.db\.journal is damaged at line 11/);
    assert.match(stats.stderr, /A copy of the damaged journal is at /);
    const copies = readdirSync(dirname(temp.dbPath)).filter((f) => f.startsWith('finer.db.journal.damaged-'));
    assert.equal(copies.length, 1, 'one copy of the damaged journal');
    // The read-only command left the journal as it was.
    assert.equal(readFileSync(journalPath, 'utf8'), lines.join('\n'));

    for (let round = 0; round < 2; round++) {
      // A writer opens, folds and closes: nothing verifiable may disappear, the damaged record stays out.
      const store = await FinerStore.open(temp.dbPath);
      const tags = allTagNames(store);
      for (const name of acked) {
        if (name === damagedName) assert.ok(!tags.has(name), 'the damaged record is not applied');
        else assert.ok(tags.has(name), `${name} was lost (round ${round})`);
      }
      assert.ok(!tags.has(damagedName.replace('j-', 'k-')), 'the altered record is not applied');
      await store.close();
    }
  });

  it('after a write, the journal holds only whole, verified records (a torn tail is cut off)', async () => {
    await createSmallDb(temp.dbPath);
    const first = await FinerStore.open(temp.dbPath, { checkpointIdleMs: 600_000 });
    first.addTag(1, 'before');
    const journalPath = `${temp.dbPath}.journal`;
    // A killed writer left a fragment longer than the record written next.
    writeFileSync(journalPath, Buffer.concat([readFileSync(journalPath), Buffer.from('x'.repeat(5000))]));
    const second = await FinerStore.open(temp.dbPath, { checkpointIdleMs: 600_000 });
    second.addTag(2, 'after');
    const text = readFileSync(journalPath, 'utf8');
    assert.ok(text.endsWith('\n'), 'no fragment after the last record');
    for (const line of text.slice(0, -1).split('\n')) {
      const json = line.slice(9);
      assert.equal(line.slice(0, 8), createHash('sha1').update(json).digest('hex').slice(0, 8));
    }
    await second.close();
    await first.close();
  });

  it('refuses a database file with a zeroed inner page: clear error, file and journal untouched', async () => {
    const store = await FinerStore.open(temp.dbPath);
    await store.importDataset(
      { name: 'big', rootDir: '/data/big', format: 'manifest', split: 'test' },
      async (sink) => {
        for (let idx = 0; idx < 3000; idx++) {
          sink.addSample({
            idx,
            imagePath: `images/${idx}.png`,
            superordinate: 'Bird',
            coarse: [`Group ${idx % 13}`],
            fine: [`Species number ${idx % 301} with a long name`],
            split: 'test',
            metadata: { note: `sample ${idx}` },
          });
        }
      },
    );
    await store.close();
    const bytes = readFileSync(temp.dbPath);
    const pageSize = bytes.readUInt16BE(16);
    const pages = bytes.byteLength / pageSize;
    assert.ok(pages > 20, `enough pages (${pages})`);
    const middle = Math.floor(pages / 2);
    bytes.fill(0, middle * pageSize, (middle + 1) * pageSize);
    writeFileSync(temp.dbPath, bytes);
    const before = sha256(temp.dbPath);
    const journalBefore = existsSync(`${temp.dbPath}.journal`) ? sha256(`${temp.dbPath}.journal`) : '';

    const stats = await runCliChild(['stats', '--db', temp.dbPath]);
    assert.equal(stats.code, 1, stats.stdout);
    // Which page is the middle one depends on the schema's layout: quick_check either reports
    // the damage or fails reading it ("database disk image is malformed"); both at open.
    assert.match(
      stats.stderr,
      /The database .*finer\.db is damaged \((integrity check|database disk image is malformed)/,
    );
    assert.doesNotMatch(stats.stderr, /unexpected error|\n\s+at /, 'no stack trace');
    assert.equal(sha256(temp.dbPath), before, 'the damaged file was not rewritten');
    const journalAfter = existsSync(`${temp.dbPath}.journal`) ? sha256(`${temp.dbPath}.journal`) : '';
    assert.equal(journalAfter, journalBefore, 'the journal was not reset');
    await assert.rejects(
      FinerStore.open(temp.dbPath),
      (e: unknown) => e instanceof StoreError && e.reason === 'corrupt',
    );
  });

  it('refuses an empty (0-byte) database file whose journal holds saved work', async () => {
    await createSmallDb(temp.dbPath);
    const child = runChild(['tag-loop', temp.dbPath, 'z', '0']);
    while (child.acked.length < 5) await sleep(20);
    child.kill();
    await child.exited;
    writeFileSync(temp.dbPath, '');
    const journal = sha256(`${temp.dbPath}.journal`);
    const stats = await runCliChild(['stats', '--db', temp.dbPath]);
    assert.equal(stats.code, 1);
    assert.match(stats.stderr, /is empty \(0 bytes\) but its journal .* holds \d+ saved operation/);
    assert.equal(sha256(`${temp.dbPath}.journal`), journal, 'the journal stays where it was');
  });

  it('removes the temp file a killed save left behind', async () => {
    await createSmallDb(temp.dbPath);
    writeFileSync(`${temp.dbPath}.tmp`, Buffer.alloc(1 << 20));
    const store = await FinerStore.open(temp.dbPath);
    assert.equal(existsSync(`${temp.dbPath}.tmp`), false);
    await store.close();
  });

  it('a lock owned by a pid that now belongs to another process is taken over', async () => {
    await createSmallDb(temp.dbPath);
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const owner = { pid: sleeper.pid, host: hostname(), token: 'gone', createdAt: 'then', started: '1' };
      writeFileSync(`${temp.dbPath}.lock`, JSON.stringify(owner));
      const store = await FinerStore.open(temp.dbPath, { lockTimeoutMs: 2000 });
      store.addTag(1, 'taken-over');
      await store.close();
      // The same pid with its real start time is a live owner: never taken over.
      writeFileSync(
        `${temp.dbPath}.lock`,
        JSON.stringify({ ...owner, token: 'live', started: processStartTime(sleeper.pid ?? 0) }),
      );
      const old = new Date(Date.now() - 3_600_000);
      utimesSync(`${temp.dbPath}.lock`, old, old);
      await assert.rejects(
        FinerStore.open(temp.dbPath, { lockTimeoutMs: 300 }),
        (e: unknown) => e instanceof StoreError && e.reason === 'locked' && /process \d+ on /.test(e.message),
      );
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});

/** The start time of a process as /proc records it (field 22 of /proc/PID/stat). */
function processStartTime(pid: number): string | undefined {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function writerNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `w-${i}`);
}

describe('store: a full disk', function () {
  this.timeout(60_000);
  let mountPoint: string | undefined;
  let skipReason: string | undefined;

  before(function () {
    const dir = mkdtempSync(join(tmpdir(), 'finer-full-'));
    if (process.getuid?.() !== 0) skipReason = 'not root: cannot mount a small tmpfs';
    else {
      const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', dir], {
        encoding: 'utf8',
      });
      if (mounted.status === 0) mountPoint = dir;
      else skipReason = `mount -t tmpfs failed: ${mounted.stderr.trim()}`;
    }
    if (skipReason !== undefined) {
      console.log(`      (skipped: ${skipReason})`);
      this.skip();
    }
  });
  after(() => {
    if (mountPoint !== undefined) spawnSync('umount', [mountPoint]);
  });

  it('a failed save reports the reason, leaves no temp file, keeps acknowledged writes and drops the failed import', async () => {
    const dir = mountPoint ?? '';
    const dbPath = join(dir, 'finer.db');
    await createSmallDb(dbPath);
    const store = await FinerStore.open(dbPath, { checkpointIdleMs: 600_000 });
    store.addTag(1, 'before-full');
    // Fill the disk but for a little room: enough for journal records, not for a new file.
    const filler = join(dir, 'filler');
    const size = statSync(dbPath).size;
    const free = Number(
      spawnSync('df', ['--output=avail', '-B1', dir], { encoding: 'utf8' }).stdout.split('\n')[1],
    );
    writeFileSync(filler, Buffer.alloc(Math.max(0, free - Math.floor(size / 2))));
    store.addTag(2, 'while-full');
    await assert.rejects(
      store.importDataset(
        { name: 'too-big', rootDir: '/d', format: 'manifest', split: 'test' },
        async (sink) => {
          for (let idx = 0; idx < 500; idx++)
            sink.addSample({
              idx,
              imagePath: `${idx}.png`,
              superordinate: 'Bird',
              coarse: ['Owl'],
              fine: [`Owl ${idx}`],
              split: 'test',
              metadata: {},
            });
        },
      ),
      (e: unknown) => e instanceof StoreError && /ENOSPC|no space left/i.test(e.message),
    );
    assert.equal(existsSync(`${dbPath}.tmp`), false, 'the temp file was removed');
    assert.throws(
      () => store.checkpoint(),
      (e: unknown) => e instanceof StoreError && /ENOSPC|no space left/i.test(e.message),
    );
    assert.equal(existsSync(`${dbPath}.tmp`), false, 'the temp file was removed');
    rmSync(filler);
    store.checkpoint();
    await store.close();
    const reopened = await FinerStore.open(dbPath);
    try {
      const tags = allTagNames(reopened);
      assert.ok(tags.has('before-full') && tags.has('while-full'), 'acknowledged writes kept');
      assert.equal(reopened.findDatasetByName('too-big'), undefined, 'the failed import was not saved later');
    } finally {
      await reopened.close();
    }
  });
});
