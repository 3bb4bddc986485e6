// A short-lived exclusive lock between processes sharing one database file (two VS Code
// windows, a window and the CLI). The store API is synchronous, so waiting is a blocking
// sleep; writers hold the lock for a few milliseconds, imports for longer (with a heartbeat).
//
// A lock is taken over only when its owner is provably gone: a process on this host that no
// longer exists (or whose pid now belongs to a younger process), or, for an owner on another
// host (a shared network folder), a lock file not refreshed for `staleMs`. A live owner on this
// host keeps its lock however long it is blocked or suspended. Holders check `owned()` before
// they write, so even a takeover across hosts never lets the old owner write over newer data.
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
  /** A lock of another host whose file was not touched for this long is considered abandoned. */
  staleMs?: number;
}

export interface LockOwner {
  pid: number;
  host: string;
  token: string;
  createdAt: string;
  /** Start time of the owning process (Linux /proc ticks), to tell a reused pid from its owner. */
  started?: string;
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

  /** True when we hold the lock and the lock file still names us (nobody took it over). */
  owned(): boolean {
    return this.depth > 0 && this.token !== undefined && readOwnerFile(this.path)?.token === this.token;
  }

  /** The current owner as recorded in the lock file, if any. */
  currentOwner(): LockOwner | undefined {
    return this.readOwner();
  }

  /** Runs `work` holding the lock; re-entrant within this process. */
  withLock<T>(work: () => T, timeoutMs?: number): T {
    this.acquire(timeoutMs);
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

  /**
   * Takes the lock without waiting and keeps it (refreshed by a heartbeat) until the returned
   * function is called; undefined when someone else holds it.
   */
  hold(): (() => void) | undefined {
    if (!this.tryAcquire()) return undefined;
    const heartbeat = setInterval(() => this.touch(), HEARTBEAT_MS);
    heartbeat.unref();
    return () => {
      clearInterval(heartbeat);
      this.release();
    };
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

  acquire(timeoutMs = this.timeoutMs): void {
    const deadline = Date.now() + timeoutMs;
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
    const started = processStartTime(process.pid);
    if (started !== undefined) owner.started = started;
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

  /**
   * Who holds the lock now, without taking it: undefined when nobody does or its owner is gone
   * (a listing must not create the lock file, or a process claiming it that instant is refused).
   */
  liveOwner(): LockOwner | undefined {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.path).mtimeMs;
    } catch {
      return undefined;
    }
    const owner = this.readOwner();
    return owner !== undefined && !this.isAbandoned(owner, mtimeMs) ? owner : undefined;
  }

  private isAbandoned(owner: LockOwner | undefined, mtimeMs: number): boolean {
    const age = Date.now() - mtimeMs;
    if (owner === undefined) return age > OWNERLESS_STALE_MS;
    if (owner.host === this.host) return !isOwnerAlive(owner);
    return age > this.staleMs;
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
    if (!this.isAbandoned(owner, mtimeMs)) return false;
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
    return owner ? describeLockOwner(owner) : 'unknown owner';
  }
}

export function describeLockOwner(owner: LockOwner): string {
  return `process ${owner.pid} on ${owner.host} since ${owner.createdAt}`;
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

function isOwnerAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // The pid exists; it is still our owner unless it now names a different (younger) process.
  if (owner.started === undefined) return true;
  const started = processStartTime(owner.pid);
  return started === undefined || started === owner.started;
}

/** The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), Linux only. */
export function processStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count from its end.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19];
}
