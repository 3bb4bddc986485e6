// E2E: the run dashboard in the real VS Code (code-server + Chromium). Two CLI runs of the
// simulated LVLM on the sample dataset (ATTRSEEK on every level, text-only on every level) into
// the workspace database; "Open Run Dashboard" for the ATTRSEEK run; the text-only run overlaid
// on the cliff chart; a confusion-matrix cell clicked -> the gallery over exactly those samples,
// two tiles multi-selected and tagged, a sample opened; back on the dashboard, compare with the
// text-only run; "Export Report…" as HTML through the save dialog, opened in Chromium from
// file://. Screenshots in the four themes, with contrast and clipping checks.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Locator } from 'playwright-core';
import {
  acceptFirstQuickPickMatch,
  acceptSimpleSaveDialog,
  openSampleDatasetFromPalette,
  runCliBatchIntoWorkspace,
  waitForFile,
} from './support/finerLensFlows';
import { useSimulatedLvlmSession } from './support/simulatedLvlmSession';
import { contrastRatio, isClipped, renderedColours } from './support/themeChecks';
import { activeWebview, runCommand, saveScreenshot, THEMES, UI_TIMEOUT_MS } from './support/workbench';

/** The value of the first <option> whose text contains `text`. */
async function optionValue(select: Locator, text: string): Promise<string> {
  const value = await select.evaluate(
    (el, t) =>
      Array.from((el as unknown as { options: { text: string; value: string }[] }).options).find((o) =>
        o.text.includes(t),
      )?.value ?? '',
    text,
  );
  assert.ok(value !== '', `an option containing "${text}"`);
  return value;
}

describe('Run dashboard (E2E, code-server + Chromium)', function () {
  this.timeout(400_000);

  const exportDir = mkdtempSync(join(tmpdir(), 'finer-lens-e2e-report-'));

  const sim = useSimulatedLvlmSession(
    {
      latencyMs: 5,
      settings: { 'files.simpleDialog.enable': true },
    },
    () => rmSync(exportDir, { recursive: true, force: true }),
  );

  it('shows the run, clicks a confusion cell into the gallery, compares runs and exports an HTML report', async function () {
    const { server, session } = sim;
    const { page } = session;
    await openSampleDatasetFromPalette(page);
    for (const strategy of ['attrseek', 'text-only']) {
      const out = await runCliBatchIntoWorkspace(session, server, { strategy, level: 'all' });
      console.log(`    cli (${strategy}): ${out}`);
    }
    await page.waitForTimeout(2500);

    // Open Run Dashboard -> the ATTRSEEK run (the picker matches on the description).
    await runCommand(page, 'Finer Lens: Open Run Dashboard', { opensQuickPick: true });
    await acceptFirstQuickPickMatch(page, 'attrseek');

    const frame = activeWebview(page);
    await frame.locator('[data-testid="levels-table"]').waitFor({ timeout: UI_TIMEOUT_MS });
    const firstPaint = await frame
      .locator('body')
      .getAttribute('data-first-paint-ms', { timeout: UI_TIMEOUT_MS });
    console.log(
      `    figure: dashboard page load to first paint of the data: ${firstPaint} ms (sample dataset)`,
    );
    assert.match(await frame.locator('[data-testid="run-meta"]').innerText(), /attrseek/);
    // The sample dataset has one superordinate class: "all" asks the coarse and fine levels.
    for (const level of ['coarse', 'fine']) {
      assert.match(await frame.locator(`[data-testid="finer-em-${level}"]`).innerText(), /^\d\.\d{3}$/);
    }
    // The modality gap found the text-only run by itself.
    await frame.locator('[data-testid="quadrants"]').waitFor({ timeout: UI_TIMEOUT_MS });
    // The attribute grounding arrives in a second answer.
    await frame.locator('[data-testid="grounding-figures"]').waitFor({ timeout: UI_TIMEOUT_MS });

    // Overlay the text-only run on the performance cliff; the table behind the chart lists both.
    const overlay = frame.locator('[data-testid="overlay-run"]');
    await overlay.selectOption(await optionValue(overlay, 'text-only'));
    await frame
      .locator('[data-testid="cliff-table"] tbody tr')
      .nth(1)
      .waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
    assert.equal(await frame.locator('[data-testid="cliff-table"] tbody tr').count(), 2);

    // Class table: filter, then clear.
    const classRows = frame.locator('[data-testid="class-table"] tbody tr');
    const allClasses = await classRows.count();
    await frame.locator('[data-testid="class-filter"]').fill('sparrow');
    await page.waitForTimeout(400);
    const jays = await classRows.count();
    assert.ok(jays > 0 && jays < allClasses, `filter "sparrow": ${jays} of ${allClasses} rows`);
    await frame.locator('[data-testid="class-filter"]').fill('');

    // Themes: screenshots, readable text, nothing cut off.
    const problems: string[] = [];
    for (const kind of THEMES.map((t) => t.kind)) {
      const theme = await session.setTheme(kind);
      await frame.locator(`body.${theme.webviewBodyClass}`).waitFor({ timeout: UI_TIMEOUT_MS });
      await frame.locator('h1').scrollIntoViewIfNeeded();
      console.log(
        `    screenshot: ${await saveScreenshot(page, session.screenshotsDir, `dashboard-${kind}`)}`,
      );
      await frame.locator('[data-testid="matrix-coarse"]').scrollIntoViewIfNeeded();
      console.log(
        `    screenshot: ${await saveScreenshot(page, session.screenshotsDir, `dashboard-matrix-${kind}`)}`,
      );
      const texts: Array<[string, Locator]> = [
        ['the title', frame.locator('h1')],
        ['a FINER EM value', frame.locator('[data-testid="finer-em-fine"]')],
        ['a count link', frame.locator('[data-testid="levels-table"] button.count').first()],
        ['a matrix count', frame.locator('[data-testid="matrix-coarse"] button.count').first()],
        ['a chart label', frame.locator('[data-testid="cliff-chart"] text').first()],
      ];
      for (const [what, locator] of texts) {
        const colours = await renderedColours(
          locator,
          what === 'a chart label' ? ('fill' as 'color') : 'color',
        );
        const ratio = contrastRatio(colours.text, colours.background);
        if (!(ratio >= 3)) problems.push(`${what} in ${kind}: text contrast ${ratio.toFixed(2)}`);
      }
      for (const [what, locator] of [
        ['the title', frame.locator('h1')],
        ['the run line', frame.locator('[data-testid="run-meta"]')],
        ['a class-table header', frame.locator('[data-testid="class-table"] th').first()],
      ] as Array<[string, Locator]>) {
        if (await isClipped(locator)) problems.push(`${what} in ${kind}: cut off`);
      }
      const heads = frame.locator('table.matrix th');
      for (let i = 0; i < (await heads.count()); i++) {
        if (await isClipped(heads.nth(i))) problems.push(`matrix label ${i} in ${kind}: cut off`);
      }
      const line = frame.locator('[data-testid="cliff-chart"] polyline').first();
      const stroke = await renderedColours(line, 'stroke' as 'color');
      if (!(contrastRatio(stroke.text, stroke.background) >= 1.5))
        problems.push(`the chart line in ${kind} is invisible`);
    }
    assert.deepEqual(problems, [], 'readable, visible and complete in every theme');
    await session.setTheme('dark');

    // Click the first wrong off-diagonal cell of the coarse matrix -> the gallery over its samples.
    const cell = frame.locator('[data-testid="matrix-coarse"] td:not(.diag) button.count').first();
    const cellCount = Number((await cell.innerText()).trim());
    await cell.click();
    const gallery = activeWebview(page);
    const tiles = gallery.locator('.tile[data-sample-id]');
    await tiles.first().waitFor({ timeout: UI_TIMEOUT_MS });
    const totalText = await gallery.locator('[data-testid="gallery-total"]').innerText();
    assert.equal(Number(/([\d,]+) samples?/.exec(totalText)?.[1]?.replace(/,/g, '')), cellCount, totalText);
    console.log(
      `    screenshot: ${await saveScreenshot(page, session.screenshotsDir, 'dashboard-cell-gallery')}`,
    );

    // Multi-select (two tiles when the cell has two) and tag them in bulk.
    const count = gallery.locator('[data-testid="selected-count"]');
    await tiles.nth(0).click();
    if (cellCount >= 2) await tiles.nth(1).click({ modifiers: ['Shift'] });
    const selected = Math.min(2, cellCount);
    await count.filter({ hasText: new RegExp(`^${selected} selected$`) }).waitFor({ timeout: UI_TIMEOUT_MS });
    await gallery.locator('vscode-button[data-testid="tag-selection"]').click();
    await gallery
      .locator('[data-testid="gallery-status"]')
      .filter({ hasText: new RegExp(`Tagged ${selected} `) })
      .waitFor({ timeout: UI_TIMEOUT_MS });

    // Enter opens the focused sample in the sample panel.
    const label = (await tiles.nth(0).locator('.label').innerText()).trim();
    await gallery.locator('[data-testid="gallery-grid"]').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await activeWebview(page)
      .locator('[data-testid="sample-title"]', { hasText: label })
      .waitFor({ timeout: UI_TIMEOUT_MS });

    // Back to the dashboard: the tag shows up (the store changed, the page reloaded); compare.
    await page.locator('.tabs-container .tab', { hasText: 'Dashboard:' }).click();
    const dash = activeWebview(page);
    await dash.locator('[data-testid="tags-table"]').waitFor({ timeout: UI_TIMEOUT_MS });
    const compare = dash.locator('[data-testid="compare-run"]');
    await compare.selectOption(await optionValue(compare, 'text-only'));
    await dash.locator('[data-testid="compare-flips"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await dash.locator('[data-testid="compare-flips"]').scrollIntoViewIfNeeded();
    console.log(`    screenshot: ${await saveScreenshot(page, session.screenshotsDir, 'dashboard-compare')}`);
    assert.ok(
      (await dash.locator('[data-testid="compare-flips"] tbody tr').count()) >= 1,
      'flips per shared level',
    );

    // Export Report… -> HTML -> the (simple) save dialog.
    const file = join(exportDir, 'report.html');
    await dash.locator('[data-testid="export-report"]').click();
    await acceptFirstQuickPickMatch(page, 'HTML');
    // Wait for the save dialog to replace the format picker before typing the path.
    await page.waitForTimeout(500);
    await acceptSimpleSaveDialog(page, file);
    assert.ok(await waitForFile(page, file), `the report was written to ${file}`);
    await page
      .locator('.notifications-toasts', { hasText: 'HTML report of run' })
      .waitFor({ timeout: UI_TIMEOUT_MS });

    // The report opens in Chromium from file:// and renders its charts and tables.
    const report = await session.browser.newPage();
    try {
      await report.goto(pathToFileURL(file).toString());
      await report.locator('svg').first().waitFor({ timeout: UI_TIMEOUT_MS });
      assert.ok((await report.locator('table').count()) >= 3, 'tables in the report');
      const box = await report.locator('svg').first().boundingBox();
      assert.ok(box && box.width > 100 && box.height > 50, 'the chart is drawn with a size');
      console.log(
        `    screenshot: ${await saveScreenshot(report, session.screenshotsDir, 'dashboard-report-html')}`,
      );
    } finally {
      await report.close();
    }
  });
});
