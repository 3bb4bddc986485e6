// Native iNaturalist import benchmark: a COCO JSON the size of iNaturalist 2021 val (100k
// images, 10k categories with the full taxonomy fields, 100k annotations, keys in the release's
// order) imported with the image check off (`--no-image-check`: the images do not exist, so no
// file-system call per image). Figures: the import into a fresh store; the importer alone (rows
// discarded); the floors: reading the file's bytes, and a plain streaming parse (the same
// tokenizer, every element JSON.parsed, nothing kept); and JSON.parse of the whole file.
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamCocoArrays } from '../src/core/import/native/cocoJsonStream';
import { importNativeDataset } from '../src/core/import/native/nativeImporter';
import type { ImportTarget } from '../src/core/import/importRun';
import { FinerStore } from '../src/core/store/finerStore';

const IMAGES = 100_000;
const CATEGORIES = 10_000;
const SUPER = ['Plants', 'Insects', 'Birds', 'Fungi', 'Reptiles', 'Mammals', 'Amphibians', 'Mollusks'];

function hex(n: number, width: number): string {
  return (n >>> 0).toString(16).padStart(width, '0').slice(-width);
}

function writeValJson(file: string): void {
  const categories = [];
  for (let c = 0; c < CATEGORIES; c++) {
    const genus = `Genus${Math.floor(c / 4)}`;
    const family = `Family${Math.floor(c / 40)}ae`;
    const order = `Order${Math.floor(c / 400)}`;
    const cls = `Class${Math.floor(c / 2000)}`;
    const phylum = `Phylum${Math.floor(c / 5000)}`;
    const kingdom = c < 4000 ? 'Plantae' : 'Animalia';
    const epithet = `epithet${c}`;
    categories.push({
      id: c,
      name: `${genus} ${epithet}`,
      common_name: `Common species ${c}`,
      supercategory: SUPER[Math.floor(c / 1250)] ?? 'Plants',
      kingdom,
      phylum,
      class: cls,
      order,
      family,
      genus,
      specific_epithet: epithet,
      image_dir_name: `${String(c).padStart(5, '0')}_${kingdom}_${phylum}_${cls}_${order}_${family}_${genus}_${epithet}`,
      image_dir_name_short: `${String(c).padStart(5, '0')}`,
    });
  }
  const images = [];
  const annotations = [];
  for (let i = 0; i < IMAGES; i++) {
    const c = i % CATEGORIES;
    const uuid = `${hex(i * 2654435761, 8)}-${hex(i, 4)}-4${hex(i * 7, 3)}-8${hex(i * 13, 3)}-${hex(i * 97, 12)}`;
    images.push({
      id: i + 1,
      width: 500,
      height: 375,
      file_name: `val/${categories[c]?.image_dir_name ?? ''}/${uuid}.jpg`,
      license: 1,
      rights_holder: `observer ${i % 977}`,
      date: '2019-06-12 09:41:00+00:00',
      latitude: 40.1 + (i % 100) / 1000,
      longitude: -105.2 - (i % 100) / 1000,
      location_uncertainty: 10,
    });
    annotations.push({ id: i + 1, image_id: i + 1, category_id: c });
  }
  const doc = {
    info: { year: 2021, version: '2021' },
    images,
    categories,
    annotations,
    licenses: [{ id: 1, name: 'CC BY' }],
  };
  writeFileSync(file, JSON.stringify(doc));
}

const discardingTarget: ImportTarget = {
  async importDataset(_meta, fill) {
    let samples = 0;
    await fill({ addSample: () => samples++, addConcept: () => undefined });
    return { datasetId: 0, samples, concepts: 0 };
  },
};

async function readOnlyMs(file: string): Promise<number> {
  const started = performance.now();
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
    bytes += (chunk as Buffer).length;
  if (bytes === 0) throw new Error('empty file');
  return performance.now() - started;
}

async function streamParseMs(file: string): Promise<number> {
  const started = performance.now();
  let elements = 0;
  const result = await streamCocoArrays(
    file,
    new Set(['images', 'annotations', 'categories']),
    () => elements++,
  );
  if (result.problem || elements !== 2 * IMAGES + CATEGORIES)
    throw new Error(`stream parse read ${elements} elements`);
  return performance.now() - started;
}

function best(values: number[]): number {
  return Math.min(...values);
}

export async function runInatImportBench(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'finer-inat-bench-'));
  try {
    const file = join(dir, 'val.json');
    writeValJson(file);
    const readMs = best([await readOnlyMs(file), await readOnlyMs(file), await readOnlyMs(file)]);
    const parseMs = best([await streamParseMs(file), await streamParseMs(file), await streamParseMs(file)]);
    const wholeStarted = performance.now();
    JSON.parse(readFileSync(file, 'utf8'));
    const wholeParseMs = performance.now() - wholeStarted;

    const options = { format: 'inat' as const, folder: dir, split: 'val', checkImages: false };
    const importerOnly = await importNativeDataset(discardingTarget, options);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const store = await FinerStore.open(join(dir, 'finer.db'));
    let importMs: number;
    let imported: number;
    let heapAfter: number;
    try {
      const started = performance.now();
      const summary = await importNativeDataset(store, options);
      importMs = performance.now() - started;
      heapAfter = process.memoryUsage().heapUsed;
      imported = summary.imported;
      if (summary.errors > 0)
        throw new Error(`bench import reported problems: ${JSON.stringify(summary.issues.slice(0, 3))}`);
    } finally {
      await store.close();
    }
    return {
      'inat.images': imported,
      'inat.categories': CATEGORIES,
      'inat.jsonMb': statSync(file).size / 1e6,
      'inat.readBytesMs': readMs,
      'inat.streamParseMs': parseMs,
      'inat.wholeFileJsonParseMs': wholeParseMs,
      'inat.importerWithoutStoreMs': importerOnly.durationMs,
      'inat.importMs': importMs,
      'inat.ratioToStreamParse': importMs / parseMs,
      'inat.heapGrowthMb': (heapAfter - heapBefore) / 1e6,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
