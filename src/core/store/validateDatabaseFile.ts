// Recognises a file that is not an SQLite database, or a damaged one, before anything is
// written, so the user's file is left exactly as it was and the message names it.
import { renameSync } from 'node:fs';
import type { Database, SqlJsStatic } from 'sql.js';
import { StoreError } from '../errors';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const SQLITE_HEADER_BYTES = 100;

export function openValidatedDatabase(sql: SqlJsStatic, bytes: Uint8Array, path: string): Database {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (
    file.byteLength < SQLITE_HEADER_BYTES ||
    !file.subarray(0, SQLITE_MAGIC.byteLength).equals(SQLITE_MAGIC)
  ) {
    throw new StoreError(
      `${path} is not a Finer Lens database (not an SQLite file). Move it aside or choose another location.`,
      'not-sqlite',
    );
  }
  const damaged = (detail: string, cause?: unknown): StoreError =>
    new StoreError(
      `The database ${path} is damaged (${detail}). Move it aside to start a new one.`,
      'corrupt',
      {
        cause,
      },
    );
  const sizeProblem = sizeMismatch(file);
  if (sizeProblem !== undefined) throw damaged(sizeProblem);
  let db: Database | undefined;
  try {
    db = new sql.Database(bytes);
    // Reading the schema alone misses a damaged inner page, which then fails some later query
    // (or, worse, is folded back into the file). quick_check reads every page once.
    const problems = quickCheckProblems(db);
    if (problems.length > 0) throw damaged(`integrity check: ${problems.join('; ')}`);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof StoreError) throw error;
    throw damaged(error instanceof Error ? error.message : String(error), error);
  }
}

/** PRAGMA quick_check's findings (empty when the file is sound); at most a few, for the message. */
function quickCheckProblems(db: Database): string[] {
  const result = db.exec('PRAGMA quick_check(5)');
  const lines = (result[0]?.values ?? []).map((row) => String(row[0]));
  return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
}

/** Compares the file size with the page count the header records (a cut-short file fails). */
function sizeMismatch(file: Buffer): string | undefined {
  const rawPageSize = file.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return `invalid page size ${rawPageSize}`;
  if (file.byteLength % pageSize !== 0)
    return `size ${file.byteLength} is not a whole number of ${pageSize}-byte pages`;
  const changeCounter = file.readUInt32BE(24);
  const pageCount = file.readUInt32BE(28);
  const countIsValid = file.readUInt32BE(92) === changeCounter && pageCount > 0;
  if (countIsValid && pageCount * pageSize !== file.byteLength) {
    return `the header records ${pageCount} pages of ${pageSize} bytes but the file has ${file.byteLength} bytes`;
  }
  return undefined;
}

/**
 * Renames a damaged database (and its journal) to `<name>.corrupt-<timestamp>` so a new
 * one can be created; returns the new path of the database file.
 */
export function moveDatabaseAside(dbPath: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${dbPath}.corrupt-${stamp}`;
  renameSync(dbPath, target);
  try {
    renameSync(`${dbPath}.journal`, `${target}.journal`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return target;
}
