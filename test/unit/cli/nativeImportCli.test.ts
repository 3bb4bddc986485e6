// `finer-lens import --format auto|inat FOLDER` and `finer-lens runs --taxonomy` as a user runs
// them: the built CLI as a child process, a real database, the simulated LVLM over HTTP.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogFromStore } from '../../../src/core/runs/catalogFromStore';
import { startSimulatedLvlmServer } from '../../../src/core/simulator/simulatedLvlmServer';
import { FinerStore } from '../../../src/core/store/finerStore';
import { writeAircraftFolder, writeInatFolder } from '../import/native/nativeFixtures';
import { runCliChild } from './cliChild';

describe('finer-lens import of dataset folders, and taxonomy scores in finer-lens runs', function () {
  this.timeout(0); // child processes and SQLite; speed is measured by the benchmark
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'finer-native-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('detects the layout, says what it found and where each level came from', async () => {
    const folder = join(dir, 'aircraft', 'fgvc-aircraft-2013b');
    writeAircraftFolder(folder);
    const db = join(dir, 'finer.db');
    const result = await runCliChild(['import', '--format', 'auto', join(dir, 'aircraft'), '--db', db]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /Found FGVC-Aircraft in .*fgvc-aircraft-2013b \(data\/images_variant_test\.txt/,
    );
    assert.match(result.stdout, /Imported dataset "aircraft-test" \(id 1\): 4 samples imported, 0 skipped/);
    assert.match(result.stdout, /coarse: dataset - manufacturer from images_manufacturer \(FINER rule\)/);
    const store = await FinerStore.open(db, { readOnly: true });
    try {
      const [dataset] = store.listDatasets();
      assert.equal(dataset?.format, 'aircraft');
      assert.deepEqual(dataset?.source.taxonomyRanks, ['manufacturer', 'family', 'variant']);
      assert.equal(dataset?.source.levels?.superordinate?.detail, 'Airplane (every sample)');
    } finally {
      await store.close();
    }
  });

  it('an empty folder: exit 1 and what each layout would need', async () => {
    mkdirSync(join(dir, 'empty'));
    const result = await runCliChild([
      'import',
      '--format',
      'auto',
      join(dir, 'empty'),
      '--db',
      join(dir, 'x.db'),
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no known dataset layout found/);
    assert.match(result.stderr, /NABirds: missing images\.txt, image_class_labels\.txt/);
  });

  it('imports iNaturalist, runs a model on it and reports accuracy per taxonomy rank', async () => {
    const folder = join(dir, 'inat');
    writeInatFolder(folder);
    const db = join(dir, 'finer.db');
    const imported = await runCliChild([
      'import',
      '--format',
      'inat',
      folder,
      '--split',
      'val',
      '--db',
      db,
      '--json',
    ]);
    assert.equal(imported.code, 0, imported.stderr);
    const summary = JSON.parse(imported.stdout) as {
      imported: number;
      labelSources: { coarse: { detail: string } };
    };
    assert.equal(summary.imported, 6);
    assert.match(summary.labelSources.coarse.detail, /taxonomy rank "family"/);

    const store = await FinerStore.open(db);
    const { catalog } = await catalogFromStore(store, store.listDatasets());
    await store.close();
    const server = await startSimulatedLvlmServer({ catalog, host: '127.0.0.1', seed: 11 });
    try {
      const run = await runCliChild([
        'run',
        '--db',
        db,
        '--dataset',
        'inat-val',
        '--strategy',
        'direct',
        '--level',
        'fine',
        '--endpoint',
        server.url,
        '--model',
        server.model,
      ]);
      assert.equal(run.code, 0, run.stderr);
    } finally {
      await server.close();
    }
    const runs = await runCliChild(['runs', '--db', db, '--taxonomy', '--json']);
    assert.equal(runs.code, 0, runs.stderr);
    const report = JSON.parse(runs.stdout) as {
      runs: {
        metrics: { level: string; strict_em: number; finer_em: number; scored: number }[];
        taxonomy: {
          samples: number;
          byRank: { rank: string; correct: number; samples: number }[];
          hierarchical: { f1: number };
        };
      }[];
    };
    const [only] = report.runs;
    assert.ok(only?.taxonomy, 'a run on iNaturalist has taxonomy scores');
    const tax = only.taxonomy;
    assert.equal(tax.samples, 6);
    assert.deepEqual(
      tax.byRank.map((r) => r.rank),
      ['kingdom', 'phylum', 'class', 'order', 'family', 'genus', 'species'],
    );
    for (let i = 1; i < tax.byRank.length; i++)
      assert.ok(
        (tax.byRank[i]?.correct ?? 0) <= (tax.byRank[i - 1]?.correct ?? 0),
        'a deeper rank is never more often right',
      );
    // Strict EM <= species accuracy <= FINER EM: an exact answer resolves to its species, and a
    // species found in the answer is also a FINER (substring) match.
    const fine = only.metrics.find((m) => m.level === 'fine');
    const species = tax.byRank.at(-1)?.correct ?? -1;
    assert.ok(fine);
    assert.ok(
      Math.round(fine.strict_em * fine.scored) <= species,
      `strict ${fine.strict_em} vs species ${species}`,
    );
    assert.ok(species <= Math.round(fine.finer_em * fine.scored));
    const text = await runCliChild(['runs', '--db', db, '--taxonomy']);
    assert.match(text.stdout, /accuracy per rank: kingdom \d+\.\d%, phylum/);
    assert.match(text.stdout, /hierarchical precision/);
  });
});
