// Taxonomy scores of a run's fine-level answers, read through a narrow store port; undefined
// when the run's dataset has no taxonomy (no taxonomy ranks recorded at import, or no sample
// carries metadata.taxonomy).
import type { Dataset, Sample } from '../model';
import type { RunRecord, RunSlice } from '../runs/runTypes';
import type { PredictionBrief } from '../store/reviewQueries';
import { scoreTaxonomy, taxonomyOfMetadata } from './taxonomyScoring';
import type { TaxonomySample, TaxonomyScores } from './taxonomyScoring';

export interface TaxonomyScoreStore {
  getRun(runId: number): RunRecord | undefined;
  getDataset(id: number): Dataset | undefined;
  samplesOfSlice(datasetId: number, slice: RunSlice): Sample[];
  runPredictionBriefs(runId: number): PredictionBrief[];
}

/** Samples with a taxonomy path, per dataset, so scoring several runs reads the dataset once. */
export class TaxonomySampleCache {
  private readonly byDataset = new Map<number, TaxonomySample[]>();

  constructor(private readonly store: Pick<TaxonomyScoreStore, 'samplesOfSlice'>) {}

  samples(datasetId: number): TaxonomySample[] {
    let samples = this.byDataset.get(datasetId);
    if (!samples) {
      samples = [];
      for (const s of this.store.samplesOfSlice(datasetId, { kind: 'dataset' })) {
        const taxonomy = taxonomyOfMetadata(s.metadata);
        if (taxonomy) samples.push({ sampleId: s.id, fine: s.fine, taxonomy });
      }
      this.byDataset.set(datasetId, samples);
    }
    return samples;
  }
}

export function runTaxonomyScores(
  store: TaxonomyScoreStore,
  runId: number,
  cache = new TaxonomySampleCache(store),
): TaxonomyScores | undefined {
  const run = store.getRun(runId);
  if (!run || !run.levels.includes('fine')) return undefined;
  // Only native imports with a hierarchy record ranks; other datasets are not read at all.
  const ranks = store.getDataset(run.datasetId)?.source.taxonomyRanks;
  if (!ranks || ranks.length === 0) return undefined;
  const samples = cache.samples(run.datasetId);
  if (samples.length === 0) return undefined;
  const answers = store
    .runPredictionBriefs(runId)
    .filter((b) => b.level === 'fine')
    .map((b) => ({ sampleId: b.sampleId, answer: b.error === null ? b.answer : null }));
  return scoreTaxonomy(samples, answers, ranks);
}
