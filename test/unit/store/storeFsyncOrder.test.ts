// A kill -9 test cannot see a missing fsync (the page cache survives the kill), so this one
// watches the system calls of a real writer process with strace (installed by
// scripts/install-system-deps.sh): every acknowledged write must have reached the journal and
// been fsync'd before the process says "acked", and every file that replaces the database or
// the journal must be fsync'd before it is renamed into place.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSmallDb, makeTempDir, STORE_CHILD } from './storeTestKit';

interface Call {
  name: string;
  args: string;
  result: string;
}

function parseTrace(text: string): Call[] {
  const calls: Call[] = [];
  for (const line of text.split('\n')) {
    // "1234  pwrite64(21, "...", 180, 4096) = 180"
    const match = /^\d+\s+(\w+)\((.*)\)\s+=\s+(-?\d+)/.exec(line);
    if (match) calls.push({ name: match[1] ?? '', args: match[2] ?? '', result: match[3] ?? '' });
  }
  return calls;
}

const firstArg = (args: string): string => args.split(',')[0]?.trim() ?? '';
const quotedPaths = (args: string): string[] => [...args.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');

describe('store: fsync before acknowledgement (system calls of a real writer)', function () {
  this.timeout(120_000);
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('fsyncs every journal record before acking it, and every replacement file before renaming it', async () => {
    await createSmallDb(temp.dbPath);
    const tracePath = join(temp.dir, 'trace.txt');
    const traced = spawnSync(
      'strace',
      [
        '-f',
        '-qq',
        '-s',
        '32',
        '-e',
        'trace=openat,write,pwrite64,fsync,fdatasync,close,rename,renameat,renameat2',
        '-o',
        tracePath,
        process.execPath,
        STORE_CHILD,
        'writer',
        temp.dbPath,
        'f',
        '12',
        '5',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(traced.error, undefined, `strace must be installed (scripts/install-system-deps.sh)`);
    assert.equal(traced.status, 0, traced.stderr);

    const fdPath = new Map<string, string>();
    // Per open file: unsynced writes since its last fsync.
    const dirty = new Map<string, boolean>();
    let journalWritesSinceAck = 0;
    let acks = 0;
    let renames = 0;
    for (const call of parseTrace(readFileSync(tracePath, 'utf8'))) {
      const fd = firstArg(call.args);
      if (call.name === 'openat' && Number(call.result) >= 0) {
        fdPath.set(call.result, quotedPaths(call.args)[0] ?? '');
        continue;
      }
      const path = fdPath.get(fd) ?? '';
      if (
        (call.name === 'write' || call.name === 'pwrite64') &&
        fd === '1' &&
        call.args.includes('"acked ')
      ) {
        acks++;
        assert.ok(journalWritesSinceAck > 0, `ack ${acks} has a journal write before it`);
        assert.equal(
          dirty.get(`${temp.dbPath}.journal`),
          false,
          `ack ${acks}: the journal was fsync'd first`,
        );
        journalWritesSinceAck = 0;
      } else if (call.name === 'write' || call.name === 'pwrite64') {
        if (path === `${temp.dbPath}.journal`) journalWritesSinceAck++;
        dirty.set(path, true);
      } else if (call.name === 'fsync' || call.name === 'fdatasync') {
        dirty.set(path, false);
      } else if (call.name === 'close') {
        fdPath.delete(fd);
      } else if (call.name.startsWith('rename')) {
        const [from] = quotedPaths(call.args);
        if (from?.endsWith('.tmp')) {
          renames++;
          assert.equal(dirty.get(from), false, `${from} was fsync'd before it was renamed into place`);
        }
      }
    }
    assert.equal(acks, 12, 'the trace saw every acknowledgement');
    assert.ok(renames >= 2, `checkpoints replaced the database and the journal (${renames} renames)`);
  });
});
