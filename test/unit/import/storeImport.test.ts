// The importers against the real store: rows land in SQLite, a failed import leaves nothing.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../../../src/core/errors';
import { importFinerDataset } from '../../../src/core/import/finerImporter';
import { NoValidRowsError } from '../../../src/core/import/importRun';
import { importManifest } from '../../../src/core/import/manifestImporter';
import { importSampleDataset, SAMPLE_DATASET_NAME } from '../../../src/core/import/sampleDataset';
import { FinerStore } from '../../../src/core/store/finerStore';
import { SAMPLE_ROOT } from '../simulator/sampleBirdsFixture';
import { useTempDir } from './memoryImportTarget';

describe('importers with the real store', function () {
  this.timeout(0); // opens SQLite (WebAssembly) several times; speed is measured by the benchmark
  let store: FinerStore | undefined;
  // Registered before the temp folder's hook so the store closes before its folder goes.
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  const tmp = useTempDir('finer-store-import-');
  const open = async (): Promise<FinerStore> => (store = await FinerStore.open(join(tmp(), 'finer.db')));

  it('imports the bundled sample dataset once, with attributes for every class', async () => {
    const s = await open();
    const first = await importSampleDataset(s, SAMPLE_ROOT);
    assert.equal(first.existing, false);
    assert.equal(first.dataset.name, SAMPLE_DATASET_NAME);
    assert.equal(first.summary?.errors, 0);
    assert.deepEqual(first.summary?.unmatchedClasses, []);
    const stats = s.datasetStats(first.datasetId);
    assert.equal(stats.samples, 98);
    assert.deepEqual(stats.distinct, { superordinate: 1, coarse: 4, fine: 14 });
    assert.equal(stats.conceptsWithAttributes, 14);
    const [warbler] = s.samplesOfClass(
      { datasetId: first.datasetId, superordinate: 'Bird', coarse: 'Warbler', fine: 'Slate-crowned Warbler' },
      0,
      1,
    );
    assert.ok(warbler);
    assert.match(warbler.imagePath, /^images\/slate-crowned-warbler\/\d\.png$/);
    assert.deepEqual(s.conceptForSample(warbler)?.required.slice(0, 1), ['slate-grey crown']);

    const again = await importSampleDataset(s, SAMPLE_ROOT);
    assert.equal(again.existing, true);
    assert.equal(again.datasetId, first.datasetId);
    assert.equal(again.summary, undefined);
    assert.equal(s.listDatasets().length, 1);
  });

  it('stores only the valid rows of a FINER file and rolls back a file with none', async () => {
    mkdirSync(join(tmp(), 'img'));
    writeFileSync(join(tmp(), 'img', 'a.jpg'), 'x');
    const good = JSON.stringify({
      idx: 4,
      'basic-level-lbl': 'Bird',
      'coarse-level-lbl': ['Owl'],
      'fine-level-lbl': ['Barn Owl'],
      img_path: '/far/away/img/a.jpg',
      metadata: { note: 1 },
    });
    const unifiedFile = join(tmp(), 'unified-owls-test-combined.jsonl');
    writeFileSync(unifiedFile, `${good}\n{"idx": 5}\n`);
    const s = await open();
    const summary = await importFinerDataset(s, { unifiedFile });
    assert.equal(summary.imported, 1);
    assert.equal(summary.skipped, 1);
    const dataset = s.findDatasetByName('owls-test');
    assert.ok(dataset);
    assert.equal(dataset.sampleCount, 1);
    const [sample] = s.samplesOfClass(
      { datasetId: dataset.id, superordinate: 'Bird', coarse: 'Owl', fine: 'Barn Owl' },
      0,
      10,
    );
    assert.equal(sample?.imagePath, 'img/a.jpg');
    assert.equal(sample?.idx, 4);
    assert.deepEqual(sample?.metadata, { note: 1 });

    const badFile = join(tmp(), 'bad.jsonl');
    writeFileSync(badFile, '{"idx": 0}\n');
    await assert.rejects(importFinerDataset(s, { unifiedFile: badFile }), NoValidRowsError);
    assert.equal(s.findDatasetByName('bad'), undefined);
    assert.equal(s.listDatasets().length, 1);
  });

  it('refuses a second dataset of the same name without touching the first', async () => {
    writeFileSync(join(tmp(), 'a.png'), 'x');
    const manifestFile = join(tmp(), 'm.csv');
    writeFileSync(manifestFile, 'image,superordinate,coarse,fine\na.png,Bird,Owl,Barn Owl\n');
    const s = await open();
    await importManifest(s, { manifestFile });
    await assert.rejects(importManifest(s, { manifestFile }), StoreError);
    assert.equal(s.listDatasets().length, 1);
    assert.equal(s.listDatasets()[0]?.sampleCount, 1);
  });
});
