// One process at a time executes a run: a second `run --resume` of the same run (or the same
// run started from a VS Code window and the CLI) would send every pending request twice, at
// double cost on a paid API. The lease is a lock file beside the database, held while the run
// executes and taken over only when its owner process is gone (see FileLock).
import { StoreError } from '../errors';
import { describeLockOwner, FileLock } from './fileLock';

export interface RunLease {
  readonly runId: number;
  release(): void;
}

export function runLeasePath(dbPath: string, runId: number): string {
  return `${dbPath}.run-${runId}.lock`;
}

export function claimRunLease(dbPath: string, runId: number): RunLease {
  const lock = new FileLock(runLeasePath(dbPath, runId));
  const release = lock.hold();
  if (release === undefined) {
    const owner = lock.currentOwner();
    throw new StoreError(
      `Run ${runId} is already being executed by ${owner ? describeLockOwner(owner) : 'another process'}. ` +
        'Wait for it to finish, or stop it, before resuming it here.',
      'locked',
    );
  }
  let released = false;
  return {
    runId,
    release: () => {
      if (released) return;
      released = true;
      release();
    },
  };
}

/** Who executes the run right now, if anyone (for listings: running vs. resumable). */
export function runLeaseOwner(dbPath: string, runId: number): string | undefined {
  const owner = new FileLock(runLeasePath(dbPath, runId)).liveOwner();
  return owner ? describeLockOwner(owner) : undefined;
}
