// Shared helpers for the store tests: temporary folders, a small dataset, child processes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewConcept, NewSample } from '../../../src/core/model';
import { FinerStore } from '../../../src/core/store/finerStore';

export function makeTempDir(): { dir: string; dbPath: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'finer-store-'));
  return {
    dir,
    dbPath: join(dir, '.finer-lens', 'finer.db'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** 12 birds in 2 coarse and 4 fine classes, plus one dog without coarse label. */
export function smallSamples(): NewSample[] {
  const classes: [string, string[], string[]][] = [
    ['Bird', ['Owl'], ['Great Horned Owl', 'Bubo virginianus']],
    ['Bird', ['Owl'], ['Barn Owl']],
    ['Bird', ['Warbler', 'Wood-warbler'], ['Yellow Warbler']],
    ['Bird', ['Warbler'], ['Hooded Warbler']],
  ];
  const samples: NewSample[] = [];
  for (let idx = 0; idx < 12; idx++) {
    const [superordinate, coarse, fine] = classes[idx % classes.length]!;
    samples.push({
      idx,
      imagePath: `images/${idx}.jpg`,
      superordinate,
      coarse,
      fine,
      split: 'test',
      metadata: { source: 'unit', n: idx },
    });
  }
  samples.push({
    idx: 12,
    imagePath: 'images/12.jpg',
    superordinate: 'Dog',
    coarse: [],
    fine: ['Shih-Tzu'],
    split: 'test',
    metadata: {},
  });
  return samples;
}

export function smallConcepts(): NewConcept[] {
  return [
    {
      name: 'great horned owl',
      sourceId: 1,
      commonName: null,
      required: ['ear tufts', 'yellow eyes'],
      likely: ['barred chest'],
    },
    { name: 'Tyto alba', sourceId: 2, commonName: 'Barn Owl', required: ['heart-shaped face'], likely: [] },
    { name: 'Yellow Warbler', sourceId: 3, commonName: null, required: [], likely: [] },
  ];
}

export async function importSmall(store: FinerStore, name = 'birds'): Promise<number> {
  const { datasetId } = await store.importDataset(
    { name, rootDir: '/data/birds', format: 'finer', split: 'test' },
    async (sink) => {
      smallSamples().forEach((s) => sink.addSample(s));
      smallConcepts().forEach((c) => sink.addConcept(c));
    },
  );
  return datasetId;
}

export async function createSmallDb(dbPath: string): Promise<void> {
  const store = await FinerStore.open(dbPath);
  await importSmall(store);
  await store.close();
}

/** Path of the bundled child script (dist/test/support/storeChild.js). */
export const STORE_CHILD = join(__dirname, '..', '..', 'support', 'storeChild.js');

export interface ChildRun {
  /** Resolves when the child exits, with everything it printed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Acknowledged tag names so far, e.g. "a-3". */
  acked: string[];
  kill(): void;
  onLine(listener: (line: string) => void): void;
}

/** How long a child that printed "done" gets to exit before it is taken for stuck in Node's exit. */
const CHILD_EXIT_GRACE_MS = 15_000;

export function runChild(args: string[]): ChildRun {
  const child = spawn(process.execPath, [STORE_CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  let stdout = '';
  let stderr = '';
  let partial = '';
  const prefix = args[2] ?? '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^acked (\d+)/.exec(line);
      if (match) acked.push(`${prefix}-${match[1]}`);
      listeners.forEach((l) => l(line));
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // "done" is printed after the child's store is closed: its work is complete and durable. Node
  // 20 can then deadlock inside its own exit (the main thread drains V8's background tasks while
  // a compile task waits for a GC on the main thread; nodejs/node#54918, seen on CI as a writer
  // alive minutes after "done"). Such a child is killed and counted as a clean exit; a child
  // that never prints "done" still has to exit by itself.
  let stuckAtExit: ReturnType<typeof setTimeout> | undefined;
  let doneButStuck = false;
  listeners.push((line) => {
    if (line !== 'done') return;
    stuckAtExit = setTimeout(() => {
      process.stderr.write(
        `[storeChild ${args.join(' ')}] printed "done" but did not exit in 15 s; killed\n`,
      );
      doneButStuck = true;
      child.kill('SIGKILL');
    }, CHILD_EXIT_GRACE_MS);
  });
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) =>
    child.on('close', (code, signal) => {
      if (stuckAtExit) clearTimeout(stuckAtExit);
      resolve(doneButStuck ? { code: 0, signal: null, stdout, stderr } : { code, signal, stdout, stderr });
    }),
  );
  return {
    exited,
    acked,
    kill: () => child.kill('SIGKILL'),
    onLine: (listener) => listeners.push(listener),
  };
}

/** All sample-level tags in the store, as a set of names. */
export function allTagNames(store: FinerStore): Set<string> {
  return new Set(
    store
      .listTags()
      .filter((t) => t.count > 0)
      .map((t) => t.name),
  );
}
