// `finer-lens import` and `finer-lens stats` as a user runs them: child processes of dist/cli.js
// on the bundled sample dataset and on manifests with bad rows.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_ROOT } from '../simulator/sampleBirdsFixture';
import { runCliChild } from './cliChild';

const UNIFIED = join(SAMPLE_ROOT, 'unified-sample-birds-test-combined.jsonl');
const ATTRIBUTES = join(SAMPLE_ROOT, 'parsed-sample-birds-reference-wiki-text-combined.json');

interface StatsJson {
  schemaVersion: number;
  datasets: {
    name: string;
    samples: number;
    distinct: { superordinate: number; coarse: number; fine: number };
    conceptsWithAttributes: number;
  }[];
}

describe('CLI import and stats', function () {
  this.timeout(0);
  let dir: string;
  let db: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'finer-cli-import-'));
    db = join(dir, '.finer-lens', 'finer.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('imports the FINER-format sample dataset and reports it in stats --json', async () => {
    const imported = await runCliChild([
      'import',
      '--format',
      'finer',
      UNIFIED,
      ATTRIBUTES,
      '--name',
      'sample-birds',
      '--db',
      db,
      '--json',
    ]);
    assert.equal(imported.code, 0, imported.stderr);
    const summary = JSON.parse(imported.stdout) as { imported: number; skipped: number; concepts: number };
    assert.deepEqual([summary.imported, summary.skipped, summary.concepts], [98, 0, 14]);

    const stats = await runCliChild(['stats', '--db', db, '--json']);
    assert.equal(stats.code, 0, stats.stderr);
    const parsed = JSON.parse(stats.stdout) as StatsJson;
    assert.ok(parsed.schemaVersion >= 1);
    assert.deepEqual(parsed.datasets, [
      {
        ...parsed.datasets[0],
        name: 'sample-birds',
        samples: 98,
        distinct: { superordinate: 1, coarse: 4, fine: 14 },
        conceptsWithAttributes: 14,
      },
    ]);

    // The stock sqlite3 CLI reads the same file (the import folds its journal into it).
    const count = execFileSync('sqlite3', [db, 'select count(*) from samples'], { encoding: 'utf8' });
    assert.equal(count.trim(), '98');
  });

  it('keeps the valid rows of a manifest and names file:line of each bad one on stderr', async () => {
    const image = join(SAMPLE_ROOT, 'images', 'azure-crowned-warbler', '0.png');
    const manifest = join(dir, 'manifest.csv');
    writeFileSync(
      manifest,
      [
        'image,superordinate,coarse,fine',
        `${image},Bird,Warbler,Azure-crowned Warbler`,
        `${image},Bird,,`,
        'missing.png,Bird,Warbler,Azure-crowned Warbler',
        `${join(SAMPLE_ROOT, 'images', 'azure-crowned-warbler', '1.png')},Bird,"Warbler|Songbird","Azure-crowned Warbler"`,
      ].join('\r\n'),
    );
    const result = await runCliChild([
      'import',
      '--format',
      'manifest',
      manifest,
      '--images',
      SAMPLE_ROOT,
      '--db',
      db,
      '--json',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as { imported: number; skipped: number };
    assert.deepEqual([summary.imported, summary.skipped], [2, 2]);
    assert.match(result.stderr, /manifest\.csv:3: error \[coarse\]: empty label/);
    assert.match(result.stderr, /manifest\.csv:4: error \[image\]: image not found: .*missing\.png/);
  });

  it('honours --no-image-check for a manifest as for a FINER file', async () => {
    const manifest = join(dir, 'unchecked.jsonl');
    writeFileSync(
      manifest,
      `${JSON.stringify({ image: 'not-there.png', superordinate: 'Bird', coarse: 'Warbler', fine: 'Azure-crowned Warbler' })}\n`,
    );
    const result = await runCliChild([
      'import',
      '--format',
      'manifest',
      manifest,
      '--no-image-check',
      '--db',
      db,
      '--json',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as { imported: number; errors: number };
    assert.deepEqual([summary.imported, summary.errors], [1, 0]);
  });

  it('fails with exit code 1 and a message naming the file when nothing can be imported', async () => {
    const broken = join(dir, 'unified-broken-test-combined.jsonl');
    writeFileSync(broken, '{not json\n');
    const result = await runCliChild(['import', '--format', 'finer', broken, '--db', db]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /unified-broken-test-combined\.jsonl/);
  });

  it('uses exit code 2 for usage errors and 1 for a missing database in stats', async () => {
    const usage = await runCliChild(['import', '--format', 'finer', UNIFIED]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--db/);
    const badFormat = await runCliChild(['import', '--format', 'parquet', UNIFIED, '--db', db]);
    assert.equal(badFormat.code, 2);
    const missing = await runCliChild(['stats', '--db', join(dir, 'nope.db')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.db/);
  });

  it('refuses a corrupt database file with a clear error and leaves its bytes untouched', async () => {
    const corrupt = join(dir, 'corrupt.db');
    writeFileSync(corrupt, 'this is not a database\n');
    const result = await runCliChild(['stats', '--db', corrupt]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /corrupt\.db/);
    assert.equal(readFileSync(corrupt, 'utf8'), 'this is not a database\n');
  });
});
