// Imports a generic manifest: JSON Lines or CSV rows of image path + three label levels,
// for datasets that do not come from a FINER release. Formats: docs/formats.md.
import { basename, extname } from 'node:path';
import { describeOversizedRow } from '../boundedLines';
import { InputError } from '../errors';
import type { NewSample } from '../model';
import { readCsvRecords } from './csvRecords';
import { openImportSources, runImport } from './importRun';
import type { ImportControl, ImportResult, ImportTarget, RowReceiver } from './importRun';
import {
  describeType,
  fieldsWithReplacementChars,
  invalidUtf8Problems,
  parseJsonObjectLine,
  readLabel,
  readLabelList,
  readMetadata,
} from './labelFields';
import type { FieldCheck, FieldProblem } from './labelFields';
import { forEachContentLine } from './textLineReader';

export interface ManifestImportOptions extends ImportControl {
  /** `.jsonl` / `.ndjson` or `.csv`. */
  manifestFile: string;
  /** Concept attributes in the FINER shape. */
  attributesFile?: string;
  /** Folder image paths are relative to; default: the folder of the manifest. */
  rootDir?: string;
  /** Default: the manifest file name without extension. */
  name?: string;
  /** Dataset split, and the split of rows that name none (default "test"). */
  split?: string;
  /** Report rows whose image file does not exist (default true). */
  checkImages?: boolean;
}

export interface ManifestRow {
  image: string;
  superordinate: string;
  coarse: string[];
  fine: string[];
  split?: string;
  metadata: Record<string, unknown>;
}

export type ManifestRowResult =
  | { ok: true; row: ManifestRow; warnings: FieldProblem[] }
  | { ok: false; errors: FieldProblem[]; warnings: FieldProblem[] };

export const MANIFEST_CSV_REQUIRED_COLUMNS = ['image', 'superordinate', 'coarse', 'fine'] as const;

/** Builds a row from already-typed values; shared by the JSONL and CSV parsers. */
function buildRow(values: Record<string, unknown>, metadata: Record<string, unknown>): ManifestRowResult {
  const errors: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];
  const check = <T>(field: string, result: FieldCheck<T>): T | undefined => {
    if (!result.ok) {
      errors.push({
        field,
        reason: result.reason === 'empty label' && field === 'image' ? 'empty path' : result.reason,
      });
      return undefined;
    }
    if (result.warning) warnings.push({ field, reason: result.warning });
    return result.value;
  };
  const image = check('image', readLabel(values['image']));
  const superordinate = check('superordinate', readLabel(values['superordinate']));
  const coarse = check('coarse', readLabelList(values['coarse']));
  const fine = check('fine', readLabelList(values['fine']));
  let split: string | undefined;
  const rawSplit = values['split'];
  if (rawSplit !== undefined && rawSplit !== null && rawSplit !== '') {
    if (typeof rawSplit === 'string') split = rawSplit.trim() || undefined;
    else
      errors.push({ field: 'split', reason: `wrong type: expected a string, got ${describeType(rawSplit)}` });
  }
  if (errors.length > 0 || image === undefined || superordinate === undefined || !coarse || !fine) {
    return { ok: false, errors, warnings };
  }
  const row: ManifestRow = { image, superordinate, coarse, fine, metadata };
  if (split !== undefined) row.split = split;
  return { ok: true, row, warnings };
}

/** Parses one non-blank JSON Lines manifest line; `invalidUtf8`: its bytes were not UTF-8 (refused). */
export function parseManifestJsonLine(text: string, invalidUtf8 = false): ManifestRowResult {
  const parsed = parseJsonObjectLine(text);
  if (!parsed.ok) return { ok: false, errors: [parsed.problem], warnings: [] };
  if (invalidUtf8) {
    return { ok: false, errors: invalidUtf8Problems(fieldsWithReplacementChars(parsed.value)), warnings: [] };
  }
  const { metadata, warning } = readMetadata(parsed.value['metadata']);
  const result = buildRow(parsed.value, metadata);
  if (warning) result.warnings.push({ field: 'metadata', reason: warning });
  return result;
}

/** Column positions of a CSV manifest header; throws InputError if a required column is missing. */
export function parseManifestCsvHeader(fields: string[], file: string, line: number): string[] {
  const columns = fields.map((f) => f.trim().toLowerCase());
  const missing = MANIFEST_CSV_REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new InputError(
      `${file}:${line}: the CSV header must name the columns ${MANIFEST_CSV_REQUIRED_COLUMNS.join(',')}[,split]; missing: ${missing.join(', ')}`,
      file,
      line,
      missing[0],
    );
  }
  return columns;
}

/**
 * Parses one CSV record against the header; `|` separates list values, other columns go to
 * metadata. `invalidUtf8`: the record's bytes were not valid UTF-8 (refused, naming the columns).
 */
export function parseManifestCsvRecord(
  columns: string[],
  fields: string[],
  invalidUtf8 = false,
): ManifestRowResult {
  if (invalidUtf8) {
    const bad = columns.filter((column, i) => column !== '' && fields[i]?.includes('\uFFFD'));
    return { ok: false, errors: invalidUtf8Problems(bad), warnings: [] };
  }
  const values: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const cell = fields[i];
    if (cell === undefined) return;
    if (column === 'coarse' || column === 'fine') values[column] = cell.split('|');
    else if (column === 'image' || column === 'superordinate' || column === 'split') values[column] = cell;
    else if (column !== '') metadata[column] = cell;
  });
  const result = buildRow(values, metadata);
  if (fields.length < columns.length) {
    const reason = `expected ${columns.length} fields, got ${fields.length}`;
    if (result.ok) result.warnings.push({ reason });
    else result.errors.unshift({ reason });
  } else if (fields.length > columns.length) {
    result.warnings.push({ reason: `${fields.length - columns.length} field(s) beyond the header ignored` });
  }
  return result;
}

export function isCsvManifest(file: string): boolean {
  return extname(file).toLowerCase() === '.csv';
}

export async function importManifest(
  store: ImportTarget,
  options: ManifestImportOptions,
): Promise<ImportResult> {
  const { startedAt, file, rootDir, log, concepts, locator, inputBytes, position } = await openImportSources({
    file: options.manifestFile,
    rootDir: options.rootDir,
    attributesFile: options.attributesFile,
    checkImages: options.checkImages,
  });
  const name = options.name ?? basename(file).replace(/\.[^.]*$/, '');
  const split = options.split ?? 'test';
  const seenImages = new Map<string, number>();
  let ordinal = 0;

  const acceptRow = (rows: RowReceiver, line: number, parsed: ManifestRowResult): void => {
    const idx = ordinal++;
    if (!log.row(file, line, parsed)) {
      rows.skip();
      return;
    }
    const { row } = parsed;
    const located = locator.locate(row.image);
    if (!located.ok) {
      log.error(file, line, 'image', located.reason);
      rows.skip();
      return;
    }
    const firstLine = seenImages.get(located.imagePath);
    if (firstLine !== undefined)
      log.warning(file, line, 'image', `duplicate image (also on line ${firstLine})`);
    else seenImages.set(located.imagePath, line);
    const sample: NewSample = {
      idx,
      imagePath: located.imagePath,
      superordinate: row.superordinate,
      coarse: row.coarse,
      fine: row.fine,
      split: row.split ?? split,
      metadata: row.metadata,
    };
    rows.add(sample);
  };

  return runImport(store, {
    meta: { name, rootDir, format: 'manifest', split },
    file,
    log,
    concepts,
    startedAt,
    control: options,
    input: { bytes: inputBytes, position },
    async emitRows(rows) {
      if (!isCsvManifest(file)) {
        await forEachContentLine(
          file,
          log,
          ({ line, text, oversized, bytes, invalidUtf8 }) => {
            if (!oversized) return acceptRow(rows, line, parseManifestJsonLine(text, invalidUtf8));
            ordinal++;
            log.error(file, line, undefined, describeOversizedRow(bytes));
            rows.skip();
          },
          position,
        );
        return;
      }
      let columns: string[] | undefined;
      for await (const record of readCsvRecords(file, log, position)) {
        if (!columns) {
          if (!record.ok)
            throw new InputError(
              `${file}:${record.line}: bad CSV header (${record.reason})`,
              file,
              record.line,
            );
          columns = parseManifestCsvHeader(record.fields, file, record.line);
          continue;
        }
        if (!record.ok) {
          ordinal++;
          log.error(file, record.line, undefined, record.reason);
          rows.skip();
          continue;
        }
        acceptRow(
          rows,
          record.line,
          parseManifestCsvRecord(columns, record.fields, record.invalidUtf8 === true),
        );
      }
      if (!columns) throw new InputError(`${file}: the file is empty (only blank lines)`, file);
    },
  });
}
