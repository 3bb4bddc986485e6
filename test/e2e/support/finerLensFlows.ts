// User-level steps through the Finer Lens UI, shared by the E2E tests.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { SAMPLE_DATASET_NAME } from '../../../src/core/import/sampleDataset';
import type { SimulatedServerHandle } from '../../../src/core/simulator/simulatedLvlmServer';
import { runCliChild } from '../../unit/cli/cliChild';
import type { E2ESession } from './e2eSession';
import type { PageImage } from './pageTypes';
import { activeWebview, openFinerLensView, runCommand, UI_TIMEOUT_MS } from './workbench';

export const OPEN_SAMPLE_DATASET_COMMAND = 'Finer Lens: Open Sample Dataset';

/** Tree depth of each node kind: dataset -> superordinate -> coarse -> fine -> sample. */
const SAMPLE_LEVEL = 5;

export async function openSampleDatasetFromPalette(page: Page): Promise<Locator> {
  await runCommand(page, OPEN_SAMPLE_DATASET_COMMAND);
  const view = await openFinerLensView(page, 'Datasets');
  await view
    .getByRole('treeitem', { name: new RegExp(`^${SAMPLE_DATASET_NAME}`) })
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS });
  return view;
}

/**
 * Expands the first node on each level below the dataset and clicks the first sample.
 * Returns the sample row's accessible name.
 */
export async function openFirstSample(view: Locator): Promise<string> {
  for (let level = 1; level < SAMPLE_LEVEL; level++) {
    const row = view.locator(`[role="treeitem"][aria-level="${level}"]`).first();
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
    await view
      .locator(`[role="treeitem"][aria-level="${level + 1}"]`)
      .first()
      .waitFor({ timeout: UI_TIMEOUT_MS });
  }
  const sample = view.locator(`[role="treeitem"][aria-level="${SAMPLE_LEVEL}"]`).first();
  const name = (await sample.getAttribute('aria-label')) ?? (await sample.innerText());
  await sample.click();
  return name;
}

export interface SamplePanel {
  frame: FrameLocator;
  image: Locator;
  superordinate: Locator;
  coarse: Locator;
  fine: Locator;
  requiredAttributes: Locator;
  likelyAttributes: Locator;
}

export function samplePanel(page: Page): SamplePanel {
  const frame = activeWebview(page);
  return {
    frame,
    image: frame.locator('img[data-testid="sample-image"]'),
    superordinate: frame.locator('[data-testid="label-superordinate"]'),
    coarse: frame.locator('[data-testid="label-coarse"]'),
    fine: frame.locator('[data-testid="label-fine"]'),
    requiredAttributes: frame.locator('[data-testid="attr-required"] [data-testid="attribute"]'),
    likelyAttributes: frame.locator('[data-testid="attr-likely"] [data-testid="attribute"]'),
  };
}

/** Waits until the panel's image has decoded (a broken or blocked image keeps naturalWidth 0). */
export async function waitForDecodedImage(image: Locator): Promise<number> {
  await image.waitFor({ timeout: UI_TIMEOUT_MS });
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    const width = await image.evaluate((img: PageImage) => img.naturalWidth);
    if (width > 0 || Date.now() > deadline) return width;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Types `filter` into the open quick pick, waits for a row to match, and accepts the first. */
export async function acceptFirstQuickPickMatch(page: Page, filter: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ timeout: UI_TIMEOUT_MS });
  await input.fill(filter);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await input.press('Enter');
}

/**
 * Completes VS Code's simple save dialog (`files.simpleDialog.enable`) with `path`. The dialog
 * rewrites its input while it lists folders, so Enter is pressed only once the input has held
 * exactly the path for three checks in a row.
 */
export async function acceptSimpleSaveDialog(page: Page, path: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ timeout: UI_TIMEOUT_MS });
  await input.fill(path);
  for (let stable = 0, i = 0; stable < 3 && i < 100; i++) {
    await page.waitForTimeout(200);
    if ((await input.inputValue()) === path) stable++;
    else {
      stable = 0;
      await input.fill(path);
    }
  }
  await input.press('Enter');
}

/** Waits (up to `tries` × 100 ms) for a file the workbench is writing to appear. */
export async function waitForFile(page: Page, path: string, tries = 100): Promise<boolean> {
  for (let i = 0; i < tries && !existsSync(path); i++) await page.waitForTimeout(100);
  return existsSync(path);
}

export interface CliBatchRun {
  strategy: string;
  level: string;
}

/**
 * A batch run of the simulated LVLM on the sample dataset by the real CLI, into the workspace
 * database the open window uses (as a researcher running `finer-lens run` in a terminal does).
 * Returns the CLI's last line of output.
 */
export async function runCliBatchIntoWorkspace(
  session: E2ESession,
  server: SimulatedServerHandle,
  run: CliBatchRun,
): Promise<string> {
  const db = join(session.workspace, '.finer-lens', 'finer.db');
  const args = [
    ...[
      'run',
      '--db',
      db,
      '--dataset',
      SAMPLE_DATASET_NAME,
      '--strategy',
      run.strategy,
      '--level',
      run.level,
    ],
    ...['--endpoint', server.url, '--model', server.model, '--concurrency', '8'],
  ];
  const result = await runCliChild(args);
  if (result.code !== 0) throw new Error(`finer-lens run exited with ${result.code}:\n${result.stderr}`);
  return result.stdout.trim().split('\n').pop() ?? '';
}
