// The synthetic iNaturalist-sized dataset the store and review benchmarks build: 100k samples
// over 10k fine classes (20 per coarse label), each class with the same attribute lists.
import type { NewSample } from '../src/core/model';
import type { FinerStore } from '../src/core/store/finerStore';

export const SAMPLES = 100_000;
export const FINE_CLASSES = 10_000;
const SUPERORDINATES = ['Bird', 'Plant', 'Insect', 'Fungus', 'Mammal'];

/** Sample `i` labelled with fine class `fine` (its coarse class is fine / 20). */
export function syntheticSample(i: number, fine: number, metadata: Record<string, unknown>): NewSample {
  const coarse = Math.floor(fine / 20);
  return {
    idx: i,
    imagePath: `val/${fine}/${i}.jpg`,
    superordinate: SUPERORDINATES[coarse % SUPERORDINATES.length] ?? 'Bird',
    coarse: [`Coarse ${coarse}`],
    fine: [`Species ${fine}`, `Common ${fine}`],
    split: 'val',
    metadata,
  };
}

/** Imports SAMPLES samples (`sampleAt(0..)`) and one concept per fine class; returns the dataset id. */
export async function importSyntheticDataset(
  store: FinerStore,
  name: string,
  sampleAt: (i: number) => NewSample,
): Promise<number> {
  const { datasetId } = await store.importDataset(
    { name, rootDir: '/data/inat', format: 'finer', split: 'val' },
    async (sink) => {
      for (let i = 0; i < SAMPLES; i++) sink.addSample(sampleAt(i));
      for (let c = 0; c < FINE_CLASSES; c++) {
        sink.addConcept({
          name: `Species ${c}`,
          sourceId: c,
          commonName: `Common ${c}`,
          required: ['red crown', 'white wing bars', 'short conical bill'],
          likely: ['streaked flanks', 'forked tail'],
        });
      }
    },
  );
  return datasetId;
}

/** The p-th percentile (nearest rank) of `values`, which need not be sorted. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
