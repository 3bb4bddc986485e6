// Answer -> class resolution at iNaturalist-2021-val scale: 100k answers against 10k fine classes
// (2 labels each: a binomial and a common name) in 500 coarse groups. Figures: building the class
// index, resolving the answers in the core, and schema 6's backfill of a 100k-prediction run
// stored by schema 5 (what opening an old database costs once). Returns figures; prints nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FinerStore } from '../src/core/store/finerStore';
import { newRunRecord, predictionRow } from '../test/support/runRecords';
import { ClassIndex, classPathOf } from '../src/core/scoring/classResolution';
import type { LevelLabels } from '../src/core/scoring/finerMetrics';
import { MIGRATIONS, migrate } from '../src/core/store/schema';
import { loadSqlJs } from '../src/core/store/sqlJsLoader';

const CLASSES = 10_000;
const ANSWERS = 100_000;
const GROUP = 20;

const SYLLABLES = [
  'ca',
  'lo',
  'mi',
  'ter',
  'pha',
  'ru',
  'nes',
  'do',
  'vi',
  'gla',
  'tor',
  'zen',
  'bu',
  'qui',
  'sel',
];
const ADJECTIVES = [
  'Great',
  'Lesser',
  'Northern',
  'Spotted',
  'Crested',
  'Yellow',
  'Red',
  'Dusky',
  'Pale',
  'Giant',
];
const NOUNS = ['Owl', 'Warbler', 'Sparrow', 'Fern', 'Beetle', 'Moth', 'Orchid', 'Shrew', 'Toad', 'Sedge'];

function word(n: number, parts: number): string {
  let s = '';
  for (let i = 0; i < parts; i++) {
    s += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return s;
}

/** Class `c`: a made-up binomial and common name; its coarse group is c / 20. */
function classLabels(c: number): LevelLabels {
  const group = Math.floor(c / GROUP);
  const genus = word(group + 7, 3);
  // Four syllables in base 15 name 50,625 classes uniquely.
  const common = `${ADJECTIVES[c % ADJECTIVES.length]} ${word(c, 4)} ${NOUNS[group % NOUNS.length]}`;
  return {
    superordinate: ['Bird', 'Plant', 'Insect', 'Fungus', 'Mammal'][group % 5] ?? 'Bird',
    coarse: [`${genus[0]?.toUpperCase()}${genus.slice(1)}`],
    fine: [`${genus} ${word(c + 17, 4)}`, common],
  };
}

/** A mix of what models answer: exact names, names inside a sentence, off-list and ambiguous text. */
function answerFor(i: number, classes: LevelLabels[]): string {
  const guess = classes[(i * 7919) % CLASSES]!;
  switch (i % 10) {
    case 0:
    case 1:
    case 2:
    case 3:
      return guess.fine[i % 2] ?? '';
    case 4:
    case 5:
    case 6:
      return `The organism in this image appears to be a ${guess.fine[1]}, judging by its markings.`;
    case 7:
    case 8:
      return `I cannot tell exactly; it looks like some kind of ${NOUNS[i % NOUNS.length]?.toLowerCase()}.`;
    default:
      return `${classes[i % CLASSES]!.fine[1]} or ${guess.fine[1]}`;
  }
}

async function backfillFigures(classes: LevelLabels[], answers: string[]): Promise<Record<string, number>> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  migrate(
    db,
    'bench',
    MIGRATIONS.filter((m) => m.version <= 5),
  );
  db.run(
    "INSERT INTO datasets (id, name, root_dir, format, split, created_at, sample_count) VALUES (1, 'inat', '/d', 'finer', 'val', 'now', ?)",
    [ANSWERS],
  );
  db.run(
    "INSERT INTO runs (id, dataset_id, name, strategy, level, model, status, created_at) VALUES (1, 1, 'r', 'direct', 'fine', 'm', 'done', 'now')",
  );
  db.run('BEGIN');
  const sample = db.prepare(
    `INSERT INTO samples (id, dataset_id, idx, image_path, superordinate, coarse_json, fine_json, coarse_primary,
       fine_primary, split) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, 'val')`,
  );
  const prediction = db.prepare(
    "INSERT INTO predictions (run_id, sample_id, level, answer, finer_em, strict_em, created_at) VALUES (1, ?, 'fine', ?, 0, 0, 'now')",
  );
  for (let i = 0; i < ANSWERS; i++) {
    const labels = classes[i % CLASSES]!;
    const path = classPathOf(labels);
    sample.run([
      i + 1,
      i,
      `val/${i}.jpg`,
      labels.superordinate,
      JSON.stringify(labels.coarse),
      JSON.stringify(labels.fine),
      path.coarse,
      path.fine,
    ]);
    prediction.run([i + 1, answers[i] ?? '']);
  }
  sample.free();
  prediction.free();
  db.run('COMMIT');
  const start = performance.now();
  migrate(db, 'bench');
  const backfillMs = performance.now() - start;
  const resolved = Number(
    db.exec('SELECT count(*) FROM predictions WHERE resolution_rule IS NOT NULL')[0]?.values[0]?.[0],
  );
  db.close();
  return { 'resolution.backfillMs': Math.round(backfillMs), 'resolution.backfillResolved': resolved };
}

/** Saving a 100k-result run into a real store: the store resolves every answer as it writes. */
async function storeSaveFigures(classes: LevelLabels[], answers: string[]): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'finer-resolution-bench-'));
  try {
    const store = await FinerStore.open(join(dir, 'finer.db'));
    const { datasetId } = await store.importDataset(
      { name: 'inat', rootDir: '/data/inat', format: 'finer', split: 'val' },
      async (sink) => {
        for (let i = 0; i < ANSWERS; i++) {
          const labels = classes[i % CLASSES]!;
          sink.addSample({
            idx: i,
            imagePath: `val/${i}.jpg`,
            split: 'val',
            metadata: {},
            ...labels,
            coarse: [...labels.coarse],
            fine: [...labels.fine],
          });
        }
      },
    );
    const firstId = store.samplesOfSlice(datasetId, { kind: 'dataset', limit: 1 })[0]?.id ?? 1;
    const runId = store.createRun(newRunRecord(datasetId));
    const rows = answers.map((answer, i) =>
      predictionRow(firstId + i, 'fine', { answer, finerEm: 0, strictEm: 0, f1: 0 }),
    );
    const start = performance.now();
    await store.saveRunResults(runId, rows);
    const saveMs = performance.now() - start;
    const severity = store.runSeverityBreakdown(runId);
    await store.close();
    return {
      'resolution.storeSave100kMs': Math.round(saveMs),
      'resolution.storeSiblings': severity.counts.sibling,
      'resolution.storeCousins': severity.counts.cousin,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runClassResolutionBench(): Promise<Record<string, number>> {
  const classes = Array.from({ length: CLASSES }, (_, c) => classLabels(c));
  const answers = Array.from({ length: ANSWERS }, (_, i) => answerFor(i, classes));
  const buildStart = performance.now();
  // One label set per sample, as the store reads them (10 samples per class).
  const index = ClassIndex.fromLabelSets(Array.from({ length: ANSWERS }, (_, i) => classes[i % CLASSES]!));
  const buildMs = performance.now() - buildStart;
  for (let i = 0; i < 2000; i++) index.resolve(answers[i] ?? '', 'fine'); // JIT warm-up
  const counts = { exact: 0, contains: 0, ambiguous: 0, 'off-list': 0 };
  const start = performance.now();
  for (const a of answers) counts[index.resolve(a, 'fine').rule]++;
  const resolveMs = performance.now() - start;
  return {
    'resolution.classes': index.fineClassCount,
    'resolution.answers': ANSWERS,
    'resolution.indexBuildMs': Math.round(buildMs),
    'resolution.resolveMs': Math.round(resolveMs),
    'resolution.answersPerSecond': Math.round(ANSWERS / (resolveMs / 1000)),
    'resolution.exact': counts.exact,
    'resolution.contains': counts.contains,
    'resolution.ambiguous': counts.ambiguous,
    'resolution.offList': counts['off-list'],
    ...(await backfillFigures(classes, answers)),
    ...(await storeSaveFigures(classes, answers)),
  };
}
