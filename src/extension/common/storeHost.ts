// Owns the one FinerStore of this window: opens it lazily at the configured path, keeps it in
// step with writes by other windows / the CLI, reports open failures, closes it on shutdown.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { StoreError } from '../../core/errors';
import { FinerStore } from '../../core/store/finerStore';
import { Disposable } from './disposable';

/** Polling interval for external changes while the window has focus. */
const SYNC_INTERVAL_MS = 2000;
/** Coalesces bursts of file-watcher events into one sync. */
const WATCH_DEBOUNCE_MS = 150;

export const MOVE_ASIDE_ACTION = 'Move Aside and Create New';

export type StoreStatus =
  | { kind: 'closed'; path: string }
  | { kind: 'open'; path: string; store: FinerStore }
  | { kind: 'failed'; path: string; error: Error };

export interface StoreHostOptions {
  /** Where the store lives when `finerLens.databasePath` is empty and no folder is open. */
  fallbackDir: string;
  /** Path to sql-wasm.wasm inside the extension. */
  wasmPath: string;
}

/** Resolves `finerLens.databasePath` against the first workspace folder. */
export function resolveDatabasePath(fallbackDir: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const configured = vscode.workspace
    .getConfiguration('finerLens', folder?.uri)
    .get<string>('databasePath', '')
    .trim();
  const base = folder?.uri.fsPath ?? fallbackDir;
  if (configured === '') {
    return folder ? path.join(base, '.finer-lens', 'finer.db') : path.join(fallbackDir, 'finer.db');
  }
  const expanded = configured.startsWith('~/')
    ? path.join(process.env.HOME ?? '', configured.slice(2))
    : configured;
  return path.resolve(base, expanded);
}

export class StoreHost extends Disposable {
  private status: StoreStatus;
  private opening: Promise<FinerStore> | undefined;
  private storeListener: vscode.Disposable | undefined;
  private watcher: vscode.Disposable | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  /** Whether the last poll of a closed store saw its file, so only its appearance is announced. */
  private closedFileSeen = false;
  private readonly changeEmitter = this.register(new vscode.EventEmitter<void>());

  /** Fires when the store's data changed (locally or externally) or the store was (re)opened/closed. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly options: StoreHostOptions) {
    super();
    this.status = { kind: 'closed', path: resolveDatabasePath(options.fallbackDir) };
    this.watchDatabaseFile(this.status.path);

    const poll = setInterval(() => {
      if (vscode.window.state.focused) this.syncExternal();
    }, SYNC_INTERVAL_MS);
    this.register({ dispose: () => clearInterval(poll) });
    this.register(
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) this.syncExternal();
      }),
    );
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('finerLens.databasePath')) void this.reopenAtConfiguredPath();
      }),
    );
  }

  get databasePath(): string {
    return this.status.path;
  }

  /** Current status, for the tree (error node) and for tests. */
  get state(): StoreStatus {
    return this.status;
  }

  /** The open store, if any, without opening it. */
  get current(): FinerStore | undefined {
    return this.status.kind === 'open' ? this.status.store : undefined;
  }

  /**
   * The store for reading: undefined when the database file does not exist yet, so that
   * browsing never creates files in the workspace. Throws the open error when it failed.
   */
  async getIfExists(): Promise<FinerStore | undefined> {
    if (this.status.kind === 'open') return this.status.store;
    if (this.status.kind === 'failed') throw this.status.error;
    if (!fs.existsSync(this.status.path)) return undefined;
    return this.open();
  }

  /** The store for writing: creates the database (and its folder) when missing. */
  async get(): Promise<FinerStore> {
    if (this.status.kind === 'open') return this.status.store;
    if (this.status.kind === 'failed') throw this.status.error;
    return this.open();
  }

  /** Forget a failed open so the next access tries again (the Refresh command). */
  retry(): void {
    if (this.status.kind === 'failed') {
      this.status = { kind: 'closed', path: this.status.path };
      this.changeEmitter.fire();
    }
  }

  /** Closes the store, folding the journal into the database file. */
  async close(): Promise<void> {
    const pending = this.opening;
    if (pending) await pending.catch(() => undefined);
    if (this.status.kind !== 'open') return;
    const store = this.status.store;
    this.storeListener?.dispose();
    this.storeListener = undefined;
    this.status = { kind: 'closed', path: this.status.path };
    await store.close();
  }

  override dispose(): void {
    this.watcher?.dispose();
    if (this.watchTimer) clearTimeout(this.watchTimer);
    super.dispose();
  }

  private open(): Promise<FinerStore> {
    if (this.opening) return this.opening;
    const dbPath = this.status.path;
    this.opening = (async () => {
      try {
        fs.mkdirSync(path.dirname(dbPath), { recursive: true });
        const store = await FinerStore.open(dbPath, {
          wasmPath: this.options.wasmPath,
          // Recovered problems (a damaged journal kept in a copy) must reach the user.
          onWarning: (warning) => void vscode.window.showWarningMessage(`Finer Lens: ${warning.message}`),
        });
        if (this.isDisposed || dbPath !== this.status.path) {
          await store.close();
          throw new StoreError(`The database path changed while ${dbPath} was opening.`, 'conflict');
        }
        this.status = { kind: 'open', path: dbPath, store };
        this.storeListener = store.onDidChange(() => this.changeEmitter.fire());
        this.changeEmitter.fire();
        return store;
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        if (dbPath === this.status.path) {
          this.status = { kind: 'failed', path: dbPath, error };
          void this.reportOpenFailure(dbPath, error);
          this.changeEmitter.fire();
        }
        throw error;
      } finally {
        this.opening = undefined;
      }
    })();
    return this.opening;
  }

  private async reportOpenFailure(dbPath: string, error: Error): Promise<void> {
    const damaged =
      error instanceof StoreError && (error.reason === 'not-sqlite' || error.reason === 'corrupt');
    const message = `Finer Lens could not open the database ${dbPath}: ${error.message}`;
    if (!damaged) {
      void vscode.window.showErrorMessage(message);
      return;
    }
    const choice = await vscode.window.showErrorMessage(message, MOVE_ASIDE_ACTION);
    if (choice === MOVE_ASIDE_ACTION) await this.moveAsideAndCreateNew(dbPath);
  }

  /** Renames the damaged file (never deletes it) and opens a fresh store at the same path. */
  async moveAsideAndCreateNew(dbPath: string): Promise<void> {
    try {
      const movedTo = await FinerStore.moveAside(dbPath);
      if (this.status.path === dbPath) this.status = { kind: 'closed', path: dbPath };
      await this.get();
      void vscode.window.showInformationMessage(`Finer Lens moved the damaged database to ${movedTo}.`);
    } catch (err) {
      void vscode.window.showErrorMessage(`Finer Lens could not move ${dbPath} aside: ${String(err)}`);
    }
  }

  private async reopenAtConfiguredPath(): Promise<void> {
    const next = resolveDatabasePath(this.options.fallbackDir);
    if (next === this.status.path) return;
    await this.close();
    this.status = { kind: 'closed', path: next };
    this.watchDatabaseFile(next);
    this.changeEmitter.fire();
  }

  private syncExternal(): void {
    const store = this.current;
    if (!store) {
      // Another process may have created the database since we last looked. Announce it once:
      // firing on every poll would refresh every view every 2 s while the store stays closed.
      const exists = this.status.kind === 'closed' && fs.existsSync(this.status.path);
      if (exists && !this.closedFileSeen) this.changeEmitter.fire();
      this.closedFileSeen = exists;
      return;
    }
    try {
      store.syncExternal();
    } catch (err) {
      void vscode.window.showErrorMessage(
        `Finer Lens could not read changes to ${store.path}: ${String(err)}`,
      );
    }
  }

  /** Watches the database file and its journal siblings (finer.db, finer.db-*, ...). */
  private watchDatabaseFile(dbPath: string): void {
    this.watcher?.dispose();
    const pattern = new vscode.RelativePattern(
      vscode.Uri.file(path.dirname(dbPath)),
      `${path.basename(dbPath)}*`,
    );
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const schedule = (): void => {
      if (this.watchTimer) clearTimeout(this.watchTimer);
      this.watchTimer = setTimeout(() => this.syncExternal(), WATCH_DEBOUNCE_MS);
    };
    const listeners = [watcher.onDidChange(schedule), watcher.onDidCreate(schedule)];
    this.watcher = { dispose: () => [...listeners, watcher].forEach((d) => d.dispose()) };
  }
}
