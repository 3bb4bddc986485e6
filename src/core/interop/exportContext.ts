// What the FiftyOne and Label Studio exports read from the store: one dataset, its samples with
// their tags, the chosen runs and their final results (scores and class resolution) by sample.
import { writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { StoreError } from '../errors';
import type { Dataset, LabelLevel, Sample } from '../model';
import type { RunRecord } from '../runs/runTypes';
import type { ResolvedPrediction } from '../store/confusionQueries';
import type { FinerStore } from '../store/finerStore';

export interface ExportSelection {
  datasetId: number;
  /** Runs to include; every run of the dataset when absent. */
  runIds?: readonly number[];
}

export interface RunResults {
  run: RunRecord;
  /** Final results keyed by `${sampleId}:${level}`. */
  byKey: Map<string, ResolvedPrediction>;
  /** Levels with results, in label order. */
  levels: LabelLevel[];
}

export interface ExportContext {
  dataset: Dataset;
  samples: Sample[];
  /** Tag names per sample; a tag on a run's result is written "name@run<ID>" (as the tags export does). */
  tags: Map<number, string[]>;
  runs: RunResults[];
}

const LEVEL_ORDER: readonly LabelLevel[] = ['superordinate', 'coarse', 'fine'];

export function resultKey(sampleId: number, level: LabelLevel): string {
  return `${sampleId}:${level}`;
}

export function gatherExport(store: FinerStore, selection: ExportSelection): ExportContext {
  const dataset = store.getDataset(selection.datasetId);
  if (!dataset) throw new StoreError(`Dataset ${selection.datasetId} does not exist.`, 'not-found');
  const all = store.listRuns(dataset.id);
  const runs =
    selection.runIds === undefined
      ? all
      : selection.runIds.map((id) => {
          const run = all.find((r) => r.id === id);
          if (!run) throw new StoreError(`Run ${id} is not a run of dataset "${dataset.name}".`, 'not-found');
          return run;
        });
  return {
    dataset,
    samples: store.samplesOfSlice(dataset.id, { kind: 'dataset' }),
    tags: store.datasetTagNames(dataset.id),
    runs: runs.map((run) => {
      const byKey = new Map<string, ResolvedPrediction>();
      const levels = new Set<LabelLevel>(run.levels);
      for (const p of store.runResolvedPredictions(run.id)) {
        byKey.set(resultKey(p.sampleId, p.level), p);
        levels.add(p.level);
      }
      return { run, byKey, levels: LEVEL_ORDER.filter((l) => levels.has(l)) };
    }),
  };
}

export function absoluteImagePath(dataset: Dataset, imagePath: string): string {
  return isAbsolute(imagePath) ? imagePath : join(dataset.rootDir, imagePath);
}

/** Writes a file whole: to a temporary name first, then renamed, so a reader never sees half of it. */
export function writeWhole(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, path);
  return path;
}
