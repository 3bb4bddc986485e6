// The part every importer shares: one store transaction, counting, the "no valid row"
// rollback, adding concepts and building the summary.
import { dirname, resolve } from 'node:path';
import type { ReadPosition } from '../boundedLines';
import { FinerLensError, InputError } from '../errors';
import type { ImportIssue, ImportSummary, NewConcept, NewDataset, NewSample } from '../model';
import type { FinerStore } from '../store/finerStore';
import { FineClassIndex } from './conceptMatching';
import { DatabaseSizeBudget } from './databaseSizeBudget';
import { readFinerAttributesFile } from './finerAttributes';
import { ImportIssueLog } from './importIssueLog';
import { assertReadableFile } from './textLineReader';
import { createImagePathResolver } from './uncheckedImagePaths';
import type { ImagePathResolver } from './uncheckedImagePaths';

/** The part of the store an importer needs. */
export type ImportTarget = Pick<FinerStore, 'importDataset'>;

/** How a caller follows and cancels a long import. */
export interface ImportControl {
  /** Aborting it stops the import; nothing is written (the transaction rolls back). */
  signal?: AbortSignal;
  /** Called every PROGRESS_EVERY rows with the number of rows read so far. */
  onProgress?: (rowsRead: number) => void;
  /** Refuse an import projected to grow the database past this (default MAX_DATABASE_BYTES). */
  maxDatabaseBytes?: number;
}

/** Thrown when an import was cancelled through its signal; the database is unchanged. */
export class ImportCancelledError extends FinerLensError {
  constructor(file: string) {
    super(`Import of ${file} cancelled; nothing was written.`);
  }
}

const PROGRESS_EVERY = 1000;

/** ImportSummary plus the total counts of issues (the stored list is capped). */
export interface ImportResult extends ImportSummary {
  errors: number;
  warnings: number;
}

/** Thrown (and the transaction rolled back) when a file yields no importable row. */
export class NoValidRowsError extends InputError {
  constructor(
    file: string,
    readonly issues: ImportIssue[],
  ) {
    const first = issues.find((i) => i.severity === 'error');
    const hint = first
      ? `; first problem: line ${first.line ?? '?'}${first.field ? ` (${first.field})` : ''}: ${first.reason}`
      : '';
    super(`${file}: no valid rows to import${hint}`, file, first?.line, first?.field);
  }
}

export interface RowReceiver {
  add(sample: NewSample): void;
  skip(): void;
}

export interface ImportRunSpec {
  meta: NewDataset;
  /** The row file, named in the "no valid rows" error. */
  file: string;
  log: ImportIssueLog;
  /** Concepts from an attributes file, or undefined when none was given. */
  concepts: NewConcept[] | undefined;
  startedAt: number;
  control?: ImportControl;
  /** Size of the row file and how far its reader has got, to project the database size. */
  input?: { bytes: number; position: ReadPosition };
  emitRows(rows: RowReceiver): Promise<void>;
}

/** What every importer opens before reading rows. */
export interface ImportSources {
  startedAt: number;
  /** The row file, resolved. */
  file: string;
  rootDir: string;
  log: ImportIssueLog;
  concepts: NewConcept[] | undefined;
  locator: ImagePathResolver;
  /** Size of the row file in bytes. */
  inputBytes: number;
  /** Pass to the row reader: it counts the bytes read, for the size projection. */
  position: ReadPosition;
}

/**
 * Checks the row file is readable, reads the attributes file (if any) and sets up image lookup
 * under `rootDir` (default: the folder of the row file).
 */
export async function openImportSources(options: {
  file: string;
  rootDir: string | undefined;
  attributesFile: string | undefined;
  checkImages: boolean | undefined;
}): Promise<ImportSources> {
  const startedAt = performance.now();
  const file = resolve(options.file);
  const inputBytes = await assertReadableFile(file);
  const rootDir = resolve(options.rootDir ?? dirname(file));
  const log = new ImportIssueLog();
  const concepts = options.attributesFile
    ? await readFinerAttributesFile(resolve(options.attributesFile), log)
    : undefined;
  return {
    startedAt,
    file,
    rootDir,
    log,
    concepts,
    locator: createImagePathResolver(rootDir, options.checkImages ?? true),
    inputBytes,
    position: { bytesRead: 0 },
  };
}

export async function runImport(store: ImportTarget, spec: ImportRunSpec): Promise<ImportResult> {
  const classes = new FineClassIndex();
  let imported = 0;
  let skipped = 0;
  const { signal, onProgress, maxDatabaseBytes } = spec.control ?? {};
  const budget =
    spec.input &&
    new DatabaseSizeBudget({
      file: spec.file,
      inputBytes: spec.input.bytes,
      position: spec.input.position,
      limitBytes: maxDatabaseBytes,
    });
  let databaseBytes: (() => number) | undefined;
  // Runs once per row: throwing here rolls the whole import back.
  const step = (): void => {
    if (signal?.aborted) throw new ImportCancelledError(spec.file);
    const rows = imported + skipped;
    if (rows % PROGRESS_EVERY !== 0) return;
    onProgress?.(rows);
    if (budget && databaseBytes) budget.check(databaseBytes(), rows);
  };
  const stored = await store.importDataset(spec.meta, async (sink) => {
    if (sink.estimatedDatabaseBytes) {
      databaseBytes = () => sink.estimatedDatabaseBytes?.() ?? 0;
      budget?.check(databaseBytes(), 0);
    }
    await spec.emitRows({
      add(sample) {
        sink.addSample(sample);
        classes.addSample(sample.fine);
        imported++;
        step();
      },
      skip() {
        skipped++;
        step();
      },
    });
    if (signal?.aborted) throw new ImportCancelledError(spec.file);
    if (imported === 0) throw new NoValidRowsError(spec.file, spec.log.toList());
    for (const concept of spec.concepts ?? []) sink.addConcept(concept);
  });
  const match = spec.concepts
    ? classes.report(spec.concepts)
    : { unmatchedConcepts: [], unmatchedClasses: [] };
  return {
    datasetId: stored.datasetId,
    datasetName: spec.meta.name,
    imported,
    skipped,
    concepts: stored.concepts,
    unmatchedConcepts: match.unmatchedConcepts,
    unmatchedClasses: match.unmatchedClasses,
    issues: spec.log.toList(),
    errors: spec.log.errors,
    warnings: spec.log.warnings,
    durationMs: performance.now() - spec.startedAt,
  };
}
