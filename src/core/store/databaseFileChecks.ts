// Decisions taken at open about files around the database: a journal whose database is gone
// or empty, and temp files a killed save left behind. None of them may lose saved work silently.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { StoreError } from '../errors';
import type { Journal } from './journal';
import type { StoreWarnings } from './journalDamage';

/**
 * The database file is missing or empty. A journal without its database belongs to a file that
 * is gone: it is never replayed into a new database, and a start-over is refused while it holds
 * records of an emptied file (restoring the file brings them back).
 */
export function startOverWithoutFile(
  dbPath: string,
  journal: Journal,
  fileIsEmpty: boolean,
  readOnly: boolean,
  warnings: StoreWarnings,
): void {
  if (!existsSync(journal.path)) {
    if (fileIsEmpty) {
      warnings.warn({
        code: 'empty-database-file',
        file: dbPath,
        message: `The database file ${dbPath} was empty (0 bytes); a new database was started in it.`,
      });
    }
    return;
  }
  const records = journal.read()?.records.length ?? 0;
  if (fileIsEmpty && records > 0) {
    throw new StoreError(
      `The database file ${dbPath} is empty (0 bytes) but its journal ${journal.path} holds ` +
        `${records} saved operation(s). Nothing was changed. Restore the database file from a backup, ` +
        `or move both files aside to start a new database.`,
      'corrupt',
    );
  }
  if (readOnly) return;
  const aside = `${journal.path}.orphan-${Date.now()}`;
  renameSync(journal.path, aside);
  warnings.warn({
    code: 'orphan-journal',
    file: journal.path,
    message: `The journal ${journal.path} had no database file; it was moved to ${aside} and a new database was started.`,
  });
}

/** A killed checkpoint or import leaves its temp file (up to the database's size); only lock holders write them. */
export function removeLeftoverTempFiles(dbPath: string, journalPath: string): void {
  rmSync(`${dbPath}.tmp`, { force: true });
  rmSync(`${journalPath}.tmp`, { force: true });
}
