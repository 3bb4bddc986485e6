// A store with a small bird dataset whose images exist on disk, two runs (fine; coarse + fine)
// scored by the real scorer, and a few tags: what the FiftyOne / Label Studio tests export.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabelLevel, Sample } from '../../../src/core/model';
import { acceptableLabels, scorePrediction } from '../../../src/core/scoring/finerMetrics';
import { FinerStore } from '../../../src/core/store/finerStore';
import { newRunRecord, predictionRow } from '../../support/runRecords';
import { smallSamples } from '../store/storeTestKit';

export interface InteropFixture {
  dir: string;
  root: string;
  dbPath: string;
  store: FinerStore;
  datasetId: number;
  samples: Sample[];
  fineRun: number;
  twoLevelRun: number;
  cleanup(): Promise<void>;
}

/** The smallest valid PNG (1x1), so the files are real images. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export function scoredRow(sample: Sample, level: LabelLevel, answer: string) {
  const s = scorePrediction(answer, acceptableLabels(level, sample));
  return predictionRow(sample.id, level, { answer, rawResponse: `Answer: ${answer}`, ...s });
}

export async function makeInteropFixture(): Promise<InteropFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'finer-interop-'));
  // A space and a non-ASCII letter in the folder: URLs and paths must survive them.
  const root = join(dir, 'data sets', 'vögel');
  const dbPath = join(dir, 'finer.db');
  const store = await FinerStore.open(dbPath);
  const rows = smallSamples();
  for (const s of rows) {
    mkdirSync(join(root, 'images'), { recursive: true });
    writeFileSync(join(root, s.imagePath), PNG);
  }
  const { datasetId } = await store.importDataset(
    { name: 'birds', rootDir: root, format: 'finer', split: 'test' },
    async (sink) => rows.forEach((s) => sink.addSample(s)),
  );
  const samples = store.samplesOfSlice(datasetId, { kind: 'dataset' });
  const fineRun = store.createRun(newRunRecord(datasetId, { name: 'direct fine', model: 'sim-a' }));
  const fineAnswers = ['Barn Owl', 'Barn Owl', 'Hooded Warbler', 'some finch'];
  await store.saveRunResults(fineRun, [
    ...samples.slice(0, 12).map((s) => scoredRow(s, 'fine', fineAnswers[s.idx % 4]!)),
    predictionRow(samples[12]!.id, 'fine', { error: 'timeout: no answer' }),
  ]);
  const twoLevelRun = store.createRun(
    newRunRecord(datasetId, {
      name: 'attrseek',
      model: 'sim-b',
      strategy: 'attrseek',
      levels: ['coarse', 'fine'],
    }),
  );
  await store.saveRunResults(
    twoLevelRun,
    samples.flatMap((s) => [scoredRow(s, 'coarse', 'Owl'), scoredRow(s, 'fine', s.fine[0] ?? '')]),
  );
  store.setSampleTag(samples[0]!.id, 'label-noise', true);
  store.addTag(samples[0]!.id, 'check later');
  store.setSampleTag(samples[2]!.id, 'sibling-confusion', true, fineRun);
  return {
    dir,
    root,
    dbPath,
    store,
    datasetId,
    samples,
    fineRun,
    twoLevelRun,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a python3 (stdlib only) script with arguments; its stdout is JSON. */
export function python<T>(script: string, ...args: string[]): T {
  return JSON.parse(execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8' })) as T;
}
