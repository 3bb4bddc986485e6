// Builds what the sample panel displays from the store. The panel never sees store types.
import * as path from 'node:path';
import { checkDatasetImageFile } from '../../core/images/datasetImageFile';
import type { FinerStore } from '../../core/store/finerStore';
import type { Dataset, Sample } from '../../core/model';
import type { AttributeMatcher } from '../../core/analysis/attributeMatching';
import type { SampleView } from '../../shared/samplePanelProtocol';
import type { ReviewPositionView } from '../../shared/sampleReviewTypes';
import type { AttributeEditService } from './attributeEditService';
import { samplePredictionViews } from './predictionViews';
import { buildSampleAnalysis } from './sampleAnalysisView';
import { tagChipViews } from './sampleTagService';
import { tagSuggestionViews } from './tagSuggestionViews';

/** FINER's attribute files use "none" for "no attribute"; the panel shows an empty list instead. */
function meaningfulAttributes(values: string[]): string[] {
  return values.map((v) => v.trim()).filter((v) => v !== '' && v.toLowerCase() !== 'none');
}

export function imagePathOf(dataset: Dataset, sample: Sample): string {
  return path.isAbsolute(sample.imagePath)
    ? sample.imagePath
    : path.join(dataset.rootDir, ...sample.imagePath.split('/'));
}

export interface LoadedSample {
  sample: Sample;
  dataset: Dataset;
  imagePath: string;
}

export function loadSample(store: FinerStore, sampleId: number): LoadedSample | undefined {
  const sample = store.getSample(sampleId);
  if (!sample) return undefined;
  const dataset = store.getDataset(sample.datasetId);
  if (!dataset) return undefined;
  return { sample, dataset, imagePath: imagePathOf(dataset, sample) };
}

/** What the review parts of the view need besides the store. */
export interface SampleViewContext {
  matcher: AttributeMatcher;
  attributes: AttributeEditService;
  /** Who edits are recorded as. */
  actor: string;
  review: ReviewPositionView | null;
  /** The run the review queue is about, for suggestions; null outside a run review. */
  reviewRunId: number | null;
}

/** `toImageSrc` turns an absolute file path into a URI the webview may load. */
export function buildSampleView(
  store: FinerStore,
  loaded: LoadedSample,
  toImageSrc: (absolutePath: string) => string,
  context: SampleViewContext,
): SampleView {
  const { sample, dataset, imagePath } = loaded;
  const concept = store.conceptForSample(sample);
  const predictions = store.predictionsOfSample(sample.id);
  // The webview loads the file through VS Code, which follows symlinks: check the real path here.
  const imageCheck = checkDatasetImageFile(dataset.rootDir, imagePath);
  return {
    sampleId: sample.id,
    datasetId: dataset.id,
    datasetName: dataset.name,
    idx: sample.idx,
    split: sample.split,
    imagePath,
    imageSrc: imageCheck.ok ? toImageSrc(imagePath) : null,
    ...(imageCheck.ok ? {} : { imageProblem: imageCheck.reason }),
    superordinate: sample.superordinate,
    coarse: sample.coarse,
    fine: sample.fine,
    reference: concept
      ? {
          conceptName: concept.name,
          commonName: concept.commonName,
          provenance: concept.provenance,
          required: meaningfulAttributes(concept.required),
          likely: meaningfulAttributes(concept.likely),
        }
      : null,
    tags: store.tagsOf(sample.id),
    note: store.noteOf(sample.id) ?? null,
    metadata: sample.metadata,
    predictions: samplePredictionViews(predictions, (id) => store.getRun(id)),
    tagChips: tagChipViews(store, sample.id),
    suggestions: tagSuggestionViews(store, sample.id, predictions, context.matcher, context.reviewRunId),
    editing: concept ? context.attributes.editingView(store, concept.id, context.actor) : null,
    analysis: buildSampleAnalysis(store, sample, concept, predictions, context.matcher),
    review: context.review,
  };
}
