// Writes a dataset with its runs as Label Studio JSON tasks (`tasks.json`) plus the labeling
// configuration they fit (`label-config.xml`). Each task's `data` holds the image URL and the
// labels and tags as exported (the import compares against them); `predictions` holds the gold
// labels and tags (model_version "finer-lens gold") to correct, then one entry per run with the
// class each answer resolves to. Image URL rule and format rules: docs/interop.md.
import { isAbsolute, relative, sep } from 'node:path';
import { FinerLensError } from '../errors';
import type { LabelLevel, Sample } from '../model';
import type { FinerStore } from '../store/finerStore';
import {
  absoluteImagePath,
  gatherExport,
  resultKey,
  writeWhole,
  type ExportContext,
  type ExportSelection,
  type RunResults,
} from './exportContext';
import { labelStudioConfigXml, LS_IMAGE, LS_LEVEL_CONTROLS, LS_TAGS } from './labelStudioConfig';

/** How tasks reference images. */
export type LabelStudioImages =
  /** Label Studio serves local files: LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT = `documentRoot`. */
  | { kind: 'local-files'; documentRoot: string }
  /** Images served elsewhere: URL = prefix + the image path relative to the dataset root. */
  | { kind: 'url-prefix'; prefix: string };

export const GOLD_MODEL_VERSION = 'finer-lens gold';

export interface LabelStudioExportSummary {
  dir: string;
  tasks: number;
  predictions: number;
  /** Samples left out because their image lies outside the document root, with the reason. */
  skipped: { sampleId: number; reason: string }[];
}

interface ChoiceResult {
  id: string;
  from_name: string;
  to_name: string;
  type: 'choices';
  value: { choices: string[] };
}

function choiceResult(id: string, control: string, choices: string[]): ChoiceResult {
  return { id, from_name: control, to_name: LS_IMAGE, type: 'choices', value: { choices } };
}

/** Sample-level tags only: per-run tags ("name@run<ID>") belong to a run's result, not the image. */
export function sampleLevelTags(names: readonly string[] | undefined): string[] {
  return (names ?? []).filter((n) => !/@run\d+$/.test(n));
}

function goldOf(sample: Sample, level: LabelLevel): string | null {
  if (level === 'superordinate') return sample.superordinate;
  return (level === 'coarse' ? sample.coarse : sample.fine)[0] ?? null;
}

function imageUrl(images: LabelStudioImages, ctx: ExportContext, sample: Sample): string | { error: string } {
  const abs = absoluteImagePath(ctx.dataset, sample.imagePath);
  if (images.kind === 'url-prefix') {
    const rel = relative(ctx.dataset.rootDir, abs).split(sep).join('/');
    return images.prefix + rel.split('/').map(encodeURIComponent).join('/');
  }
  const rel = relative(images.documentRoot, abs);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel))
    return { error: `image ${abs} is not inside the document root ${images.documentRoot}` };
  return `/data/local-files/?d=${rel.split(sep).map(encodeURIComponent).join('/')}`;
}

function runPrediction(r: RunResults, sample: Sample) {
  const result: ChoiceResult[] = [];
  let score: number | null = null;
  for (const level of r.levels) {
    const p = r.byKey.get(resultKey(sample.id, level));
    if (!p) continue;
    if (p.finerEm !== null) score = p.finerEm; // the most specific level's FINER EM
    if (p.resolvedClass !== null)
      result.push(choiceResult(`run${r.run.id}-${level}`, level, [p.resolvedClass]));
  }
  if (result.length === 0 && score === null) return undefined;
  return { model_version: `run ${r.run.id}: ${r.run.model} (${r.run.strategy})`, score: score ?? 0, result };
}

export function exportLabelStudio(
  store: FinerStore,
  selection: ExportSelection,
  dir: string,
  images: LabelStudioImages,
): LabelStudioExportSummary {
  const ctx = gatherExport(store, selection);
  const skipped: LabelStudioExportSummary['skipped'] = [];
  const tagNames = new Set<string>(store.listTaxonomy().map((t) => t.name));
  let predictions = 0;
  const tasks = [];
  for (const sample of ctx.samples) {
    const image = imageUrl(images, ctx, sample);
    if (typeof image !== 'string') {
      skipped.push({ sampleId: sample.id, reason: image.error });
      continue;
    }
    const tags = sampleLevelTags(ctx.tags.get(sample.id));
    for (const t of tags) tagNames.add(t);
    const gold: ChoiceResult[] = [];
    for (const level of LS_LEVEL_CONTROLS) {
      const label = goldOf(sample, level);
      if (label !== null) gold.push(choiceResult(`gold-${level}`, level, [label]));
    }
    if (tags.length > 0) gold.push(choiceResult('gold-tags', LS_TAGS, tags));
    const taskPredictions = [
      { model_version: GOLD_MODEL_VERSION, score: 1, result: gold },
      ...ctx.runs.flatMap((r) => runPrediction(r, sample) ?? []),
    ];
    predictions += taskPredictions.length;
    tasks.push({
      data: {
        image,
        finer_sample_id: sample.id,
        finer_dataset: ctx.dataset.name,
        idx: sample.idx,
        superordinate: sample.superordinate,
        coarse: sample.coarse[0] ?? null,
        fine: sample.fine[0] ?? null,
        tags,
      },
      predictions: taskPredictions,
    });
  }
  if (tasks.length === 0 && ctx.samples.length > 0) {
    throw new FinerLensError(
      `No image of dataset "${ctx.dataset.name}" can be referenced: ${skipped[0]?.reason}.`,
    );
  }
  const config = labelStudioConfigXml({
    superordinate: [...store.classLabelLists(ctx.dataset.id, 'superordinate').keys()].sort(),
    coarse: [...store.classLabelLists(ctx.dataset.id, 'coarse').keys()].sort(),
    fine: [...store.classLabelLists(ctx.dataset.id, 'fine').keys()].sort(),
    tags: [...tagNames],
  });
  writeWhole(dir, 'tasks.json', JSON.stringify(tasks, null, 1));
  writeWhole(dir, 'label-config.xml', config);
  return { dir, tasks: tasks.length, predictions, skipped };
}
