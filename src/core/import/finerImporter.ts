// Imports a FINER release: `unified-{dataset}-{split}-combined.jsonl` (one labelled
// sample per line) plus, optionally, the concept-attributes JSON file.
import { basename } from 'node:path';
import { describeOversizedRow } from '../boundedLines';
import type { NewSample } from '../model';
import { openImportSources, runImport } from './importRun';
import type { ImportControl, ImportResult, ImportTarget } from './importRun';
import {
  controlCharProblem,
  describeType,
  fieldsWithReplacementChars,
  invalidUtf8Problems,
  parseJsonObjectLine,
  readLabel,
  readLabelList,
  readMetadata,
} from './labelFields';
import type { FieldProblem } from './labelFields';
import { forEachContentLine } from './textLineReader';

export interface FinerImportOptions extends ImportControl {
  unifiedFile: string;
  attributesFile?: string;
  /** Folder the images are under (the dataset root); default: the folder of unifiedFile. */
  imagesDir?: string;
  /** Default "{dataset}-{split}" from the file name, else the file name. */
  name?: string;
  /** Default from the file name, else "test". */
  split?: string;
  /** Report rows whose image file does not exist (default true). */
  checkImages?: boolean;
}

/** One row of a unified FINER file, before its image path is located. */
export interface FinerUnifiedRow {
  idx: number;
  superordinate: string;
  coarse: string[];
  fine: string[];
  imgPath: string;
  metadata: Record<string, unknown>;
}

export type FinerLineResult =
  | { ok: true; row: FinerUnifiedRow; warnings: FieldProblem[] }
  | { ok: false; errors: FieldProblem[]; warnings: FieldProblem[] };

/**
 * Parses one non-blank line of a unified FINER file; reports every bad field of it.
 * `invalidUtf8`: the line's bytes were not valid UTF-8 (the row is refused).
 */
export function parseFinerUnifiedLine(text: string, invalidUtf8 = false): FinerLineResult {
  const parsed = parseJsonObjectLine(text);
  if (!parsed.ok) return { ok: false, errors: [parsed.problem], warnings: [] };
  const { value } = parsed;
  if (invalidUtf8) {
    return { ok: false, errors: invalidUtf8Problems(fieldsWithReplacementChars(value)), warnings: [] };
  }
  const errors: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];

  const idx = readIdx(value['idx'], text);
  if (!idx.ok) errors.push({ field: 'idx', reason: idx.reason });

  const superordinate = readLabel(value['basic-level-lbl']);
  if (!superordinate.ok) errors.push({ field: 'basic-level-lbl', reason: superordinate.reason });
  const coarse = readLabelList(value['coarse-level-lbl'], { warnOnString: true });
  if (!coarse.ok) errors.push({ field: 'coarse-level-lbl', reason: coarse.reason });
  else if (coarse.warning) warnings.push({ field: 'coarse-level-lbl', reason: coarse.warning });
  const fine = readLabelList(value['fine-level-lbl'], { warnOnString: true });
  if (!fine.ok) errors.push({ field: 'fine-level-lbl', reason: fine.reason });
  else if (fine.warning) warnings.push({ field: 'fine-level-lbl', reason: fine.warning });

  const rawPath = value['img_path'];
  if (rawPath === undefined) errors.push({ field: 'img_path', reason: 'missing field' });
  else if (typeof rawPath !== 'string') {
    errors.push({ field: 'img_path', reason: `wrong type: expected a string, got ${describeType(rawPath)}` });
  } else if (rawPath.trim() === '') errors.push({ field: 'img_path', reason: 'empty path' });
  else {
    const control = controlCharProblem(rawPath);
    if (control) errors.push({ field: 'img_path', reason: control.replace('label', 'path') });
  }

  const { metadata, warning: metadataWarning } = readMetadata(value['metadata']);
  if (metadataWarning) warnings.push({ field: 'metadata', reason: metadataWarning });

  if (
    errors.length > 0 ||
    !idx.ok ||
    !superordinate.ok ||
    !coarse.ok ||
    !fine.ok ||
    typeof rawPath !== 'string'
  ) {
    return { ok: false, errors, warnings };
  }
  return {
    ok: true,
    row: {
      idx: idx.value,
      superordinate: superordinate.value,
      coarse: coarse.value,
      fine: fine.value,
      imgPath: rawPath.trim(),
      metadata,
    },
    warnings,
  };
}

/**
 * `idx` must be a non-negative safe integer: JSON.parse turns 2^53+1 into 2^53 without a word
 * (and 2^53 would then clash with the real row 2^53), and the store would keep 1e300 as REAL.
 */
function readIdx(rawIdx: unknown, line: string): { ok: true; value: number } | { ok: false; reason: string } {
  if (rawIdx === undefined) return { ok: false, reason: 'missing field' };
  if (typeof rawIdx === 'number' && Number.isSafeInteger(rawIdx) && rawIdx >= 0) {
    return { ok: true, value: rawIdx };
  }
  if (typeof rawIdx === 'number' && Number.isInteger(rawIdx) && rawIdx > 0) {
    // The number as written: the parsed one may already have been rounded.
    const written = /"idx"\s*:\s*([-+0-9.eE]+)/.exec(line)?.[1] ?? String(rawIdx);
    return {
      ok: false,
      reason: `${written} is not a safe integer: an idx must be at most 2^53-1 (${Number.MAX_SAFE_INTEGER}) to be stored exactly`,
    };
  }
  return { ok: false, reason: `wrong type: expected a non-negative integer, got ${JSON.stringify(rawIdx)}` };
}

/** "{dataset}" and "{split}" from `unified-{dataset}-{split}-combined.jsonl`, if the name has that shape. */
export function parseFinerFileName(fileName: string): { dataset: string; split: string } | undefined {
  const match = /^unified-(.+)-([A-Za-z]+)-combined\.jsonl$/.exec(fileName);
  if (!match?.[1] || !match[2]) return undefined;
  return { dataset: match[1], split: match[2] };
}

export async function importFinerDataset(
  store: ImportTarget,
  options: FinerImportOptions,
): Promise<ImportResult> {
  const { startedAt, file, rootDir, log, concepts, locator, inputBytes, position } = await openImportSources({
    file: options.unifiedFile,
    rootDir: options.imagesDir,
    attributesFile: options.attributesFile,
    checkImages: options.checkImages,
  });
  const fromName = parseFinerFileName(basename(file));
  const name =
    options.name ??
    (fromName ? `${fromName.dataset}-${fromName.split}` : basename(file).replace(/\.[^.]*$/, ''));
  const split = options.split ?? fromName?.split ?? 'test';

  return runImport(store, {
    meta: { name, rootDir, format: 'finer', split },
    file,
    log,
    concepts,
    startedAt,
    control: options,
    input: { bytes: inputBytes, position },
    async emitRows(rows) {
      const seenIdx = new Set<number>();
      await forEachContentLine(
        file,
        log,
        ({ line, text, oversized, bytes, invalidUtf8 }) => {
          if (oversized) {
            log.error(file, line, undefined, describeOversizedRow(bytes));
            rows.skip();
            return;
          }
          const parsed = parseFinerUnifiedLine(text, invalidUtf8);
          if (!log.row(file, line, parsed)) {
            rows.skip();
            return;
          }
          const { row } = parsed;
          if (seenIdx.has(row.idx)) {
            log.error(file, line, 'idx', `duplicate idx ${row.idx}; row skipped`);
            rows.skip();
            return;
          }
          const located = locator.locate(row.imgPath);
          if (!located.ok) {
            log.error(file, line, 'img_path', located.reason);
            rows.skip();
            return;
          }
          seenIdx.add(row.idx);
          const sample: NewSample = {
            idx: row.idx,
            imagePath: located.imagePath,
            superordinate: row.superordinate,
            coarse: row.coarse,
            fine: row.fine,
            split,
            metadata: row.metadata,
          };
          rows.add(sample);
        },
        position,
      );
    },
  });
}
