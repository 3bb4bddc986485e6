// One code-server + one Chromium page with the extension installed, shared by the tests of a
// mocha file: start it in `before`, stop it in `after`.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newWorkbenchPage } from './chromium';
import { startCodeServer, type CodeServer } from './codeServer';
import { findRepoRoot, testResultsDir } from './repoPaths';
import {
  openWorkbench,
  saveScreenshot,
  THEMES,
  waitForFinerLensContributions,
  selectColorTheme,
  type ThemeKind,
  type WorkbenchTheme,
} from './workbench';

export interface E2ESession {
  readonly repoRoot: string;
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly page: Page;
  /** Empty temp folder opened as the workspace. */
  readonly workspace: string;
  readonly screenshotsDir: string;
  /** Saves a screenshot named after a failed mocha test, for the CI artifacts. */
  screenshotOnFailure(test: { state?: string; fullTitle(): string } | undefined): Promise<void>;
  /** Switches the colour theme through the theme picker and waits until the workbench shows it. */
  setTheme(kind: ThemeKind): Promise<WorkbenchTheme>;
  stop(): Promise<void>;
}

export interface E2ESessionOptions {
  theme?: ThemeKind;
  settings?: Record<string, unknown>;
}

export function themeByKind(kind: ThemeKind): WorkbenchTheme {
  const theme = THEMES.find((t) => t.kind === kind);
  if (!theme) throw new Error(`Unknown theme kind ${kind}`);
  return theme;
}

export async function startE2ESession(options: E2ESessionOptions = {}): Promise<E2ESession> {
  const repoRoot = findRepoRoot();
  const scratch = mkdtempSync(join(tmpdir(), 'finer-lens-e2e-'));
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace);
  const initialTheme = themeByKind(options.theme ?? 'dark');

  const cleanups: Array<() => Promise<void>> = [
    async () => rmSync(scratch, { recursive: true, force: true, maxRetries: 3 }),
  ];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => console.error(e));
  };
  try {
    const server = await startCodeServer({
      repoRoot,
      installExtension: true,
      settings: { ...options.settings, 'workbench.colorTheme': initialTheme.settingsId },
    });
    cleanups.push(() => server.stop());
    const browser = await launchChromium(server.scratchEnv);
    cleanups.push(() => browser.close());
    const page = await newWorkbenchPage(browser);
    await openWorkbench(page, server.workbenchUrl(workspace));
    await waitForFinerLensContributions(page);
    return {
      repoRoot,
      server,
      browser,
      page,
      workspace,
      screenshotsDir: join(testResultsDir(repoRoot), 'screenshots'),
      async screenshotOnFailure(test) {
        if (test?.state !== 'failed') return;
        const name = `failed-${test
          .fullTitle()
          .replace(/[^a-z0-9]+/gi, '-')
          .slice(0, 100)}`;
        const path = await saveScreenshot(page, join(testResultsDir(repoRoot), 'screenshots'), name);
        console.log(`    screenshot of the failure: ${path}`);
      },
      async setTheme(kind) {
        const theme = themeByKind(kind);
        await selectColorTheme(page, theme);
        return theme;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
