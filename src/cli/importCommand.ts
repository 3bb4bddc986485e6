// `finer-lens import --format finer|manifest <paths...> --db PATH [--images DIR] [--name NAME] [--json]`
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { importFinerDataset } from '../core/import/finerImporter';
import type { ImportResult } from '../core/import/importRun';
import { importManifest } from '../core/import/manifestImporter';
import { FinerStore } from '../core/store/finerStore';
import { printJson, requireOption, UsageError } from './cliIo';
import type { CliIo } from './cliIo';
import { isNativeFormat, nativeImportUsage, runNativeImport } from './nativeImportCommand';
import { storeOptionsForCli } from './runCliSupport';

export const importUsage = `finer-lens import --format finer|manifest <data file> [attributes.json] --db PATH
    [--images DIR] [--name NAME] [--split SPLIT] [--no-image-check] [--json]
  finer:    <data file> is unified-{dataset}-{split}-combined.jsonl; --images is the folder img_path is re-rooted
            against (default: the folder of the jsonl).
  manifest: <data file> is a .jsonl or .csv manifest (docs/formats.md); --images is the root image paths are
            relative to (default: the folder of the manifest).
  attributes.json: optional FINER parsed-*-wiki-text-combined.json with reference attributes per class.
${nativeImportUsage}`;

export async function runImportCommand(argv: string[], io: CliIo): Promise<number> {
  const formatAt = argv.findIndex((a) => a === '--format' || a.startsWith('--format='));
  const formatArg =
    formatAt < 0
      ? undefined
      : argv[formatAt]?.includes('=')
        ? argv[formatAt]?.split('=')[1]
        : argv[formatAt + 1];
  if (formatArg !== undefined && isNativeFormat(formatArg)) return runNativeImport(argv, io);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      db: { type: 'string' },
      images: { type: 'string' },
      name: { type: 'string' },
      split: { type: 'string' },
      'no-image-check': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const format = requireOption(values, 'format');
  const dbPath = resolve(requireOption(values, 'db'));
  if (format !== 'finer' && format !== 'manifest') {
    throw new UsageError(
      `--format must be finer, manifest, cub, nabirds, aircraft, dogs, cars, inat or auto, not "${format}"`,
    );
  }
  const dataFiles = positionals.filter((p) => extname(p).toLowerCase() !== '.json').map((p) => resolve(p));
  const attributeFiles = positionals
    .filter((p) => extname(p).toLowerCase() === '.json')
    .map((p) => resolve(p));
  if (dataFiles.length !== 1) {
    throw new UsageError(
      `expected exactly one data file (.jsonl${format === 'manifest' ? ' or .csv' : ''}), got ${dataFiles.length}`,
    );
  }
  if (attributeFiles.length > 1) throw new UsageError('expected at most one attributes .json file');
  const dataFile = dataFiles[0] as string;
  const attributesFile = attributeFiles[0];
  const images = typeof values.images === 'string' ? resolve(values.images) : undefined;

  const store = await FinerStore.open(dbPath, storeOptionsForCli(false));
  let summary: ImportResult;
  try {
    summary =
      format === 'finer'
        ? await importFinerDataset(store, {
            unifiedFile: dataFile,
            attributesFile,
            imagesDir: images,
            name: values.name,
            split: values.split,
            checkImages: !values['no-image-check'],
          })
        : await importManifest(store, {
            manifestFile: dataFile,
            attributesFile,
            rootDir: images,
            name: values.name,
            split: values.split,
            checkImages: !values['no-image-check'],
          });
  } finally {
    await store.close();
  }

  for (const issue of summary.issues) {
    const where = [issue.file, issue.line].filter((p) => p !== undefined).join(':');
    const field = issue.field ? ` [${issue.field}]` : '';
    io.err(`${where}: ${issue.severity}${field}: ${issue.reason}`);
  }
  if (values.json) {
    printJson(io, summary);
  } else {
    const warnings = summary.warnings;
    io.out(
      `Imported dataset "${summary.datasetName}" (id ${summary.datasetId}): ${summary.imported} samples imported, ` +
        `${summary.skipped} skipped, ${warnings} warnings, ${summary.concepts} concepts with attributes ` +
        `(${summary.durationMs.toFixed(0)} ms).`,
    );
    if (summary.unmatchedConcepts.length > 0) {
      io.out(
        `Concepts with no sample: ${summary.unmatchedConcepts.length} (e.g. ${summary.unmatchedConcepts.slice(0, 3).join(', ')})`,
      );
    }
    if (summary.unmatchedClasses.length > 0) {
      io.out(
        `Classes with no attributes: ${summary.unmatchedClasses.length} (e.g. ${summary.unmatchedClasses.slice(0, 3).join(', ')})`,
      );
    }
  }
  return summary.imported > 0 ? 0 : 1;
}
