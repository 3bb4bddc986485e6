// Import benchmark: a FINER-format dataset of 100k samples in 10k fine classes (unified
// JSONL + attributes JSON, iNaturalist-shaped: absolute release paths, [binomial, common]
// fine labels). Images are faked as ONE shared tiny file: every img_path is the same
// absolute release path, re-rooted under the images folder and checked for existence on
// every row. Figures: the import wall time into a fresh store; the floor (reading the same
// file line by line with node:readline + JSON.parse of each line); the importer alone
// (rows discarded); and the store alone (the same 100k rows, already built, inserted).
// Run through `npm run bench`; this module prints nothing itself.
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { importFinerDataset } from '../src/core/import/finerImporter';
import type { ImportTarget } from '../src/core/import/importRun';
import type { NewSample } from '../src/core/model';
import { FinerStore } from '../src/core/store/finerStore';

const SAMPLES = 100_000;
const FINE_CLASSES = 10_000;
const SUPERORDINATES = ['Bird', 'Plant', 'Insect', 'Fungus', 'Mammal', 'Reptile'];
const RELEASE_IMAGE = '/home/finer/data/inaturalist/2021/val/shared/tiny.jpg';
const FLOOR_REPEATS = 3;

export interface BenchStore extends ImportTarget {
  close(): Promise<void>;
}

function writeDataset(dir: string): { unifiedFile: string; attributesFile: string; imagesDir: string } {
  const imagesDir = join(dir, 'inaturalist', '2021');
  mkdirSync(join(imagesDir, 'val', 'shared'), { recursive: true });
  writeFileSync(join(imagesDir, 'val', 'shared', 'tiny.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
  const unifiedFile = join(dir, 'unified-inaturalist-test-combined.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const fine = i % FINE_CLASSES;
    const coarse = Math.floor(fine / 25);
    lines.push(
      JSON.stringify({
        idx: i,
        'basic-level-lbl': SUPERORDINATES[coarse % SUPERORDINATES.length],
        'coarse-level-lbl': [`Coarse group ${coarse}`],
        'fine-level-lbl': [`Genus${fine} species${fine}`, `Common species ${fine}`],
        img_path: RELEASE_IMAGE,
        metadata: { id: 1_000_000 + i, width: 500, height: 375, supercategory: 'Birds' },
      }),
    );
  }
  writeFileSync(unifiedFile, lines.join('\n') + '\n');
  const attributesFile = join(dir, 'parsed-inaturalist-llava-wiki-text-combined.json');
  const concepts = [];
  for (let fine = 0; fine < FINE_CLASSES; fine++) {
    concepts.push({
      id: fine,
      name: `Genus${fine} species${fine}`,
      common_name: `Common species ${fine}`,
      attr_binomial: {
        required: [`distinctive mark ${fine}`, 'rufous crown', 'white wing bars'],
        likely: ['short conical beak', 'none'],
      },
      attr_common: { required: [`distinctive mark ${fine}`], likely: ['forages on the ground'] },
    });
  }
  writeFileSync(attributesFile, JSON.stringify(concepts));
  return { unifiedFile, attributesFile, imagesDir };
}

/** Reading the file line by line and parsing each line: what any JSONL import must pay. */
async function parseFloorMs(file: string): Promise<number> {
  const started = performance.now();
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let parsed = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    JSON.parse(line);
    parsed++;
  }
  if (parsed !== SAMPLES) throw new Error(`floor parsed ${parsed} lines, expected ${SAMPLES}`);
  return performance.now() - started;
}

/** Discards rows: the importer's own cost, without SQLite. */
const discardingTarget: ImportTarget = {
  async importDataset(_meta, fill) {
    let samples = 0;
    let concepts = 0;
    await fill({ addSample: () => samples++, addConcept: () => concepts++ });
    return { datasetId: 0, samples, concepts };
  },
};

/** Inserting the same number of ready-made rows: the store's share of the import time. */
async function storeInsertOnlyMs(
  openStore: (dbPath: string) => Promise<BenchStore>,
  dbPath: string,
): Promise<number> {
  const samples: NewSample[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const fine = i % FINE_CLASSES;
    samples.push({
      idx: i,
      imagePath: 'val/shared/tiny.jpg',
      superordinate: 'Bird',
      coarse: [`Coarse group ${Math.floor(fine / 25)}`],
      fine: [`Genus${fine} species${fine}`, `Common species ${fine}`],
      split: 'test',
      metadata: { id: 1_000_000 + i, width: 500, height: 375, supercategory: 'Birds' },
    });
  }
  const store = await openStore(dbPath);
  try {
    const started = performance.now();
    await store.importDataset(
      { name: 'store-only', rootDir: '/', format: 'finer', split: 'test' },
      async (sink) => {
        for (const sample of samples) sink.addSample(sample);
      },
    );
    return performance.now() - started;
  } finally {
    await store.close();
  }
}

export async function runImportBench(
  openStore: (dbPath: string) => Promise<BenchStore> = (dbPath) => FinerStore.open(dbPath),
): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'finer-import-bench-'));
  try {
    const files = writeDataset(dir);
    const floors: number[] = [];
    for (let i = 0; i < FLOOR_REPEATS; i++) floors.push(await parseFloorMs(files.unifiedFile));
    const floorMs = Math.min(...floors);

    const importerOnly = await importFinerDataset(discardingTarget, { ...files });
    const store = await openStore(join(dir, 'finer.db'));
    let importMs: number;
    let imported: number;
    try {
      const started = performance.now();
      const summary = await importFinerDataset(store, { ...files });
      importMs = performance.now() - started;
      imported = summary.imported;
      if (summary.errors > 0 || summary.unmatchedClasses.length > 0) {
        throw new Error(`bench import reported problems: ${JSON.stringify(summary.issues.slice(0, 3))}`);
      }
    } finally {
      await store.close();
    }
    const storeOnlyMs = await storeInsertOnlyMs(openStore, join(dir, 'store-only.db'));
    return {
      samples: imported,
      fineClasses: FINE_CLASSES,
      unifiedFileMb: statSync(files.unifiedFile).size / 1e6,
      parseFloorMs: floorMs,
      importerWithoutStoreMs: importerOnly.durationMs,
      storeInsertOnlyMs: storeOnlyMs,
      importMs,
      ratioToParseFloor: importMs / floorMs,
      importerRatioToParseFloor: importerOnly.durationMs / floorMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
