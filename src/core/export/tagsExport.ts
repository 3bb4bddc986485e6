// Exports tags and notes with each sample's labels, image path and every run's predictions, as
// CSV (one flat row per sample, run columns `run<ID>_<level>_answer|finer_em|strict_em`) or
// JSONL (the same, nested). Both load in one line with pandas:
//   pd.read_csv(path)   /   pd.read_json(path, lines=True)
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { StoreError } from '../errors';
import type { Dataset, LabelLevel, Sample } from '../model';
import type { RunRecord } from '../runs/runTypes';
import type { FinerStore } from '../store/finerStore';
import type { PredictionBrief } from '../store/reviewQueries';

export type TagsExportFormat = 'csv' | 'jsonl';

export interface TagsExportOptions {
  format: TagsExportFormat;
  /** Dataset name; all datasets when absent. */
  dataset?: string;
  /** 'annotated' (default): samples with a tag or a note; 'all': every sample. */
  scope?: 'annotated' | 'all';
}

export interface TagsExportSummary {
  rows: number;
  columns: string[];
  runs: number;
}

interface RunColumns {
  run: RunRecord;
  byKey: Map<string, PredictionBrief>;
  /** The run's levels and any level it has predictions for, in label order. */
  levels: LabelLevel[];
}

interface ExportRow {
  dataset: Dataset;
  sample: Sample;
  tags: string[];
  note: string;
  runNotes: Map<number, string>;
}

const SEMICOLON_LIST = '; ';
const PIPE_LIST = ' | ';

/**
 * Text a spreadsheet would run as a formula when the CSV is opened (=, +, -, @, tab, CR
 * first): notes, labels and model answers are untrusted text (OWASP CSV injection).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. Text that
 * starts like a formula gets a leading single quote, so spreadsheets show it as text; numbers
 * (scores, ids) are written as numbers, negative ones included.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function absoluteImagePath(dataset: Dataset, imagePath: string): string {
  return isAbsolute(imagePath) ? imagePath : join(dataset.rootDir, imagePath);
}

function runLevels(run: RunRecord, briefs: PredictionBrief[]): LabelLevel[] {
  const levels = new Set<LabelLevel>(run.levels);
  for (const b of briefs) levels.add(b.level);
  return (['superordinate', 'coarse', 'fine'] as const).filter((l) => levels.has(l));
}

function csvHeader(runs: RunColumns[]): string[] {
  const base = [
    'db_sample_id',
    'dataset',
    'idx',
    'image_path',
    'image_abs_path',
    'superordinate',
    'coarse',
    'fine',
    'tags',
    'note',
  ];
  const perRun = runs.flatMap(({ run, levels }) => [
    ...levels.flatMap((level) =>
      ['answer', 'finer_em', 'strict_em', 'error'].map((m) => `run${run.id}_${level}_${m}`),
    ),
    `run${run.id}_note`,
  ]);
  return [...base, ...perRun];
}

function csvLine(row: ExportRow, runs: RunColumns[]): string {
  const { sample, dataset } = row;
  const fields: (string | number | null)[] = [
    sample.id,
    dataset.name,
    sample.idx,
    sample.imagePath,
    absoluteImagePath(dataset, sample.imagePath),
    sample.superordinate,
    sample.coarse.join(PIPE_LIST),
    sample.fine.join(PIPE_LIST),
    row.tags.join(SEMICOLON_LIST),
    row.note,
  ];
  for (const { run, byKey, levels } of runs) {
    for (const level of levels) {
      const p = run.datasetId === dataset.id ? byKey.get(`${sample.id}:${level}`) : undefined;
      fields.push(p?.answer ?? null, p?.finerEm ?? null, p?.strictEm ?? null, p?.error ?? null);
    }
    fields.push(row.runNotes.get(run.id) ?? null);
  }
  return fields.map(csvField).join(',');
}

function jsonLine(row: ExportRow, runs: RunColumns[]): string {
  const { sample, dataset } = row;
  const runsOut: Record<string, unknown> = {};
  for (const { run, byKey, levels } of runs) {
    if (run.datasetId !== dataset.id) continue;
    const byLevel: Record<string, unknown> = {};
    for (const level of levels) {
      const p = byKey.get(`${sample.id}:${level}`);
      if (p !== undefined)
        byLevel[level] = { answer: p.answer, finer_em: p.finerEm, strict_em: p.strictEm, error: p.error };
    }
    runsOut[String(run.id)] = {
      name: run.name,
      strategy: run.strategy,
      model: run.model,
      note: row.runNotes.get(run.id) ?? null,
      levels: byLevel,
    };
  }
  return JSON.stringify({
    db_sample_id: sample.id,
    dataset: dataset.name,
    idx: sample.idx,
    image_path: sample.imagePath,
    image_abs_path: absoluteImagePath(dataset, sample.imagePath),
    superordinate: sample.superordinate,
    coarse: sample.coarse,
    fine: sample.fine,
    tags: row.tags,
    note: row.note,
    runs: runsOut,
  });
}

function chosenDatasets(store: FinerStore, name: string | undefined): Dataset[] {
  if (name === undefined) return store.listDatasets();
  const dataset = store.findDatasetByName(name);
  if (dataset === undefined) throw new StoreError(`There is no dataset named "${name}".`, 'not-found');
  return [dataset];
}

function* exportRows(
  store: FinerStore,
  datasets: Dataset[],
  scope: 'annotated' | 'all',
): Generator<ExportRow> {
  for (const dataset of datasets) {
    const tags = store.datasetTagNames(dataset.id);
    const notes = new Map<number, { note: string; runNotes: Map<number, string> }>();
    for (const n of store.datasetNotes(dataset.id)) {
      const entry = notes.get(n.sampleId) ?? { note: '', runNotes: new Map<number, string>() };
      if (n.runId === null) entry.note = n.text;
      else entry.runNotes.set(n.runId, n.text);
      notes.set(n.sampleId, entry);
    }
    const samples =
      scope === 'all'
        ? store.samplesOfSlice(dataset.id, { kind: 'dataset' })
        : store.samplesOfSlice(dataset.id, {
            kind: 'samples',
            sampleIds: [...new Set([...tags.keys(), ...notes.keys()])],
          });
    for (const sample of samples) {
      const n = notes.get(sample.id);
      yield {
        dataset,
        sample,
        tags: tags.get(sample.id) ?? [],
        note: n?.note ?? '',
        runNotes: n?.runNotes ?? new Map(),
      };
    }
  }
}

/** Writes the export to `outPath` (via a temp file, so a failed export leaves no half file). */
export function exportTagsAndNotes(
  store: FinerStore,
  outPath: string,
  options: TagsExportOptions,
): TagsExportSummary {
  const datasets = chosenDatasets(store, options.dataset);
  const runs: RunColumns[] = datasets.flatMap((d) =>
    store
      .listRuns(d.id)
      .sort((a, b) => a.id - b.id)
      .map((run) => {
        const briefs = store.runPredictionBriefs(run.id);
        return {
          run,
          byKey: new Map(briefs.map((p) => [`${p.sampleId}:${p.level}`, p])),
          levels: runLevels(run, briefs),
        };
      }),
  );
  const columns = options.format === 'csv' ? csvHeader(runs) : [];
  const tmp = `${outPath}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  let rows = 0;
  try {
    let buffer = options.format === 'csv' ? `${columns.map(csvField).join(',')}\n` : '';
    for (const row of exportRows(store, datasets, options.scope ?? 'annotated')) {
      buffer += `${options.format === 'csv' ? csvLine(row, runs) : jsonLine(row, runs)}\n`;
      rows++;
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
    closeSync(fd);
    renameSync(tmp, outPath);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed before the rename failed
    }
    rmSync(tmp, { force: true });
    throw error;
  }
  return { rows, columns, runs: runs.length };
}
