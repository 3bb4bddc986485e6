// A short-lived exclusive lock between processes sharing one database file (two VS Code
// windows, a window and the CLI). The store API is synchronous, so waiting is a blocking
// sleep; writers hold the lock for a few milliseconds, imports for longer (with a heartbeat).
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { StoreError } from '../errors';

export interface FileLockOptions {
  /** Give up (StoreError 'locked') after waiting this long. */
  timeoutMs?: number;
  /** A lock whose file was not touched for this long is considered abandoned. */
  staleMs?: number;
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  createdAt: string;
}

const HEARTBEAT_MS = 1000;
/** Creating the lock and writing its owner takes microseconds: an ownerless lock this old was abandoned. */
const OWNERLESS_STALE_MS = 1000;
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

export class FileLock {
  private readonly timeoutMs: number;
  private readonly staleMs: number;
  private readonly host = hostname();
  private token: string | undefined;
  private depth = 0;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    readonly path: string,
    options: FileLockOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.staleMs = options.staleMs ?? 10_000;
  }

  get held(): boolean {
    return this.depth > 0;
  }

  /** Runs `work` holding the lock; re-entrant within this process. */
  withLock<T>(work: () => T): T {
    this.acquire();
    try {
      return work();
    } finally {
      this.release();
    }
  }

  /** Like withLock for async work; refreshes the lock file so others do not think it abandoned. */
  async withLockAsync<T>(work: () => Promise<T>): Promise<T> {
    this.acquire();
    const ownsHeartbeat = this.heartbeat === undefined;
    if (ownsHeartbeat) {
      this.heartbeat = setInterval(() => this.touch(), HEARTBEAT_MS);
      this.heartbeat.unref();
    }
    try {
      return await work();
    } finally {
      if (ownsHeartbeat && this.heartbeat !== undefined) {
        clearInterval(this.heartbeat);
        this.heartbeat = undefined;
      }
      this.release();
    }
  }

  /** One attempt, no waiting: true when the lock is now held. */
  tryAcquire(): boolean {
    if (this.depth > 0) {
      this.depth++;
      return true;
    }
    if (this.tryCreate()) return true;
    if (this.removeIfStale() && this.tryCreate()) return true;
    return false;
  }

  acquire(): void {
    const deadline = Date.now() + this.timeoutMs;
    let pause = 1;
    while (!this.tryAcquire()) {
      if (Date.now() >= deadline) {
        throw new StoreError(
          `The database is busy: another process holds ${this.path} (${this.describeOwner()}). Try again.`,
          'locked',
        );
      }
      sleepSync(pause);
      pause = Math.min(pause * 2, 25);
    }
  }

  release(): void {
    if (this.depth === 0) return;
    this.depth--;
    if (this.depth > 0) return;
    const owner = this.readOwner();
    // Only remove our own file: if ours was judged stale and replaced, the new one is not ours.
    if (owner?.token === this.token) {
      try {
        unlinkSync(this.path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    this.token = undefined;
  }

  private tryCreate(): boolean {
    const owner: LockOwner = {
      pid: process.pid,
      host: this.host,
      token: randomBytes(8).toString('hex'),
      createdAt: new Date().toISOString(),
    };
    let fd: number;
    try {
      fd = openSync(this.path, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw new StoreError(`Cannot create the lock file ${this.path}.`, 'io', { cause: error });
    }
    try {
      writeSync(fd, JSON.stringify(owner));
    } finally {
      closeSync(fd);
    }
    this.token = owner.token;
    this.depth = 1;
    return true;
  }

  private touch(): void {
    if (this.depth === 0) return;
    try {
      const now = new Date();
      utimesSync(this.path, now, now);
    } catch {
      // The next acquire reports real problems; a missed heartbeat only risks staleness.
    }
  }

  /** Removes an abandoned lock; true when there is no lock file any more. */
  private removeIfStale(): boolean {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.path).mtimeMs;
    } catch {
      return true;
    }
    const owner = this.readOwner();
    const ownerDead = owner !== undefined && owner.host === this.host && !isProcessAlive(owner.pid);
    const age = Date.now() - mtimeMs;
    const tooOld = age > (owner === undefined ? OWNERLESS_STALE_MS : this.staleMs);
    if (!ownerDead && !tooOld) return false;
    // Move the stale file aside under a unique name first, so two processes that both judged
    // it stale cannot delete each other's fresh lock.
    const aside = `${this.path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      renameSync(this.path, aside);
    } catch {
      return false;
    }
    const movedOwner = readOwnerFile(aside);
    if (owner !== undefined && movedOwner?.token !== owner.token) {
      // We moved a lock that someone created after our check: put it back if the name is free.
      try {
        renameSync(aside, this.path);
      } catch {
        unlinkSync(aside);
      }
      return false;
    }
    unlinkSync(aside);
    return true;
  }

  private readOwner(): LockOwner | undefined {
    return readOwnerFile(this.path);
  }

  private describeOwner(): string {
    const owner = this.readOwner();
    return owner ? `process ${owner.pid} on ${owner.host} since ${owner.createdAt}` : 'unknown owner';
  }
}

function readOwnerFile(path: string): LockOwner | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'pid' in parsed && 'token' in parsed) {
      return parsed as LockOwner;
    }
  } catch {
    // Missing, or being written right now: treated as "no readable owner".
  }
  return undefined;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
