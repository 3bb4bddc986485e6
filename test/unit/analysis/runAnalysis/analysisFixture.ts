// A store with the small bird dataset (13 samples, 3 concepts) and four runs written straight into
// it, scored by the real scorer: a direct fine run, a text-only fine probe, an ATTRSEEK coarse +
// fine run with attribute lists, and a run of another model. The expected figures are worked out
// by hand in the tests next to the answers.
import type { LabelLevel, ReviewSlice, Sample } from '../../../../src/core/model';
import type { PredictionRow } from '../../../../src/core/runs/runTypes';
import { acceptableLabels, scorePrediction } from '../../../../src/core/scoring/finerMetrics';
import { FinerStore } from '../../../../src/core/store/finerStore';
import { newRunRecord, predictionRow } from '../../../support/runRecords';
import { importSmall, makeTempDir } from '../../store/storeTestKit';

export function scored(
  sample: Sample,
  level: LabelLevel,
  answer: string,
  extra: Partial<PredictionRow> = {},
) {
  const s = scorePrediction(answer, acceptableLabels(level, sample));
  return predictionRow(sample.id, level, { answer, rawResponse: `Answer: ${answer}`, ...s, ...extra });
}

/** Direct fine answers by idx (12 fails): idx % 4 = 0 Great Horned Owl, 1 Barn Owl, 2 Yellow W., 3 Hooded W. */
export const DIRECT_ANSWERS = [
  'Barn Owl', // 0 GHO: wrong, sibling
  'Barn Owl', // 1 right
  'Hooded Warbler', // 2 YW: wrong, sibling
  'Great Horned Owl', // 3 HW: wrong, cousin
  'Barn owl', // 4 GHO: wrong, sibling
  'a barn owl perched', // 5 right
  'Shih-Tzu', // 6 YW: wrong, other
  'some kind of finch', // 7 HW: wrong, off-list
  'Bubo virginianus', // 8 right
  'barn owl or great horned owl', // 9 BO: right
  'yellow warbler', // 10 right
  'yellow warbler or hooded warbler', // 11 HW: right (ambiguous resolution)
];

/** ATTRSEEK fine answers and attribute lists by idx (coarse answers all "Owl"). */
export const ATTRSEEK: Record<number, [string, string[]]> = {
  0: ['Barn Owl', ['ear tufts', 'yellow eyes']], // wrong; names a GHO-only attribute: saw it
  1: ['Barn Owl', ['heart-shaped face']], // right
  4: ['Great Horned Owl', ['long tail feathers']], // right
  5: ['Great Horned Owl', ['pink wings']], // wrong; no Barn Owl-only attribute: never saw it
  8: ['Great Horned Owl', ['ear tufts']], // right
};

export interface AnalysisFixture {
  store: FinerStore;
  dbPath: string;
  datasetId: number;
  samples: Sample[];
  directRun: number;
  textRun: number;
  attrseekRun: number;
  cleanup(): Promise<void>;
}

export async function makeAnalysisFixture(): Promise<AnalysisFixture> {
  const tmp = makeTempDir();
  const store = await FinerStore.open(tmp.dbPath);
  const datasetId = await importSmall(store);
  const samples = store.samplesOfSlice(datasetId, { kind: 'dataset' });
  const directRun = store.createRun(newRunRecord(datasetId, { name: 'direct', model: 'sim-a' }));
  await store.saveRunResults(directRun, [
    ...samples.slice(0, 12).map((s) => scored(s, 'fine', DIRECT_ANSWERS[s.idx]!, { latencyMs: 100 + s.idx })),
    predictionRow(samples[12]!.id, 'fine', { error: 'timeout' }),
  ]);
  const textRun = store.createRun(
    newRunRecord(datasetId, { name: 'text probe', model: 'sim-a', strategy: 'text-only' }),
  );
  await store.saveRunResults(
    textRun,
    samples.map((s) => scored(s, 'fine', s.idx < 6 ? (s.fine[0] ?? '') : 'unknown')),
  );
  const attrseekRun = store.createRun(
    newRunRecord(datasetId, {
      name: 'attrseek',
      model: 'sim-a',
      strategy: 'attrseek',
      levels: ['coarse', 'fine'],
    }),
  );
  const rows: PredictionRow[] = [];
  for (const [idx, [answer, attributes]] of Object.entries(ATTRSEEK)) {
    const s = samples[Number(idx)]!;
    rows.push(scored(s, 'coarse', 'Owl'), scored(s, 'fine', answer, { attributes }));
  }
  await store.saveRunResults(attrseekRun, rows);
  store.setSampleTag(samples[0]!.id, 'label-noise', true);
  store.setSampleTag(samples[2]!.id, 'sibling-confusion', true, directRun);
  return {
    store,
    dbPath: tmp.dbPath,
    datasetId,
    samples,
    directRun,
    textRun,
    attrseekRun,
    cleanup: async () => {
      await store.close();
      tmp.cleanup();
    },
  };
}

export interface SlicedNumber {
  path: string;
  expected: number;
  slice: ReviewSlice;
}

/** Every object in `value` carrying a slice, with the number it stands for (count, n, samples or shared). */
export function slicedNumbers(value: unknown, path = '$'): SlicedNumber[] {
  const out: SlicedNumber[] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => out.push(...slicedNumbers(v, `${path}[${i}]`)));
  } else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o['slice'] !== undefined) {
      const expected = [o['count'], o['n'], o['samples'], o['shared']].find(
        (v) => typeof v === 'number',
      ) as number;
      out.push({ path, expected, slice: o['slice'] as ReviewSlice });
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'slice') out.push(...slicedNumbers(v, `${path}.${k}`));
  }
  return out;
}
