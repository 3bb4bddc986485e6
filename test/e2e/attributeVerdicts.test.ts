// E2E: a researcher runs ATTRSEEK on one sample whose (simulated) turn 1 lists a contradicted
// and an unsupported attribute, sees both marked with the matcher's reasons, overrules one,
// reloads the window, and finds the overruling (who, when, what the matcher said) still there.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openFirstSample, openSampleDatasetFromPalette, samplePanel } from './support/finerLensFlows';
import { useSimulatedLvlmSession } from './support/simulatedLvlmSession';
import { contrastRatio, isClipped, renderedColours } from './support/themeChecks';
import {
  activeWebview,
  openFinerLensView,
  saveScreenshot,
  THEMES,
  UI_TIMEOUT_MS,
  waitForFinerLensContributions,
} from './support/workbench';

const CONTRADICTED = 'spotted breast';
const UNSUPPORTED = 'orange legs';

describe('Attribute verdicts on the sample panel (E2E, code-server + Chromium)', function () {
  // A ceiling against a hung workbench, not a performance assertion.
  this.timeout(180_000);

  const sim = useSimulatedLvlmSession({
    latencyMs: 20,
    settings: { 'finerLens.review.author': 'E2E Reviewer' },
    // Every class's turn 1: one true attribute, a pattern on the breast that its reference
    // gives one plain colour, legs the reference never mentions, and a generic one.
    scriptedAttributes: (cls) => [cls.required[0] ?? 'small body', CONTRADICTED, UNSUPPORTED, 'two wings'],
  });

  it('shows contradicted and unsupported attributes with reasons; an overruling survives a reload', async function () {
    const { session } = sim;
    const { page } = session;
    await openFirstSample(await openSampleDatasetFromPalette(page));
    const frame = samplePanel(page).frame;

    const button = frame.locator('vscode-button[data-testid="run-attrseek"]');
    await button.waitFor({ timeout: UI_TIMEOUT_MS });
    await button.click();
    await frame.locator('[data-testid="run-saved"]').waitFor({ timeout: UI_TIMEOUT_MS });

    const generated = (text: string) =>
      frame
        .locator(`[data-testid="alignment"] [data-testid="aligned-generated"][data-text="${text}"]`)
        .first();
    await generated(CONTRADICTED).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await generated(CONTRADICTED).getAttribute('data-status'), 'contradicted');
    const contradictedReason = await generated(CONTRADICTED).locator('[data-testid="reason"]').innerText();
    assert.match(contradictedReason, /^same part: breast; colour \w+ vs pattern spotted$/);
    assert.equal(await generated(UNSUPPORTED).getAttribute('data-status'), 'unsupported');
    assert.match(
      await generated(UNSUPPORTED).locator('[data-testid="reason"]').innerText(),
      /nothing in the reference describes this/,
    );
    assert.equal(await generated('two wings').getAttribute('data-status'), 'generic');
    assert.match(await generated(CONTRADICTED).innerText(), /contradicted/);
    assert.match(await generated(UNSUPPORTED).innerText(), /possible hallucination/);
    // The reference breast attribute is contradicted, not missed.
    const contradictedRefs = frame.locator(
      '[data-testid="alignment"] [data-testid="aligned-reference"][data-status="contradicted"]',
    );
    assert.ok((await contradictedRefs.count()) >= 1, 'a reference attribute is marked contradicted');
    const summary = await frame.locator('[data-testid="alignment-summary"]').first().innerText();
    assert.match(summary, /1 contradicted · 1 unsupported · 1 generic \(not counted\)/);
    assert.match(summary, /precision 33%/, 'one of three judged attributes is supported');
    console.log(
      `    screenshot: ${await saveScreenshot(page, session.screenshotsDir, 'verdicts-before-overrule')}`,
    );

    // Overrule: the researcher says the legs are in fact supported.
    await generated(UNSUPPORTED).locator('select[data-testid="overrule"]').selectOption('supported');
    await frame
      .locator(`[data-testid="aligned-generated"][data-text="${UNSUPPORTED}"][data-status="supported"]`)
      .first()
      .waitFor({ timeout: UI_TIMEOUT_MS });
    const overruled = await generated(UNSUPPORTED).locator('[data-testid="overruled"]').innerText();
    assert.match(
      overruled,
      /overruled by E2E Reviewer, \d{4}-\d\d-\d\d \d\d:\d\d \(structured said possible hallucination\)/,
    );
    await frame.locator('[data-testid="agreement"]').first().waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(
      await frame.locator('[data-testid="agreement"]').first().innerText(),
      /structured 0\/1 · token-overlap [01]\/1/,
    );
    console.log(
      `    screenshot: ${await saveScreenshot(page, session.screenshotsDir, 'verdicts-overruled')}`,
    );
    const section = join(session.screenshotsDir, 'verdicts-overruled-section.png');
    await frame.locator('[data-testid="alignments"]').screenshot({ path: section });
    console.log(`    screenshot: ${section}`);

    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT_MS });
    await waitForFinerLensContributions(page);
    // Open the same sample again (the first one of the tree) in the reloaded window.
    await openFirstSample(await openFinerLensView(page, 'Datasets'));
    const again = activeWebview(page);
    const legs = again.locator(`[data-testid="aligned-generated"][data-text="${UNSUPPORTED}"]`).first();
    await legs.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await legs.getAttribute('data-status'), 'supported');
    assert.match(await legs.locator('[data-testid="overruled"]').innerText(), /overruled by E2E Reviewer/);
    const spots = again.locator(`[data-testid="aligned-generated"][data-text="${CONTRADICTED}"]`).first();
    assert.equal(
      await spots.getAttribute('data-status'),
      'contradicted',
      'the other verdict is the matcher’s',
    );
    const after = join(session.screenshotsDir, 'verdicts-after-reload-section.png');
    await again.locator('[data-testid="alignments"]').screenshot({ path: after });
    console.log(`    screenshot: ${after}`);
  });

  it('shows verdicts, reasons and the overruling readably in light, dark and high-contrast themes', async function () {
    const { session } = sim;
    const { page } = session;
    const problems: string[] = [];
    for (const kind of THEMES.map((t) => t.kind)) {
      const theme = await session.setTheme(kind);
      const frame = activeWebview(page);
      await frame.locator(`body.${theme.webviewBodyClass}`).waitFor({ timeout: UI_TIMEOUT_MS });
      const section = frame.locator('[data-testid="alignments"]');
      await section.waitFor({ timeout: UI_TIMEOUT_MS });
      const file = join(session.screenshotsDir, `verdicts-${kind}.png`);
      await section.screenshot({ path: file });
      console.log(`    screenshot: ${file}`);
      const item = (text: string) =>
        frame.locator(`[data-testid="aligned-generated"][data-text="${text}"]`).first();
      const texts: Array<[string, ReturnType<typeof item>]> = [
        ['the contradicted verdict', item(CONTRADICTED).locator('.status').first()],
        ['its reason', item(CONTRADICTED).locator('[data-testid="reason"]')],
        ['the overruling', item(UNSUPPORTED).locator('[data-testid="overruled"]')],
        ['the overrule menu', item(UNSUPPORTED).locator('select[data-testid="overrule"]')],
        ['the summary', frame.locator('[data-testid="alignment-summary"]').first()],
      ];
      for (const [what, locator] of texts) {
        const colours = await renderedColours(locator);
        const ratio = contrastRatio(colours.text, colours.background);
        if (ratio < 3) problems.push(`${what} in ${kind}: text contrast ${ratio.toFixed(2)}`);
        if (await isClipped(locator)) problems.push(`${what} in ${kind}: cut off`);
      }
    }
    assert.deepEqual(problems, [], 'readable and complete in every theme');
  });
});
