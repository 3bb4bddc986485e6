// Writes a dataset with its runs and tags as a FiftyOne dataset directory that
// `fo.Dataset.from_dir(dataset_dir=DIR, dataset_type=fo.types.FiftyOneDataset)` loads:
// `metadata.json` (no "version" key, so FiftyOne reads it with its serialized-JSON importer) and
// `samples.json` = {"samples": [...]}, one sample dict per image with absolute `filepath`, `tags`,
// the gold labels and each run's answer per level as Classification labels. Rules: docs/interop.md.
import type { LabelLevel } from '../model';
import { LABEL_LEVELS } from '../model';
import type { FinerStore } from '../store/finerStore';
import type { ResolvedPrediction } from '../store/confusionQueries';
import { metricsLegend } from '../../shared/metricNames';
import {
  absoluteImagePath,
  gatherExport,
  resultKey,
  writeWhole,
  type ExportSelection,
  type RunResults,
} from './exportContext';

export interface FiftyOneExportSummary {
  dir: string;
  samples: number;
  runs: number;
  /** Label fields written per sample: gt_<level> and run<ID>_<level>. */
  labelFields: string[];
}

type Classification = Record<string, string | number | string[] | null>;

function goldLabel(level: LabelLevel, labels: readonly string[]): Classification {
  return { _cls: 'Classification', label: labels[0] ?? null, acceptable: [...labels] };
}

/** A run's answer at one level: label = the class it resolves to, else the answer text. */
function predictionLabel(p: ResolvedPrediction): Classification {
  return {
    _cls: 'Classification',
    label: p.error !== null ? null : (p.resolvedClass ?? p.answer),
    answer: p.answer,
    finer_em: p.finerEm,
    strict_em: p.strictEm,
    f1: p.f1,
    resolution_rule: p.resolutionRule,
    mistake_severity: p.mistakeSeverity,
    error: p.error,
  };
}

export function runFieldName(runId: number, level: LabelLevel): string {
  return `run${runId}_${level}`;
}

function describeRun(r: RunResults) {
  const run = r.run;
  return {
    id: run.id,
    name: run.name,
    model: run.model,
    strategy: run.strategy,
    levels: r.levels,
    gold_conditioning: run.goldConditioning,
    template_hash: run.templateHash,
    params: run.params,
    status: run.status,
    fields: r.levels.map((l) => runFieldName(run.id, l)),
  };
}

export function exportFiftyOne(
  store: FinerStore,
  selection: ExportSelection,
  dir: string,
): FiftyOneExportSummary {
  const ctx = gatherExport(store, selection);
  const labelFields = [
    ...LABEL_LEVELS.map((l) => `gt_${l}`),
    ...ctx.runs.flatMap((r) => r.levels.map((l) => runFieldName(r.run.id, l))),
  ];
  const samples = ctx.samples.map((sample) => {
    const doc: Record<string, unknown> = {
      filepath: absoluteImagePath(ctx.dataset, sample.imagePath),
      tags: ctx.tags.get(sample.id) ?? [],
      metadata: null,
      finer_sample_id: sample.id,
      idx: sample.idx,
      split: sample.split,
      gt_superordinate: goldLabel('superordinate', [sample.superordinate]),
      gt_coarse: goldLabel('coarse', sample.coarse),
      gt_fine: goldLabel('fine', sample.fine),
    };
    for (const r of ctx.runs) {
      for (const level of r.levels) {
        const p = r.byKey.get(resultKey(sample.id, level));
        if (p) doc[runFieldName(r.run.id, level)] = predictionLabel(p);
      }
    }
    return doc;
  });
  const metadata = {
    name: ctx.dataset.name,
    media_type: 'image',
    info: {
      source: 'Finer Lens',
      dataset: {
        id: ctx.dataset.id,
        name: ctx.dataset.name,
        split: ctx.dataset.split,
        root_dir: ctx.dataset.rootDir,
      },
      runs: ctx.runs.map(describeRun),
      metrics: metricsLegend(),
    },
  };
  writeWhole(dir, 'samples.json', JSON.stringify({ samples }));
  writeWhole(dir, 'metadata.json', JSON.stringify(metadata, null, 2));
  return { dir, samples: samples.length, runs: ctx.runs.length, labelFields };
}
