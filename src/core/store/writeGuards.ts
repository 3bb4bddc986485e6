// The checks a process makes under the lock before it writes, so that it never writes over
// changes it has not seen: it still owns the lock, and (for bulk work that ran without
// catching up) neither the database file nor the journal moved since it last read them.
import { StoreError } from '../errors';
import { identityOf, sameIdentity, type FileIdentity } from './fileIdentity';
import type { FileLock } from './fileLock';
import type { Journal } from './journal';

export type GuardedWork = 'write' | 'import' | 'save';

/** Throws when another process took the lock over (we must not write). */
export function assertLockOwned(lock: FileLock, dbPath: string, what: GuardedWork): void {
  if (lock.owned()) return;
  const owner = lock.currentOwner();
  const detail = owner ? `process ${owner.pid} on ${owner.host}` : 'another process';
  const consequence =
    what === 'import'
      ? 'The import was not saved; nothing else was changed. Run it again.'
      : 'Nothing was written; try again.';
  throw new StoreError(`Lost the lock on ${dbPath} to ${detail} while working. ${consequence}`, 'conflict');
}

/** Where this process last caught up with the files. */
export interface DiskPosition {
  journalOffset: number;
  generation: string;
  fileIdentity: FileIdentity | undefined;
}

/** Throws when the file or the journal changed since `seen` (bulk work only). */
export function assertUnchangedOnDisk(journal: Journal, dbPath: string, seen: DiskPosition): void {
  const tail = journal.read(seen.journalOffset);
  const journalMoved =
    tail !== undefined &&
    (tail.header.generation !== seen.generation || tail.records.length > 0 || tail.size < seen.journalOffset);
  if (journalMoved || !sameIdentity(seen.fileIdentity, identityOf(dbPath))) {
    throw new StoreError(
      `${dbPath} was changed by another process while an import was running. The import was ` +
        'not saved; nothing else was changed. Run it again.',
      'conflict',
    );
  }
}
