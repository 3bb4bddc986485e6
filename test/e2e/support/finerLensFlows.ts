// User-level steps through the Finer Lens UI, shared by the E2E tests.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { SAMPLE_DATASET_NAME } from '../../../src/core/import/sampleDataset';
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
