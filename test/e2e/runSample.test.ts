// E2E: a researcher runs ATTRSEEK on one sample from its panel against the simulated LVLM
// (started in this process with the sample dataset's catalog), watches the turns stream in,
// sees the answer and the named EM marks, and finds the run under Predictions, in every theme.
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import {
  openFirstSample,
  openSampleDatasetFromPalette,
  samplePanel,
  type SamplePanel,
} from './support/finerLensFlows';
import { useSimulatedLvlmSession } from './support/simulatedLvlmSession';
import { contrastRatio, isClipped, renderedColours } from './support/themeChecks';
import { chooseQuickInputItem, runCommand, saveScreenshot, THEMES, UI_TIMEOUT_MS } from './support/workbench';

describe('One-sample run on the sample panel (E2E, code-server + Chromium)', function () {
  // A ceiling against a hung workbench, not a performance assertion.
  this.timeout(180_000);

  let panel: SamplePanel;

  const sim = useSimulatedLvlmSession({ latencyMs: 150 });

  it('streams both ATTRSEEK turns, then shows the answer with FINER EM (lenient) and strict EM marks', async function () {
    const { session } = sim;
    const { page } = session;
    await openFirstSample(await openSampleDatasetFromPalette(page));
    panel = samplePanel(page);
    const frame = panel.frame;

    const endpoint = frame.locator('[data-testid="simulated-endpoint"]');
    await endpoint.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await endpoint.innerText(), /simulated model/);

    const button = frame.locator('vscode-button[data-testid="run-attrseek"]');
    await button.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(
      await button.getAttribute('disabled'),
      null,
      'Run ATTRSEEK is enabled in a trusted workspace',
    );
    await button.scrollIntoViewIfNeeded();
    const topOf = (): Promise<number> => button.evaluate((el) => el.getBoundingClientRect().top);
    const topBefore = await topOf();
    await button.click();

    // Turn 1 streams in before the answers exist (the server adds latency per request).
    await frame.locator('[data-testid="live-turn-1"]').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await frame.locator('[data-testid="run-saved"]').waitFor({ timeout: UI_TIMEOUT_MS });

    const answers = await frame.locator('[data-testid="live-answer"]').allInnerTexts();
    assert.equal(answers.length, 2, 'a coarse and a fine answer');
    assert.ok(
      answers.every((a) => a.trim().length > 0),
      `answers: ${JSON.stringify(answers)}`,
    );
    const finer = await frame.locator('[data-testid="live-result"] [data-testid="em-finer"]').allInnerTexts();
    const strict = await frame
      .locator('[data-testid="live-result"] [data-testid="em-strict"]')
      .allInnerTexts();
    assert.equal(finer.length, 2);
    assert.equal(strict.length, 2);
    assert.ok(
      finer.every((t) => /FINER EM \(lenient\) [01]/.test(t)),
      `FINER EM marks: ${JSON.stringify(finer)}`,
    );
    assert.ok(
      strict.every((t) => /strict EM [01]/.test(t)),
      `strict EM marks: ${JSON.stringify(strict)}`,
    );
    const turn2 = await frame.locator('[data-testid="live-turn-2"]').allInnerTexts();
    assert.ok(
      turn2.some((t) => /Answer:/i.test(t)),
      'turn 2 text was shown',
    );

    // The saved run is listed under Predictions, marked as simulated.
    const prediction = frame.locator('[data-testid="predictions"] [data-testid="prediction"]').first();
    await prediction.waitFor({ timeout: UI_TIMEOUT_MS });
    // Each saved answer says which class of the dataset it names (docs/runs.md).
    const resolutions = await frame
      .locator('[data-testid="predictions"] [data-testid="prediction-resolution"]')
      .allInnerTexts();
    assert.ok(
      resolutions.length > 0 &&
        resolutions.every((t) =>
          /^answer (resolves to class .+|names no class of this dataset \(off-list\)|names several classes)/.test(
            t,
          ),
        ),
      `resolutions: ${JSON.stringify(resolutions)}`,
    );
    // Sections above the run controls were refreshed; the controls and output did not jump away.
    const topAfter = await topOf();
    assert.ok(Math.abs(topAfter - topBefore) < 4, `Run ATTRSEEK moved from ${topBefore} to ${topAfter} px`);
    assert.equal(
      (await frame.locator('[data-testid="predictions"] [data-testid="simulated-marker"]').count()) > 0,
      true,
    );

    await frame.locator('[data-testid="run-saved"]').scrollIntoViewIfNeeded();
    const file = await saveScreenshot(page, session.screenshotsDir, 'run-sample-attrseek');
    console.log(`    screenshot: ${file}`);

    // The saved predictions with the class each answer resolves to.
    await frame.locator('[data-testid="predictions"]').scrollIntoViewIfNeeded();
    const resolutionShot = await saveScreenshot(page, session.screenshotsDir, 'run-sample-resolution');
    console.log(`    screenshot: ${resolutionShot}`);
  });

  it('shows each prediction with its protocol and template hash, and flags a truncated answer', async function () {
    const { server, session } = sim;
    const { page } = session;
    const frame = panel.frame;
    await session.setTheme('dark');
    // Every answer cut off at the token limit (finish_reason "length"), deterministically.
    server.setFaults({ latencyMs: 150, lengthRate: 1 });
    try {
      const before = await frame.locator('[data-testid="predictions"] [data-testid="prediction"]').count();
      const direct = frame.locator('vscode-button[data-testid="run-direct"]');
      await direct.scrollIntoViewIfNeeded();
      await direct.click();
      await frame
        .locator('[data-testid="predictions"] [data-testid="prediction"]')
        .nth(before)
        .waitFor({ timeout: UI_TIMEOUT_MS });
      const flags = frame.locator('[data-testid="predictions"] [data-testid="prediction-truncated"]');
      await flags.first().waitFor({ timeout: UI_TIMEOUT_MS });
      assert.match(await flags.first().innerText(), /Truncated at the token limit/);
      const protocols = await frame
        .locator('[data-testid="predictions"] [data-testid="prediction-protocol"]')
        .allInnerTexts();
      assert.ok(
        protocols.length > 0 && protocols.every((t) => /^finer-reference · [0-9a-f]{12}$/.test(t.trim())),
        `protocol headers: ${JSON.stringify(protocols)}`,
      );
      await flags.first().scrollIntoViewIfNeeded();
      const file = await saveScreenshot(page, session.screenshotsDir, 'run-sample-truncated');
      console.log(`    screenshot: ${file}`);
    } finally {
      server.setFaults({ latencyMs: 150 });
    }
  });

  it('shows the run controls and predictions in light, dark and high-contrast themes', async function () {
    const { session } = sim;
    const { page } = session;
    const problems: string[] = [];
    for (const kind of THEMES.map((t) => t.kind)) {
      const theme = await session.setTheme(kind);
      await panel.frame.locator(`body.${theme.webviewBodyClass}`).waitFor({ timeout: UI_TIMEOUT_MS });
      await panel.frame.locator('[data-testid="em-finer"]').first().waitFor({ timeout: UI_TIMEOUT_MS });
      // Show the run controls (buttons, pickers) and the start of the streamed turns.
      await panel.frame.locator('vscode-button[data-testid="run-attrseek"]').scrollIntoViewIfNeeded();
      const file = await saveScreenshot(page, session.screenshotsDir, `run-sample-${kind}`);
      console.log(`    screenshot: ${file}`);

      // What a user would see: readable text, visible tag colours, nothing cut off.
      const frame = panel.frame;
      const texts: Array<[string, Locator]> = [
        ['an answer', frame.locator('[data-testid="live-answer"]').first()],
        ['a FINER EM mark', frame.locator('[data-testid="em-finer"]').first()],
        ['the sample title', frame.locator('[data-testid="sample-title"]')],
      ];
      const chips = frame.locator('[data-testid="tag-chip"]');
      for (let i = 0; i < (await chips.count()); i++) {
        texts.push([`tag chip "${await chips.nth(i).getAttribute('data-tag')}"`, chips.nth(i)]);
      }
      for (const [what, locator] of texts) {
        const colours = await renderedColours(locator);
        const ratio = contrastRatio(colours.text, colours.background);
        if (ratio < 3) problems.push(`${what} in ${kind}: text contrast ${ratio.toFixed(2)}`);
        if (await isClipped(locator)) problems.push(`${what} in ${kind}: cut off`);
      }
      const dots = frame.locator('[data-testid="tag-chip"] .dot');
      for (let i = 0; i < (await dots.count()); i++) {
        const tag = await chips.nth(i).getAttribute('data-tag');
        const colours = await renderedColours(dots.nth(i), 'background-color');
        const ratio = contrastRatio(colours.text, colours.background);
        // A colour dot must stand out from the page (an unregistered theme colour had none).
        if (ratio < 1.5) problems.push(`tag colour of "${tag}" in ${kind}: contrast ${ratio.toFixed(2)}`);
      }
    }
    assert.deepEqual(problems, [], 'readable, visible and complete in every theme');
  });

  it('runs a batch from the command palette; the completion message gives the counts and Show Results opens the Runs view', async function () {
    const { session } = sim;
    const { page } = session;
    await runCommand(page, 'Finer Lens: Run Model on Dataset…', { opensQuickPick: true });
    await chooseQuickInputItem(page, 'sample-birds', 'sample-birds');
    // One endpoint is configured, so no endpoint picker; then strategy and level.
    await chooseQuickInputItem(page, 'direct', 'direct');
    await chooseQuickInputItem(page, 'coarse', 'coarse');
    // Then the remaining pickers (protocol, conditioning, ...) keep their defaults up to the limit box.
    const input = page.locator('.quick-input-widget input.input');
    const title = page.locator('.quick-input-widget .quick-input-title');
    for (let step = 0; step < 6; step++) {
      await title.waitFor({ timeout: UI_TIMEOUT_MS });
      if ((await title.innerText()).endsWith('limit')) break;
      await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
      const before = await title.innerText();
      await input.press('Enter');
      await page.waitForFunction(
        (previous) => {
          const el = (
            globalThis as unknown as {
              document: { querySelector(s: string): { textContent: string | null } | null };
            }
          ).document.querySelector('.quick-input-widget .quick-input-title');
          return el !== null && el.textContent !== previous;
        },
        before,
        { timeout: UI_TIMEOUT_MS },
      );
    }
    await title.filter({ hasText: /limit$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await input.fill('6');
    await input.press('Enter');

    const toast = page.locator('.notification-toast', { hasText: /finished: 6 of 6 result\(s\), 0 failed/ });
    await toast.waitFor({ timeout: UI_TIMEOUT_MS });
    const message = await toast.locator('.notification-list-item-message').innerText();
    console.log(`    completion message: ${message}`);
    const runName = /^Run \d+ \((.+)\) finished/.exec(message)?.[1];
    assert.ok(runName, `the message names the run: ${message}`);
    assert.equal(await toast.getByRole('button', { name: 'Show Log' }).count(), 1, 'a Show Log action');
    const file = await saveScreenshot(page, session.screenshotsDir, 'run-batch-completion');
    console.log(`    screenshot: ${file}`);

    await toast.getByRole('button', { name: 'Show Results' }).click();
    const runsHeader = page.locator('.pane-header[aria-label^="Runs "]').first();
    await runsHeader.waitFor({ timeout: UI_TIMEOUT_MS });
    await page
      .locator('.pane-header[aria-label^="Runs "][aria-expanded="true"]')
      .first()
      .waitFor({ timeout: UI_TIMEOUT_MS });
    const runsPane = page.locator('.pane', { has: runsHeader }).first();
    await runsPane
      .locator('.monaco-list-row', { hasText: runName })
      .first()
      .waitFor({ timeout: UI_TIMEOUT_MS });
  });
});
