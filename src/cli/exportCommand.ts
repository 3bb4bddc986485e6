// `finer-lens export --db PATH --what attributes|tags ...`: writes store contents to files.
// One exporter per `--what`; each reads the options it needs.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StoreError } from '../core/errors';
import { exportFinerAttributes } from '../core/export/attributesExport';
import { exportTagsAndNotes } from '../core/export/tagsExport';
import { exportFiftyOne } from '../core/interop/fiftyoneExport';
import { exportLabelStudio, type LabelStudioImages } from '../core/interop/labelStudioExport';
import type { FinerStore } from '../core/store/finerStore';
import { requireOption, UsageError } from './cliIo';
import type { CliIo } from './cliIo';
import { openExistingStore } from './runCliSupport';

export const exportUsage =
  'finer-lens export --db PATH --what attributes --format finer --out FILE [--dataset NAME] [--report FILE(.md|.json)]\n' +
  '  finer-lens export --db PATH --what tags --format csv|jsonl --out FILE [--dataset NAME] [--all]\n' +
  '  finer-lens export --db PATH --what fiftyone --out DIR [--dataset NAME] [--runs ID,ID]\n' +
  '  finer-lens export --db PATH --what label-studio --out DIR [--dataset NAME] [--runs ID,ID]\n' +
  '      [--document-root DIR | --image-url-prefix URL]   (see docs/interop.md)';

type ExportValues = Record<string, string | boolean | undefined>;
type Exporter = (store: FinerStore, values: ExportValues, io: CliIo) => Promise<number>;

const exporters: Record<string, Exporter> = {
  attributes: exportAttributes,
  tags: exportTags,
  fiftyone: exportFiftyOneDir,
  'label-studio': exportLabelStudioDir,
};

export async function runExportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      what: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      dataset: { type: 'string' },
      report: { type: 'string' },
      all: { type: 'boolean', default: false },
      runs: { type: 'string' },
      'document-root': { type: 'string' },
      'image-url-prefix': { type: 'string' },
    },
  });
  const what = requireOption(values, 'what');
  const exporter = exporters[what];
  if (!exporter)
    throw new UsageError(`--what must be one of ${Object.keys(exporters).join(', ')} (got "${what}")`);
  const store = await openExistingStore(requireOption(values, 'db'), { readOnly: true });
  try {
    return await exporter(store, values, io);
  } finally {
    await store.close();
  }
}

function pickDataset(store: FinerStore, name: string | undefined): number {
  if (name !== undefined) {
    const found = store.findDatasetByName(name);
    if (!found) throw new StoreError(`no dataset named "${name}"`, 'not-found');
    return found.id;
  }
  const all = store.listDatasets();
  if (all.length === 1 && all[0]) return all[0].id;
  throw new UsageError(
    all.length === 0
      ? 'the database has no datasets'
      : `several datasets; choose one with --dataset (${all.map((d) => d.name).join(', ')})`,
  );
}

async function exportAttributes(store: FinerStore, values: ExportValues, io: CliIo): Promise<number> {
  const format = typeof values['format'] === 'string' ? values['format'] : 'finer';
  if (format !== 'finer') throw new UsageError(`--format for attributes must be "finer" (got "${format}")`);
  const out = values['out'];
  if (typeof out !== 'string' || out === '') throw new UsageError('missing --out FILE');
  const datasetId = pickDataset(store, typeof values['dataset'] === 'string' ? values['dataset'] : undefined);
  const report = typeof values['report'] === 'string' ? resolve(values['report']) : undefined;
  const result = await exportFinerAttributes(store, datasetId, resolve(out), report);
  io.out(
    `wrote ${result.concepts} concepts (${result.conceptsChanged} changed) to ${result.outFile}` +
      (result.reportFile ? `; changes report: ${result.reportFile}` : ''),
  );
  return 0;
}

/** Tags and notes with labels and every run's predictions; `--all` includes untagged samples. */
async function exportTags(store: FinerStore, values: ExportValues, io: CliIo): Promise<number> {
  const format = values['format'];
  if (format !== 'csv' && format !== 'jsonl')
    throw new UsageError(`--format for tags must be csv or jsonl (got "${String(format)}")`);
  const out = values['out'];
  if (typeof out !== 'string' || out === '') throw new UsageError('missing --out FILE');
  const summary = exportTagsAndNotes(store, resolve(out), {
    format,
    dataset: typeof values['dataset'] === 'string' ? values['dataset'] : undefined,
    scope: values['all'] === true ? 'all' : 'annotated',
  });
  io.out(`wrote ${summary.rows} samples (${summary.runs} runs) to ${resolve(out)}`);
  return 0;
}

function outDir(values: ExportValues): string {
  const out = values['out'];
  if (typeof out !== 'string' || out === '') throw new UsageError('missing --out DIR');
  return resolve(out);
}

/** `--runs 3,5` -> [3, 5]; every run of the dataset when absent. */
function runIdsOption(values: ExportValues): number[] | undefined {
  const text = values['runs'];
  if (typeof text !== 'string') return undefined;
  const ids = text.split(',').map((t) => t.trim());
  if (ids.some((t) => !/^\d+$/.test(t)))
    throw new UsageError(`--runs must be run ids separated by commas (got "${text}")`);
  return ids.map(Number);
}

function selectionOf(store: FinerStore, values: ExportValues) {
  const datasetId = pickDataset(store, typeof values['dataset'] === 'string' ? values['dataset'] : undefined);
  const runIds = runIdsOption(values);
  return runIds === undefined ? { datasetId } : { datasetId, runIds };
}

function exportFiftyOneDir(store: FinerStore, values: ExportValues, io: CliIo): Promise<number> {
  const dir = outDir(values);
  const summary = exportFiftyOne(store, selectionOf(store, values), dir);
  io.out(
    `wrote ${summary.samples} samples with ${summary.runs} runs to ${dir} (samples.json, metadata.json); load with\n` +
      `  fo.Dataset.from_dir(dataset_dir="${dir}", dataset_type=fo.types.FiftyOneDataset)`,
  );
  return Promise.resolve(0);
}

function exportLabelStudioDir(store: FinerStore, values: ExportValues, io: CliIo): Promise<number> {
  const dir = outDir(values);
  const selection = selectionOf(store, values);
  const prefix = values['image-url-prefix'];
  const root = values['document-root'];
  if (typeof prefix === 'string' && typeof root === 'string')
    throw new UsageError('give either --document-root or --image-url-prefix, not both');
  const images: LabelStudioImages =
    typeof prefix === 'string'
      ? { kind: 'url-prefix', prefix }
      : {
          kind: 'local-files',
          documentRoot: resolve(
            typeof root === 'string' ? root : (store.getDataset(selection.datasetId)?.rootDir ?? '.'),
          ),
        };
  const summary = exportLabelStudio(store, selection, dir, images);
  io.out(
    `wrote ${summary.tasks} tasks (${summary.predictions} predictions) to ${dir}/tasks.json and the labeling interface to ${dir}/label-config.xml`,
  );
  if (images.kind === 'local-files')
    io.out(
      `  serve the images with LABEL_STUDIO_LOCAL_FILES_SERVING_ENABLED=true LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT=${images.documentRoot}`,
    );
  for (const s of summary.skipped.slice(0, 10)) io.err(`skipped sample ${s.sampleId}: ${s.reason}`);
  if (summary.skipped.length > 10) io.err(`… ${summary.skipped.length - 10} more samples skipped`);
  return Promise.resolve(0);
}
