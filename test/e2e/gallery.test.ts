// E2E: the gallery in the real VS Code (code-server + Chromium). A batch run of the simulated
// LVLM on the sample dataset (CLI, into the workspace database), then "Open in Gallery" for
// the fine-level mistakes: click, shift-click and ctrl-click select, the selection is tagged in
// bulk (undone, tagged again), the keyboard moves the focus and Enter opens the sample panel;
// after a reload the gallery is restored. Screenshots in the four themes; no label is clipped.
import assert from 'node:assert/strict';
import {
  acceptFirstQuickPickMatch,
  openSampleDatasetFromPalette,
  runCliBatchIntoWorkspace,
} from './support/finerLensFlows';
import { useSimulatedLvlmSession } from './support/simulatedLvlmSession';
import { isClipped } from './support/themeChecks';
import type { ThemeKind } from './support/workbench';
import {
  activeWebview,
  runCommand,
  saveScreenshot,
  UI_TIMEOUT_MS,
  waitForFinerLensContributions,
} from './support/workbench';

describe('Gallery over misclassified samples (E2E, code-server + Chromium)', function () {
  this.timeout(300_000);

  const sim = useSimulatedLvlmSession({ latencyMs: 10 });

  it('multi-selects with shift/ctrl, bulk-tags, and opens a sample with Enter', async function () {
    const { server, session } = sim;
    const { page } = session;
    await openSampleDatasetFromPalette(page);
    const out = await runCliBatchIntoWorkspace(session, server, { strategy: 'attrseek', level: 'fine' });
    console.log(`    cli: ${out}`);
    await page.waitForTimeout(2500);

    await runCommand(page, 'Finer Lens: Open in Gallery', { opensQuickPick: true });
    await acceptFirstQuickPickMatch(page, 'Misclassified at fine level');

    const frame = activeWebview(page);
    const tiles = frame.locator('.tile[data-sample-id]');
    await tiles.first().waitFor({ timeout: UI_TIMEOUT_MS });
    const totalText = await frame.locator('[data-testid="gallery-total"]').innerText();
    const total = Number(/([\d,]+) samples?/.exec(totalText)?.[1]?.replace(/,/g, ''));
    assert.ok(total >= 3, `at least three fine-level mistakes (got "${totalText}")`);
    assert.match(totalText, /marks from/);
    // Every tile of this slice is wrong at the fine level: its F mark says so.
    assert.equal(await tiles.first().locator('[data-level="fine"]').getAttribute('data-mark'), 'wrong');
    const rendered = await tiles.count();
    console.log(`    figure: ${rendered} tiles in the DOM for a slice of ${total}`);

    const count = frame.locator('[data-testid="selected-count"]');
    await tiles.nth(0).click();
    await count.filter({ hasText: /^1 selected$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await tiles.nth(2).click({ modifiers: ['Shift'] });
    await count.filter({ hasText: /^3 selected$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await tiles.nth(1).click({ modifiers: ['Control'] });
    await count.filter({ hasText: /^2 selected$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await tiles.nth(1).getAttribute('aria-selected'), 'false');
    assert.equal(await tiles.nth(2).getAttribute('aria-selected'), 'true');

    // Bulk tag with the first taxonomy tag; then Undo, then tag again.
    await frame.locator('vscode-button[data-testid="tag-selection"]').click();
    const status = frame.locator('[data-testid="gallery-status"]');
    await status.filter({ hasText: /Tagged 2 / }).waitFor({ timeout: UI_TIMEOUT_MS });
    console.log(`    status: ${(await status.innerText()).trim()}`);
    await frame.locator('vscode-button[data-testid="undo-tagging"]').click();
    await status.filter({ hasText: /Undone: 2 samples restored/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await frame.locator('vscode-button[data-testid="tag-selection"]').click();
    await status.filter({ hasText: /Tagged 2 / }).waitFor({ timeout: UI_TIMEOUT_MS });

    // Keyboard: focus the grid, Home, ArrowRight, Space toggles the focused tile.
    await frame.locator('[data-testid="gallery-grid"]').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press(' ');
    await count.filter({ hasText: /^3 selected$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await tiles.nth(1).getAttribute('aria-selected'), 'true');

    for (const kind of ['light', 'dark', 'hc-dark', 'hc-light'] as ThemeKind[]) {
      await session.setTheme(kind);
      await page.waitForTimeout(300);
      console.log(`    screenshot: ${await saveScreenshot(page, session.screenshotsDir, `gallery-${kind}`)}`);
      const labels = frame.locator('.tile[data-sample-id] .label');
      for (let i = 0; i < (await labels.count()); i++) {
        assert.equal(await isClipped(labels.nth(i)), false, `label ${i} clipped in ${kind}`);
      }
      assert.equal(await isClipped(frame.locator('[data-testid="selected-count"]')), false);
    }

    // Enter opens the focused sample (position 1) in the sample panel.
    const focusedLabel = (await tiles.nth(1).locator('.label').innerText()).trim();
    await frame.locator('[data-testid="gallery-grid"]').focus();
    await page.keyboard.press('Enter');
    const panel = activeWebview(page);
    await panel
      .locator('[data-testid="sample-title"]', { hasText: focusedLabel })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    console.log(
      `    screenshot: ${await saveScreenshot(page, session.screenshotsDir, 'gallery-opened-sample')}`,
    );

    // Reload the window: the gallery tab comes back with the same slice (panel serializer).
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT_MS });
    await waitForFinerLensContributions(page);
    await page.locator('.tabs-container .tab', { hasText: 'Gallery:' }).click();
    const restored = activeWebview(page);
    await restored.locator('.tile[data-sample-id]').first().waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await restored.locator('[data-testid="gallery-total"]').innerText(), totalText);
  });
});
