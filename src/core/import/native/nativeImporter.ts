// Imports a source dataset from its downloaded folder (CUB-200-2011, NABirds, FGVC-Aircraft,
// Stanford Dogs, Stanford Cars, iNaturalist 2021): detects or checks the layout, reads the
// index files, resolves coarse labels, then writes the samples through the shared import run
// (one transaction; bad records are reported with their file and line and left out).
import { join, resolve } from 'node:path';
import { InputError } from '../../errors';
import type { LabelLevel, LabelSource, NativeFormat, NewSample } from '../../model';
import { ImportIssueLog } from '../importIssueLog';
import { runImport } from '../importRun';
import type { ImportControl, ImportResult, ImportTarget } from '../importRun';
import { createImagePathResolver } from '../uncheckedImagePaths';
import { readAircraftFolder } from './aircraftReader';
import { readCarsFolder } from './carsReader';
import { resolveCoarseLabels } from './coarseLabels';
import type { CoarseLabelEndpoint } from './coarseLabels';
import { readCubFolder } from './cubReader';
import { readDogsFolder } from './dogsReader';
import { readInatFolder } from './inatReader';
import { checkLayout, describeLayout, detectDatasetLayout, FORMAT_NAMES } from './layoutDetection';
import type { DetectedLayout } from './layoutDetection';
import type { NativeReadContext, NativeSource } from './nativeTypes';

const RECORD_UNIT = 1024;

export interface NativeImportOptions extends ImportControl {
  format: NativeFormat | 'auto';
  folder: string;
  /** Default: "test" when the layout has it, else its first split ("val" for iNaturalist). */
  split?: string;
  /** Default "{format}-{split}". */
  name?: string;
  /** Report records whose image file does not exist (default true). */
  checkImages?: boolean;
  /** CSV fine,coarse: coarse labels for the classes it lists. */
  coarseMapFile?: string;
  /** iNaturalist: the taxonomy rank used as coarse label (default family). */
  coarseLevel?: string;
  /** Ask this endpoint for the coarse label of classes the dataset gives none. */
  coarseEndpoint?: CoarseLabelEndpoint;
}

export interface NativeImportResult extends ImportResult {
  layout: DetectedLayout;
  /** Where each label level came from. */
  labelSources: Record<LabelLevel, LabelSource>;
}

/** The layout to read: detected, or the one asked for, checked, with what it lacks in the error. */
export function resolveLayout(format: NativeFormat | 'auto', folder: string): DetectedLayout {
  if (format === 'auto') {
    const detected = detectDatasetLayout(folder);
    if (!detected.ok) throw new InputError(detected.message, folder);
    return detected.layout;
  }
  const check = checkLayout(format, folder);
  if (check.missing.length > 0 || check.splits.length === 0) {
    // The dataset may sit one folder down, as archives unpack.
    const detected = detectDatasetLayout(folder);
    if (detected.ok && detected.layout.format === format) return detected.layout;
    throw new InputError(
      `${folder}: not a ${FORMAT_NAMES[format]} folder: missing ${check.missing.join(', ')}` +
        (check.found.length > 0 ? ` (found ${check.found.join(', ')})` : ''),
      folder,
    );
  }
  return { format, folder, found: check.found, splits: check.splits };
}

function defaultSplit(layout: DetectedLayout): string {
  if (layout.splits.includes('test')) return 'test';
  return layout.splits[0] ?? 'test';
}

function readSource(format: NativeFormat, ctx: NativeReadContext): Promise<NativeSource> {
  switch (format) {
    case 'cub':
      return readCubFolder(ctx, false);
    case 'nabirds':
      return readCubFolder(ctx, true);
    case 'aircraft':
      return readAircraftFolder(ctx);
    case 'dogs':
      return readDogsFolder(ctx);
    case 'cars':
      return readCarsFolder(ctx);
    case 'inat':
      return readInatFolder(ctx);
  }
}

export async function importNativeDataset(
  store: ImportTarget,
  options: NativeImportOptions,
): Promise<NativeImportResult> {
  const startedAt = performance.now();
  const layout = resolveLayout(options.format, resolve(options.folder));
  const split = options.split ?? defaultSplit(layout);
  if (!layout.splits.includes(split) && layout.format !== 'inat')
    throw new InputError(
      `${describeLayout(layout)}: no split "${split}" (choose one of ${layout.splits.join(', ')})`,
      layout.folder,
    );
  const log = new ImportIssueLog();
  const ctx: NativeReadContext = { folder: layout.folder, split, log };
  if (options.coarseLevel !== undefined) {
    if (layout.format !== 'inat')
      throw new InputError(
        `--coarse-level applies to iNaturalist only (this is ${FORMAT_NAMES[layout.format]})`,
        layout.folder,
      );
    ctx.coarseRank = options.coarseLevel;
  }
  if (options.signal) ctx.signal = options.signal;
  const source = await readSource(layout.format, ctx);
  const coarse = await resolveCoarseLabels(
    layout.format,
    source.classes,
    source.levels.coarse,
    {
      classesFile: source.files[source.files.length - 1] ?? layout.folder,
      mapFile: options.coarseMapFile,
      endpoint: options.coarseEndpoint,
      signal: options.signal,
    },
    log,
  );
  const labelSources: Record<LabelLevel, LabelSource> = {
    superordinate: source.levels.superordinate,
    coarse: coarse.source,
    fine: source.levels.fine,
  };
  const locator = createImagePathResolver(source.imagesDir, options.checkImages ?? true);
  // The readers have read their files already: the size projection runs on the share of records
  // written instead, each counted as RECORD_UNIT "bytes" of a virtual input.
  const position = { bytesRead: 0 };
  const file = source.files[0] ?? join(layout.folder, '(index)');
  // Built once per class: every sample of the class shares the same path.
  const taxonomyOf = new Map<string, { rank: string; name: string }[]>();
  for (const cls of source.classes.values())
    if (cls.taxonomy)
      taxonomyOf.set(
        cls.key,
        cls.taxonomy.map((n) => ({ rank: n.rank, name: n.name })),
      );
  const result = await runImport(store, {
    meta: {
      name: options.name ?? `${layout.format}-${split}`,
      rootDir: source.imagesDir,
      format: layout.format,
      split,
      source: {
        layout: layout.format,
        levels: labelSources,
        ...(source.taxonomyRanks ? { taxonomyRanks: source.taxonomyRanks } : {}),
      },
    },
    file,
    log,
    concepts: undefined,
    startedAt,
    control: options,
    input: { bytes: Math.max(1, source.records.length) * RECORD_UNIT, position },
    async emitRows(rows) {
      for (let i = 0; i < source.skipped; i++) rows.skip();
      for (const record of source.records) {
        position.bytesRead += RECORD_UNIT;
        const cls = source.classes.get(record.classKey);
        const located = locator.locate(record.image);
        if (!cls || !located.ok) {
          log.error(
            record.file,
            record.line,
            'image',
            located.ok ? `unknown class ${record.classKey}` : located.reason,
          );
          rows.skip();
          continue;
        }
        const { sourceSplit, ...metadata } = record.metadata;
        const taxonomy = taxonomyOf.get(cls.key);
        const sample: NewSample = {
          idx: record.idx,
          imagePath: located.imagePath,
          superordinate: cls.superordinate,
          coarse: coarse.coarse.get(cls.key) ?? cls.coarse ?? [cls.superordinate],
          fine: cls.fine,
          split: typeof sourceSplit === 'string' ? sourceSplit : split,
          metadata: {
            ...metadata,
            source: cls.source,
            ...(taxonomy ? { taxonomy } : {}),
          },
        };
        rows.add(sample);
      }
    },
  });
  return { ...result, layout, labelSources };
}
