// An in-memory sql.js database made durable by an operation journal and atomic checkpoints,
// and shared safely between processes through a lock file. See docs/schema.md ("Durability").
//
// Invariants:
// - the database file is only ever replaced atomically (temp file, fsync, rename, fsync dir);
// - its meta row `applied_seq` is the last journal seq folded into it;
// - the journal holds, after a header naming its generation, records with increasing seq;
// - every write happens under the lock, after applying what other processes appended;
// - nothing is written by a process that no longer owns the lock, and the file is never
//   replaced by a copy that has not seen the file's and the journal's latest contents.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import { StoreError } from '../errors';
import { replaceFileDurably } from './atomicWrite';
import { FileLock } from './fileLock';
import type { JournalHandle, JournalHeader, JournalRecord, JournalTail, SqlOp, SqlParam } from './journal';
import { Journal, newGeneration } from './journal';
import { migrate } from './schema';
import { IdleTask } from './idleTask';
import type { Row } from './statementCache';
import { StatementCache } from './statementCache';
import { asStoreError, toStoreError } from './sqlErrors';
import { openValidatedDatabase } from './validateDatabaseFile';
import { identityOf, sameIdentity, type FileIdentity } from './fileIdentity';
import type { StoreWarning } from './journalDamage';
import { StoreWarnings } from './journalDamage';
import { removeLeftoverTempFiles, startOverWithoutFile } from './databaseFileChecks';
import { assertLockOwned, assertUnchangedOnDisk } from './writeGuards';
import { replayJournalRecords } from './journalReplay';
import { FOLD_FUNCTION, foldForSearch } from './searchFold';

export interface DurableDatabaseOptions {
  checkpointIdleMs?: number;
  lockTimeoutMs?: number;
  /** Fold the journal right away when it grows past this size (bytes). */
  maxJournalBytes?: number;
  /** Receives failures of background work (the idle checkpoint); defaults to console.warn. */
  onBackgroundError?: (error: unknown) => void;
  /** Receives problems the store recovered from (a damaged journal); also kept in `warnings`. */
  onWarning?: (warning: StoreWarning) => void;
  /** Never fold the journal or write the file (inspection commands); writes are refused. */
  readOnly?: boolean;
  /** A lock held by a process on another host is taken over after this long without refresh. */
  lockStaleMs?: number;
}

interface WriteOutcome {
  external: boolean;
  wrote: boolean;
}

/** Runs one statement inside a bulk transaction (prepared once, reused). */
export type BulkRunner = (sql: string, params: SqlParam[]) => void;

export class DurableDatabase {
  private readonly journal: Journal;
  private readonly lock: FileLock;
  private readonly statements = new StatementCache(() => this.db);
  private readonly changeListeners = new Set<(source: 'local' | 'external') => void>();
  private readonly idleCheckpoint: IdleTask;
  private readonly maxJournalBytes: number;
  private readonly onBackgroundError: (error: unknown) => void;
  private db: Database;
  private generation = '';
  private headerEnd = 0;
  /** End of the last journal record applied to memory (and where the next one goes). */
  private journalOffset = 0;
  private lastSeq = 0;
  private bulkActive = false;
  private closed = false;
  private fileIdentity: FileIdentity | undefined;
  private readonly warningLog: StoreWarnings;
  private readonly readOnly: boolean;

  private constructor(
    private readonly sql: SqlJsStatic,
    readonly path: string,
    options: DurableDatabaseOptions,
  ) {
    this.journal = new Journal(`${path}.journal`);
    this.lock = new FileLock(`${path}.lock`, {
      timeoutMs: options.lockTimeoutMs,
      staleMs: options.lockStaleMs,
    });
    this.warningLog = new StoreWarnings(options.onWarning);
    this.readOnly = options.readOnly ?? false;
    this.idleCheckpoint = new IdleTask(() => this.checkpointWhenIdle(), options.checkpointIdleMs ?? 5000);
    this.maxJournalBytes = options.maxJournalBytes ?? 16 * 1024 * 1024;
    this.onBackgroundError =
      options.onBackgroundError ?? ((error) => console.warn('[finer-lens store]', error));
    this.db = new sql.Database();
  }

  static open(sql: SqlJsStatic, path: string, options: DurableDatabaseOptions = {}): DurableDatabase {
    const store = new DurableDatabase(sql, path, options);
    try {
      mkdirSync(dirname(path), { recursive: true });
      store.lock.withLock(() => store.load());
    } catch (error) {
      store.db.close();
      throw asStoreError(error, `Cannot open the database ${path}`);
    }
    return store;
  }

  get journalPath(): string {
    return this.journal.path;
  }

  /** Problems recovered from since open (also sent to `onWarning`). */
  get warnings(): readonly StoreWarning[] {
    return this.warningLog.list;
  }

  onChange(listener: (source: 'local' | 'external') => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  // ---- reads ----------------------------------------------------------------------------

  all<T extends Row = Row>(sql: string, params: SqlParam[] = []): T[] {
    return this.statements.rows<T>(sql, params);
  }

  /** Rows as arrays of column values, in the query's column order. */
  values(sql: string, params: SqlParam[] = []): SqlValue[][] {
    return this.statements.values(sql, params);
  }

  get<T extends Row = Row>(sql: string, params: SqlParam[] = []): T | undefined {
    return this.all<T>(sql, params)[0];
  }

  // ---- writes ---------------------------------------------------------------------------

  /**
   * One journaled write. `plan` runs under the lock on up-to-date data and returns the SQL to
   * execute (explicit values only, so replay gives the same result) and the caller's result.
   * Returns once the journal record is on disk.
   */
  mutate<T>(plan: () => { ops: SqlOp[]; result: T }, options: { lockWaitMs?: number } = {}): T {
    this.assertWritable();
    const outcome: WriteOutcome = { external: false, wrote: false };
    try {
      return this.lock.withLock(() => this.writeLocked(plan, outcome), options.lockWaitMs);
    } finally {
      if (outcome.external) this.emit('external');
      if (outcome.wrote) {
        this.emit('local');
        // A long journal slows every open: fold it soon rather than waiting for idle time.
        this.idleCheckpoint.schedule(this.journalOffset > this.maxJournalBytes ? 0 : undefined);
      }
    }
  }

  private writeLocked<T>(plan: () => { ops: SqlOp[]; result: T }, outcome: WriteOutcome): T {
    let journal = this.journal.open('r+');
    if (journal === undefined) {
      this.syncLocked(); // recreates a journal someone deleted
      journal = this.journal.open('r+');
      if (journal === undefined)
        throw new StoreError(`Cannot create the journal ${this.journal.path}.`, 'io');
    }
    try {
      outcome.external = this.syncLocked(journal);
      const { ops, result } = plan();
      if (ops.length === 0) return result;
      this.db.run('BEGIN');
      try {
        for (const op of ops) this.statements.get(op.sql).run(op.params);
        const record: JournalRecord = { seq: this.lastSeq + 1, at: new Date().toISOString(), ops };
        assertLockOwned(this.lock, this.path, 'write');
        // Durable before it is visible: COMMIT only once the record is fsync'd.
        this.journalOffset = journal.append(record, this.journalOffset);
        this.lastSeq = record.seq;
      } catch (error) {
        this.db.run('ROLLBACK');
        throw toStoreError(error);
      }
      this.db.run('COMMIT');
      outcome.wrote = true;
      return result;
    } finally {
      journal.close();
    }
  }

  /**
   * A large write in one transaction that is made durable by a checkpoint instead of the
   * journal. If `work` throws, everything it did is rolled back and the error rethrown.
   */
  async bulk<T>(work: (run: BulkRunner) => Promise<T>): Promise<T> {
    this.assertWritable();
    let external = false;
    const result = await this.lock.withLockAsync(async () => {
      external = this.syncLocked();
      this.bulkActive = true;
      let value: T;
      try {
        this.db.run('BEGIN');
        try {
          value = await work((sql, params) => this.statements.get(sql).run(params));
          // The work may have taken long: never commit (and fold) a copy that missed changes.
          assertLockOwned(this.lock, this.path, 'import');
          assertUnchangedOnDisk(this.journal, this.path, {
            journalOffset: this.journalOffset,
            generation: this.generation,
            fileIdentity: this.fileIdentity,
          });
          this.db.run('COMMIT');
        } catch (error) {
          this.db.run('ROLLBACK');
          throw toStoreError(error);
        }
      } finally {
        this.bulkActive = false;
      }
      try {
        this.checkpointLocked(true);
      } catch (error) {
        // Not saved (a full disk): drop it from memory too, or a later fold would save an
        // import the user was told had failed. The journal's records are replayed again.
        this.reloadFromDisk(this.journal.read());
        throw error;
      }
      return value;
    });
    if (external) this.emit('external');
    this.emit('local');
    return result;
  }

  // ---- durability and sharing -------------------------------------------------------------

  /** Folds the journal into the database file (no-op when the journal is empty). */
  checkpoint(): void {
    this.assertWritable();
    const external = this.lock.withLock(() => {
      const changed = this.syncLocked();
      this.checkpointLocked(false);
      return changed;
    });
    if (external) this.emit('external');
  }

  /** Applies what other processes wrote since we last looked; true when anything changed. */
  syncExternal(): boolean {
    if (this.closed || this.bulkActive) return false;
    const probe = this.journal.read(this.journalOffset);
    const unchanged =
      probe !== undefined && probe.header.generation === this.generation && probe.size === this.journalOffset;
    if (unchanged) return false;
    // Something changed: read it under the lock so a concurrent checkpoint cannot interleave.
    if (!this.lock.tryAcquire()) return false;
    let changed: boolean;
    try {
      changed = this.syncLocked();
    } finally {
      this.lock.release();
    }
    if (changed) this.emit('external');
    return changed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.idleCheckpoint.cancel();
    try {
      if (!this.readOnly && !this.bulkActive && this.lock.tryAcquire()) {
        // When another process holds the lock we leave the journal as it is: it is durable,
        // and that process (or the next open) folds it.
        try {
          this.syncLocked();
          this.checkpointLocked(false);
        } finally {
          this.lock.release();
        }
      }
    } finally {
      this.closed = true;
      this.changeListeners.clear();
      this.statements.clear();
      this.db.close();
    }
  }

  // ---- internals ------------------------------------------------------------------------

  private load(): void {
    if (!this.readOnly) removeLeftoverTempFiles(this.path, this.journal.path);
    const fileExists = existsSync(this.path);
    const bytes = fileExists ? readFileSync(this.path) : undefined;
    if (bytes !== undefined && bytes.byteLength > 0) {
      this.db.close();
      this.db = openValidatedDatabase(this.sql, bytes, this.path);
      this.fileIdentity = identityOf(this.path);
    }
    this.applyPragmas();
    const isNew = bytes === undefined || bytes.byteLength === 0;
    if (isNew)
      startOverWithoutFile(this.path, this.journal, bytes !== undefined, this.readOnly, this.warningLog);
    this.lastSeq = this.appliedSeqInFile();
    const tail = this.journal.read();
    if (tail !== undefined) {
      this.warningLog.noteDamage(this.journal.path, tail);
      this.replay(tail.records, tail.damage.length > 0);
      this.generation = tail.header.generation;
      this.headerEnd = tail.headerEnd;
      this.journalOffset = tail.validEnd;
    }
    const migrated = migrate(this.db, this.path);
    if (!this.readOnly && (isNew || migrated || tail === undefined)) this.checkpointLocked(true);
  }

  /** Under the lock: catch up with the journal, reloading the file after a foreign checkpoint. */
  private syncLocked(openJournal?: JournalHandle): boolean {
    const tail = openJournal ? openJournal.read(this.journalOffset) : this.journal.read(this.journalOffset);
    if (tail === undefined) {
      // Someone deleted the journal: our memory is the most complete copy; write it out.
      this.checkpointLocked(true);
      return false;
    }
    const fileReplaced = !sameIdentity(this.fileIdentity, identityOf(this.path));
    if (tail.header.generation !== this.generation || tail.size < this.journalOffset || fileReplaced) {
      this.reloadFromDisk(openJournal ? openJournal.read() : this.journal.read());
      return true;
    }
    if (tail.records.length === 0) return false;
    this.warningLog.noteDamage(this.journal.path, tail);
    this.replay(tail.records, tail.damage.length > 0);
    this.journalOffset = tail.validEnd;
    return true;
  }

  private reloadFromDisk(tail: JournalTail | undefined): void {
    if (tail === undefined) throw new StoreError(`The journal ${this.journal.path} disappeared.`, 'io');
    const fresh = openValidatedDatabase(this.sql, readFileSync(this.path), this.path);
    this.statements.clear();
    this.db.close();
    this.db = fresh;
    this.fileIdentity = identityOf(this.path);
    this.applyPragmas();
    this.lastSeq = this.appliedSeqInFile();
    this.warningLog.noteDamage(this.journal.path, tail);
    this.replay(tail.records, tail.damage.length > 0);
    this.generation = tail.header.generation;
    this.headerEnd = tail.headerEnd;
    this.journalOffset = tail.validEnd;
    migrate(this.db, this.path);
  }

  private replay(records: JournalRecord[], tolerant = false): void {
    const target = {
      db: this.db,
      statements: this.statements,
      journalPath: this.journal.path,
      warnings: this.warningLog,
    };
    this.lastSeq = replayJournalRecords(target, records, this.lastSeq, tolerant);
  }

  private checkpointLocked(force: boolean): void {
    if (this.readOnly) return;
    if (!force && this.journalOffset <= this.headerEnd) return;
    assertLockOwned(this.lock, this.path, 'save');
    const generation = newGeneration();
    this.setMeta('applied_seq', String(this.lastSeq));
    this.setMeta('generation', generation);
    this.setMeta('checkpointed_at', new Date().toISOString());
    const bytes = this.db.export();
    // sql.js 1.16 exports through the backup API and keeps the connection; older versions
    // closed and reopened it, resetting pragmas and freeing statements. Stay safe on upgrades.
    this.statements.clear();
    this.applyPragmas();
    let started: { header: JournalHeader; headerEnd: number };
    try {
      replaceFileDurably(this.path, `${this.path}.tmp`, bytes);
      this.fileIdentity = identityOf(this.path);
      // A kill here leaves the old journal: its records all have seq <= applied_seq, so they
      // are skipped on the next open, and nothing changes for the other processes.
      started = this.journal.reset(generation);
    } catch (error) {
      // Nothing is lost: the journal still holds every acknowledged edit.
      throw asStoreError(error, `Cannot save the database ${this.path}`);
    }
    const { header, headerEnd } = started;
    this.generation = header.generation;
    this.headerEnd = headerEnd;
    this.journalOffset = headerEnd;
  }

  private checkpointWhenIdle(): 'done' | 'retry' {
    if (this.closed) return 'done';
    if (this.bulkActive) return 'retry';
    try {
      this.checkpoint();
    } catch (error) {
      if (error instanceof StoreError && error.reason === 'locked') return 'retry';
      this.onBackgroundError(error);
    }
    return 'done';
  }

  private appliedSeqInFile(): number {
    const hasMeta = this.get("SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
    if (hasMeta === undefined) return 0;
    const row = this.get<{ value: string }>("SELECT value FROM meta WHERE key = 'applied_seq'");
    return row === undefined ? 0 : Number(row.value);
  }

  private setMeta(key: string, value: string): void {
    this.statements
      .get(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run([key, value]);
  }

  private applyPragmas(): void {
    // Durability comes from our journal and atomic file replacement, so SQLite's own
    // rollback journal only needs to support ROLLBACK, in memory.
    this.db.exec('PRAGMA foreign_keys = ON; PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF');
    // Per connection, like the pragmas: text search folds case beyond ASCII with it. Only
    // queries call it (no view, index or trigger does), so the file stays readable by the
    // sqlite3 CLI and pandas, which do not have it.
    this.db.create_function(FOLD_FUNCTION, foldForSearch);
  }

  private emit(source: 'local' | 'external'): void {
    for (const listener of [...this.changeListeners]) listener(source);
  }

  private assertWritable(): void {
    if (this.closed) throw new StoreError(`The database ${this.path} is closed.`, 'invalid');
    if (this.readOnly) throw new StoreError(`The database ${this.path} is open read-only.`, 'invalid');
    if (this.bulkActive) {
      throw new StoreError(
        'An import is in progress in this window; try again when it has finished.',
        'locked',
      );
    }
  }
}
