// Page-object helpers for the VS Code 1.100 web workbench (selectors from E2E.md).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { PageElement } from './pageTypes';

/** Generous ceilings so a hung workbench fails the test instead of hanging CI. */
export const UI_TIMEOUT_MS = 30_000;

export type ThemeKind = 'light' | 'dark' | 'hc-dark' | 'hc-light';

export interface WorkbenchTheme {
  kind: ThemeKind;
  /** `workbench.colorTheme` value. */
  settingsId: string;
  /** Name in the "Preferences: Color Theme" picker. */
  label: string;
  /** Class VS Code puts on `.monaco-workbench` for this theme kind. */
  workbenchClass: string;
  /** Class VS Code puts on a webview's <body> for this theme kind. */
  webviewBodyClass: string;
}

export const THEMES: readonly WorkbenchTheme[] = [
  {
    kind: 'light',
    settingsId: 'Default Light Modern',
    label: 'Light Modern',
    workbenchClass: 'vs',
    webviewBodyClass: 'vscode-light',
  },
  {
    kind: 'dark',
    settingsId: 'Default Dark Modern',
    label: 'Dark Modern',
    workbenchClass: 'vs-dark',
    webviewBodyClass: 'vscode-dark',
  },
  {
    kind: 'hc-dark',
    settingsId: 'Default High Contrast',
    label: 'Dark High Contrast',
    workbenchClass: 'hc-black',
    webviewBodyClass: 'vscode-high-contrast',
  },
  {
    kind: 'hc-light',
    settingsId: 'Default High Contrast Light',
    label: 'Light High Contrast',
    workbenchClass: 'hc-light',
    webviewBodyClass: 'vscode-high-contrast-light',
  },
];

export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
}

/**
 * Waits until the remote extension host has registered our contributions (the activity-bar
 * container): right after page load the workbench shows only built-in views and commands.
 */
export async function waitForFinerLensContributions(page: Page): Promise<void> {
  await finerLensActivityItem(page).waitFor({ timeout: 90_000 });
}

function finerLensActivityItem(page: Page): Locator {
  return page
    .locator('.activitybar .action-item')
    .filter({ has: page.locator('a[aria-label^="Finer Lens"]') })
    .first();
}

export async function waitForThemeClass(page: Page, theme: WorkbenchTheme): Promise<void> {
  await page.locator(`.monaco-workbench.${theme.workbenchClass}`).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Runs a command palette entry by its full title, e.g. "Finer Lens: Open Sample Dataset". */
export async function runCommand(
  page: Page,
  title: string,
  options: { opensQuickPick?: boolean } = {},
): Promise<void> {
  await page.keyboard.press('F1');
  await chooseQuickInputItem(page, `>${title}`, title);
  if (!options.opensQuickPick) {
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  }
}

/** Switches the colour theme the way a user does, through "Preferences: Color Theme". */
export async function selectColorTheme(page: Page, theme: WorkbenchTheme): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme', { opensQuickPick: true });
  await chooseQuickInputItem(page, theme.label, theme.label);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  await waitForThemeClass(page, theme);
  // The class flips before the new colours are painted (and before webviews restyle): a
  // screenshot taken at once can still show the old theme. Let a few frames render.
  await page.evaluate(
    // Runs in the page; the host tsconfig has no DOM lib, hence the cast.
    () =>
      new Promise<void>((done) => {
        const win = globalThis as unknown as { requestAnimationFrame(cb: () => void): number };
        win.requestAnimationFrame(() => win.requestAnimationFrame(() => done()));
      }),
  );
  await page.waitForTimeout(1000);
}

/**
 * Types `filter` into the open quick input and clicks the row labelled exactly `label` (rows'
 * accessible names may add ", <keybinding>"). The first row is often a near match
 * ("Browse Color Themes in Marketplace"), so pressing Enter is not safe.
 */
export async function chooseQuickInputItem(page: Page, filter: string, label: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ timeout: UI_TIMEOUT_MS });
  await input.fill(filter);
  const row = page
    .locator('.quick-input-list')
    .getByRole('option', { name: new RegExp(`^${escapeRegExp(label)}(,|$)`) })
    .first();
  await row.waitFor({ timeout: UI_TIMEOUT_MS });
  await row.click();
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Shows the "Finer Lens" activity-bar container and makes sure `viewTitle` is expanded. */
export async function openFinerLensView(page: Page, viewTitle = 'Datasets'): Promise<Locator> {
  const item = finerLensActivityItem(page);
  await item.waitFor({ timeout: UI_TIMEOUT_MS });
  // A container with a single view hides that view's header and shows it expanded.
  const header = page.locator(`.pane-header[aria-label^="${viewTitle} "]`).first();
  // Clicking the active container's icon would close the side bar again; right after a reload
  // the icon can still read "not active" while the restored side bar opens, so a click may
  // close it: look again and click again until the view is there.
  for (let attempt = 0; attempt < 4; attempt++) {
    if (await header.isVisible()) break;
    if (!(await item.evaluate(isChecked))) await item.click();
    try {
      await header.waitFor({ state: 'visible', timeout: 5_000 });
      break;
    } catch {
      // not shown yet: check the icon's state again
    }
  }
  await header.waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
  if ((await header.isVisible()) && (await header.getAttribute('aria-expanded')) === 'false')
    await header.click();
  return page.locator('.pane', { has: header }).first();
}

function isChecked(element: PageElement): boolean {
  return element.classList.contains('checked') || element.querySelector('.checked') !== null;
}

/**
 * The content frame of the visible webview panel. VS Code nests the extension's page in an
 * inner `#active-frame` iframe; Playwright CSS locators then pierce lit's open shadow roots.
 */
export function activeWebview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/** Saves a full-page screenshot to `<dir>/<name>.png` and returns its path. */
export async function saveScreenshot(page: Page, dir: string, name: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
