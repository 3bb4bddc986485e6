// The modality gap per sample (FINER): does the model name the concept from its text
// attributes but not from the image, or the other way round? Compares a run that saw the
// image with a text-only knowledge probe run, at the fine level, by FINER EM and strict EM.
import { StoreError } from '../errors';
import type { RunRecord, StoredPrediction } from '../runs/runTypes';
import type { FinerStore } from '../store/finerStore';

export type ModalityOutcome =
  'knows from text, not image' | 'knows from image, not text' | 'both correct' | 'both wrong';

export interface ModalityScores {
  finerEm: number | null;
  strictEm: number | null;
}

export interface SampleModality {
  /** By the lenient FINER EM. */
  finer: ModalityOutcome;
  /** By strict EM (normalized equality). */
  strict: ModalityOutcome;
}

function outcome(imageCorrect: boolean, textCorrect: boolean): ModalityOutcome {
  if (imageCorrect && textCorrect) return 'both correct';
  if (textCorrect) return 'knows from text, not image';
  if (imageCorrect) return 'knows from image, not text';
  return 'both wrong';
}

/** A missing score (an errored request) counts as wrong. */
export function classifyModality(image: ModalityScores, text: ModalityScores): SampleModality {
  return {
    finer: outcome(image.finerEm === 1, text.finerEm === 1),
    strict: outcome(image.strictEm === 1, text.strictEm === 1),
  };
}

/** Strategies whose runs send the image. */
const IMAGE_STRATEGIES = new Set(['direct', 'attrseek']);

export interface ModalityRunPair {
  imageRun: Pick<RunRecord, 'id' | 'name' | 'strategy' | 'model'>;
  textRun: Pick<RunRecord, 'id' | 'name' | 'strategy' | 'model'>;
}

function runBrief(run: RunRecord): ModalityRunPair['imageRun'] {
  return { id: run.id, name: run.name, strategy: run.strategy, model: run.model };
}

/**
 * Image runs (direct / ATTRSEEK) and text-only probe runs of a dataset that both have the
 * fine level, paired (same model first, then newest first).
 */
export function modalityRunPairs(store: Pick<FinerStore, 'listRuns'>, datasetId: number): ModalityRunPair[] {
  const runs = store.listRuns(datasetId).filter((r) => r.levels.includes('fine'));
  const images = runs.filter((r) => IMAGE_STRATEGIES.has(r.strategy));
  const texts = runs.filter((r) => r.strategy === 'text-only');
  const pairs: (ModalityRunPair & { sameModel: boolean; newest: number })[] = [];
  for (const image of images) {
    for (const text of texts) {
      pairs.push({
        imageRun: runBrief(image),
        textRun: runBrief(text),
        sameModel: image.model === text.model,
        newest: Math.max(image.id, text.id),
      });
    }
  }
  pairs.sort((a, b) => Number(b.sameModel) - Number(a.sameModel) || b.newest - a.newest);
  return pairs.map(({ imageRun, textRun }) => ({ imageRun, textRun }));
}

export interface SampleModalityRow extends SampleModality {
  sampleId: number;
  imageAnswer: string | null;
  textAnswer: string | null;
}

export interface ModalityGapReport {
  imageRunId: number;
  textRunId: number;
  samples: SampleModalityRow[];
  /** Counts per outcome, by FINER EM and by strict EM. */
  finerCounts: Record<ModalityOutcome, number>;
  strictCounts: Record<ModalityOutcome, number>;
}

function emptyCounts(): Record<ModalityOutcome, number> {
  return {
    'knows from text, not image': 0,
    'knows from image, not text': 0,
    'both correct': 0,
    'both wrong': 0,
  };
}

function finePredictions(
  store: Pick<FinerStore, 'predictionsOfRun'>,
  runId: number,
): Map<number, StoredPrediction> {
  const out = new Map<number, StoredPrediction>();
  for (const p of store.predictionsOfRun(runId, { level: 'fine' })) {
    if (p.stage === 'done') out.set(p.sampleId, p);
  }
  return out;
}

/** Per-sample outcomes for the samples both runs answered at the fine level. */
export function modalityGapReport(
  store: Pick<FinerStore, 'getRun' | 'predictionsOfRun'>,
  imageRunId: number,
  textRunId: number,
): ModalityGapReport {
  for (const id of [imageRunId, textRunId]) {
    if (store.getRun(id) === undefined) throw new StoreError(`Run ${id} does not exist.`, 'not-found');
  }
  const texts = finePredictions(store, textRunId);
  const report: ModalityGapReport = {
    imageRunId,
    textRunId,
    samples: [],
    finerCounts: emptyCounts(),
    strictCounts: emptyCounts(),
  };
  const images = [...finePredictions(store, imageRunId).values()].sort((a, b) => a.sampleId - b.sampleId);
  for (const image of images) {
    const text = texts.get(image.sampleId);
    if (text === undefined) continue;
    const modality = classifyModality(image, text);
    report.samples.push({
      sampleId: image.sampleId,
      imageAnswer: image.answer,
      textAnswer: text.answer,
      ...modality,
    });
    report.finerCounts[modality.finer]++;
    report.strictCounts[modality.strict]++;
  }
  return report;
}
