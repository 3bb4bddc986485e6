// Resource bombs in import files, as a user meets them through `finer-lens import`: a huge row,
// a huge label list, deeply nested metadata, a dataset too large for the database. Each bad row
// is reported as file:line and skipped; the rows around it are kept.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSizeLimitError } from '../../../src/core/import/databaseSizeBudget';
import { importFinerDataset } from '../../../src/core/import/finerImporter';
import { scoreJsonlFile } from '../../../src/core/scoring/scoreJsonl';
import { FinerStore } from '../../../src/core/store/finerStore';
import { runCliChild } from './cliChild';
import { finerRow } from './finerRows';

interface Summary {
  imported: number;
  skipped: number;
  errors: number;
  warnings: number;
  concepts: number;
}

describe('CLI import: resource limits per row', function () {
  this.timeout(60_000);
  let dir: string;
  let db: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'finer-cli-limits-'));
    db = join(dir, 'finer.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const importFile = async (
    format: 'finer' | 'manifest',
    files: string[],
    env: Record<string, string> = {},
  ): Promise<{ summary: Summary; stderr: string; code: number | null }> => {
    const result = await runCliChild(
      ['import', '--format', format, ...files, '--no-image-check', '--db', db, '--json'],
      env,
    );
    assert.equal(result.code, 0, result.stderr);
    return { summary: JSON.parse(result.stdout) as Summary, stderr: result.stderr, code: result.code };
  };

  it('skips a 5 MB FINER line with "row is 5 MB, over the limit of 4 MB" and keeps the others', async () => {
    const file = join(dir, 'unified-big-test-combined.jsonl');
    writeFileSync(
      file,
      [finerRow(0), finerRow(1, { metadata: { blob: 'x'.repeat(5 * 1024 * 1024) } }), finerRow(2)].join('\n'),
    );
    const { summary, stderr } = await importFile('finer', [file]);
    assert.deepEqual([summary.imported, summary.skipped], [2, 1]);
    assert.match(stderr, /unified-big-test-combined\.jsonl:2: error: row is 5 MB, over the limit of 4 MB/);
  });

  it('reads a CSV with a 50 MB field in a 300 MB heap, skipping that row only', async () => {
    const file = join(dir, 'big.csv');
    writeFileSync(
      file,
      `image,superordinate,coarse,fine,note\na.png,Bird,Warbler,Pine Warbler,ok\n` +
        `b.png,Bird,Warbler,Pine Warbler,"${'a'.repeat(50 * 1024 * 1024)}"\nc.png,Bird,Warbler,Pine Warbler,ok\n`,
    );
    const { summary, stderr } = await importFile('manifest', [file], {
      NODE_OPTIONS: '--max-old-space-size=300',
    });
    assert.deepEqual([summary.imported, summary.skipped], [2, 1]);
    assert.match(stderr, /big\.csv:3: error: row is 50 MB, over the limit of 4 MB/);
  });

  it('reports an attributes entry over 4 MB by index and line and keeps the other concepts', async () => {
    const rows = join(dir, 'unified-attrs-test-combined.jsonl');
    writeFileSync(rows, [finerRow(0), finerRow(1, { 'fine-level-lbl': ['Palm Warbler'] })].join('\n'));
    const attributes = join(dir, 'parsed-attrs-m-wiki-text-combined.json');
    const entry = (name: string, required: string[]): string =>
      JSON.stringify({ id: 0, name, attr_binomial: { required, likely: [] } });
    writeFileSync(
      attributes,
      `[\n${entry('Pine Warbler', ['yellow throat'])},\n${entry('Palm Warbler', ['y'.repeat(5 * 1024 * 1024)])}\n]\n`,
    );
    const { summary, stderr } = await importFile('finer', [rows, attributes]);
    assert.equal(summary.concepts, 1);
    assert.match(
      stderr,
      /parsed-attrs-m-wiki-text-combined\.json:3: error \[\[1\]\]: row is 5 MB, over the limit/,
    );
  });

  it('reports an over-long line of a JSONL file to score by its line', async () => {
    const file = join(dir, 'predictions.jsonl');
    const line = (prediction: string): string => JSON.stringify({ prediction, labels: ['Pine Warbler'] });
    writeFileSync(
      file,
      [line('Pine Warbler'), line('p'.repeat(5 * 1024 * 1024)), line('Palm Warbler')].join('\n'),
    );
    const report = await scoreJsonlFile(file);
    assert.equal(report.lines.length, 2);
    assert.deepEqual(
      report.issues.map((i) => [i.line, i.reason]),
      [[2, 'row is 5 MB, over the limit of 4 MB; row skipped']],
    );
  });

  it('refuses a fine-label list over 1000 entries, naming the row and field, and keeps the others', async () => {
    const file = join(dir, 'unified-labels-test-combined.jsonl');
    const many = Array.from({ length: 20_000 }, (_, i) => `Label ${i}`);
    // 1000 entries (at the limit) with repeats is fine: repeats are dropped.
    const atLimit = Array.from({ length: 1000 }, (_, i) => `Label ${i % 10}`);
    writeFileSync(
      file,
      [finerRow(0), finerRow(1, { 'fine-level-lbl': many }), finerRow(2, { 'fine-level-lbl': atLimit })].join(
        '\n',
      ),
    );
    const { summary, stderr } = await importFile('finer', [file]);
    assert.deepEqual([summary.imported, summary.skipped], [2, 1]);
    assert.match(
      stderr,
      /unified-labels-test-combined\.jsonl:2: error \[fine-level-lbl\]: 20000 labels, over the limit of 1000 per level/,
    );
  });

  it('reports metadata nested 5000 deep as file:line [metadata] and imports the other rows', async () => {
    const file = join(dir, 'unified-deep-test-combined.jsonl');
    let deep = '1';
    for (let i = 0; i < 5000; i++) deep = `{"a":${deep}}`;
    const nested = finerRow(1).replace('"metadata":{}', `"metadata":${deep}`);
    writeFileSync(file, [finerRow(0), nested, finerRow(2, { metadata: { a: { b: { c: 1 } } } })].join('\n'));
    const { summary, stderr } = await importFile('finer', [file]);
    assert.deepEqual([summary.imported, summary.skipped], [2, 1]);
    assert.match(
      stderr,
      /unified-deep-test-combined\.jsonl:2: error \[metadata\]: nested more than 32 levels deep/,
    );
  });
});

describe('import: database size limit', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'finer-size-limit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses early, naming the limit, when the file would take the database over it', async () => {
    const file = join(dir, 'unified-large-test-combined.jsonl');
    const rows = 60_000;
    const lines: string[] = [];
    for (let i = 0; i < rows; i++) lines.push(finerRow(i, { metadata: { note: `row ${i} `.repeat(8) } }));
    writeFileSync(file, lines.join('\n'));
    const store = await FinerStore.open(join(dir, 'finer.db'));
    try {
      const error = await importFinerDataset(store, {
        unifiedFile: file,
        checkImages: false,
        maxDatabaseBytes: 4 * 1024 * 1024,
      }).then(
        () => undefined,
        (err: unknown) => err,
      );
      assert.ok(error instanceof DatabaseSizeLimitError, `expected the size limit, got ${String(error)}`);
      assert.match(error.message, /would make the database about \d+ MB, over the limit of 4 MB/);
      assert.ok(error.projectedBytes > 4 * 1024 * 1024);
      assert.match(error.message, /Stopped after (\d+) rows; nothing was written/);
      const stoppedAfter = Number(/Stopped after (\d+) rows/.exec(error.message)?.[1]);
      assert.ok(stoppedAfter < rows / 2, `stopped after ${stoppedAfter} of ${rows} rows`);
      assert.deepEqual(store.listDatasets(), []);
    } finally {
      await store.close();
    }
  });
});
