// Starts and stops code-server (VS Code 1.100 in the browser) for UI and extension-host tests.
// Facts behind the flags: /work/shared/E2E.md. Each server gets its own scratch folder for
// XDG dirs, TMPDIR, user data and extensions, and runs in its own process group so stop()
// also ends the extension host it spawned.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionFolderName, readExtensionManifest } from './repoPaths';

export const CODE_SERVER_VERSION = '4.100.3';

export interface CodeServerOptions {
  repoRoot: string;
  /** Symlink the repo into the extensions dir. Leave false when loading it via extensionDevelopmentPath. */
  installExtension: boolean;
  /** More user settings merged over the defaults. */
  settings?: Record<string, unknown>;
  /** Fixed port; a free one otherwise. */
  port?: number;
  /** Extra environment for the server and its extension host. */
  env?: Record<string, string>;
  /** Reuse this folder for state instead of a fresh temp folder (kept on stop). */
  stateDir?: string;
  /**
   * Keep the user's own settings in a reused state folder: only missing defaults are added and
   * `settings` keys replace theirs (the demo passes its endpoint list, merged by name).
   */
  keepUserSettings?: boolean;
  /** Called when the server exits without stop() (it crashed or was killed). */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null, output: string) => void;
}

export interface CodeServer {
  readonly port: number;
  readonly baseUrl: string;
  readonly stateDir: string;
  /** Environment with the scratch XDG dirs and TMPDIR, for other processes (Chromium). */
  readonly scratchEnv: Record<string, string>;
  /** Workbench URL opening `folder`. */
  workbenchUrl(folder: string): string;
  output(): string;
  stop(): Promise<void>;
}

const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
};

function readJsonObject(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** The user's settings win, but for the keys we pass; endpoint lists are merged by name. */
export function mergeUserSettings(
  existing: Record<string, unknown>,
  ours: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS, ...existing };
  for (const [key, value] of Object.entries(ours)) {
    const theirs = existing[key];
    if (key === 'finerLens.endpoints' && Array.isArray(theirs) && Array.isArray(value)) {
      const names = new Set(value.map((e) => (e as { name?: unknown }).name));
      merged[key] = [...theirs.filter((e) => !names.has((e as { name?: unknown }).name)), ...value];
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

/** The cached code-server executable installed by scripts/e2e/install-code-server.sh. */
export function codeServerExecutable(): string {
  const explicit = process.env.FINER_LENS_CODE_SERVER;
  if (explicit) return explicit;
  const cache = process.env.FINER_LENS_E2E_CACHE ?? join(homedir(), '.cache', 'finer-lens-e2e');
  return join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// Servers still running, ended synchronously if this process exits without stop(): on a
// normal exit, and on SIGINT/SIGTERM (whose default action would skip the 'exit' event and
// leave the detached groups running).
const liveServers = new Map<number, { stateDir: string; owned: boolean }>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const [pgid, { stateDir, owned }] of liveServers) {
      killGroup(pgid, 'SIGKILL');
      if (owned) rmSync(stateDir, { recursive: true, force: true });
    }
  });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      // Another listener (e.g. scripts/start.mjs) owns shutdown and calls stop() itself.
      if (process.listenerCount(signal) === 0) process.exit(code);
    });
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we want.
  }
}

function prepareStateDir(options: CodeServerOptions): { stateDir: string; owned: boolean } {
  if (options.stateDir) {
    mkdirSync(options.stateDir, { recursive: true });
    return { stateDir: options.stateDir, owned: false };
  }
  return { stateDir: mkdtempSync(join(tmpdir(), 'finer-lens-code-server-')), owned: true };
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const executable = codeServerExecutable();
  if (!existsSync(executable)) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} is not installed at ${executable}. ` +
        'Run: bash scripts/e2e/install-code-server.sh',
    );
  }
  const { stateDir, owned } = prepareStateDir(options);
  const dirs = {
    config: join(stateDir, 'xdg-config'),
    data: join(stateDir, 'xdg-data'),
    cache: join(stateDir, 'xdg-cache'),
    tmp: join(stateDir, 'tmp'),
    userData: join(stateDir, 'user-data'),
    extensions: join(stateDir, 'extensions'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });

  const settingsFile = join(dirs.userData, 'User', 'settings.json');
  const settings = options.keepUserSettings
    ? mergeUserSettings(readJsonObject(settingsFile), options.settings ?? {})
    : { ...DEFAULT_SETTINGS, ...options.settings };
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2));

  if (options.installExtension) installExtensionLink(options.repoRoot, dirs.extensions);

  const scratchEnv = {
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    TMPDIR: dirs.tmp,
  };
  const port = options.port ?? (await findFreePort());
  const child = spawn(
    executable,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir',
      dirs.userData,
      '--extensions-dir',
      dirs.extensions,
    ],
    {
      detached: true, // own process group, so one signal reaches the extension host too
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...scratchEnv, ...options.env },
    },
  );
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`Could not spawn ${executable}`);
  installExitHooks();
  liveServers.set(pgid, { stateDir, owned });

  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let stopped = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      if (!stopped) options.onUnexpectedExit?.(code, signal, output);
      resolve();
    }),
  );

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopGroup(child, pgid, exited);
    liveServers.delete(pgid);
    if (owned) rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    await waitForHealthy(baseUrl, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    port,
    baseUrl,
    stateDir,
    scratchEnv,
    workbenchUrl: (folder) => `${baseUrl}/?folder=${encodeURIComponent(folder)}`,
    output: () => output,
    stop,
  };
}

/**
 * Links the repo into the extensions dir and registers it in extensions.json. Without the
 * registry entry the server only adopts the folder while the first workbench is already
 * loading, and that first window starts without the extension.
 */
function installExtensionLink(repoRoot: string, extensionsDir: string): void {
  const manifest = readExtensionManifest(repoRoot);
  const folder = extensionFolderName(manifest);
  const link = join(extensionsDir, folder);
  if (!existsSync(link)) symlinkSync(repoRoot, link, 'dir');
  const registry = [
    {
      identifier: { id: `${manifest.publisher}.${manifest.name}` },
      version: manifest.version,
      location: { $mid: 1, path: link, scheme: 'file' },
      relativeLocation: folder,
    },
  ];
  writeFileSync(join(extensionsDir, 'extensions.json'), JSON.stringify(registry));
}

async function stopGroup(child: ChildProcess, pgid: number, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    killGroup(pgid, 'SIGTERM');
    const graceful = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
    if (!graceful) killGroup(pgid, 'SIGKILL');
  }
  // The extension host may outlive the server process by a few seconds.
  killGroup(pgid, 'SIGKILL');
}

async function waitForHealthy(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `code-server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(200);
  }
  throw new Error(`code-server did not answer ${baseUrl}/healthz within 60 s:\n${output()}`);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
