// E2E: a researcher opens the bundled sample dataset and looks at one sample, in every theme.
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { startE2ESession, type E2ESession } from './support/e2eSession';
import {
  openFirstSample,
  openSampleDatasetFromPalette,
  samplePanel,
  waitForDecodedImage,
  type SamplePanel,
} from './support/finerLensFlows';
import { contrastRatio, renderedColours } from './support/themeChecks';
import { saveScreenshot, THEMES, UI_TIMEOUT_MS } from './support/workbench';

describe('Sample panel (E2E, code-server + Chromium)', function () {
  // A ceiling against a hung workbench, not a performance assertion.
  this.timeout(180_000);

  let session: E2ESession;
  let panel: SamplePanel;

  before(async function () {
    session = await startE2ESession({ theme: 'dark' });
  });

  afterEach(async function () {
    await session?.screenshotOnFailure(this.currentTest);
  });

  after(async function () {
    await session?.stop();
  });

  it('opens a sample of the bundled dataset from the command palette and shows image, labels and attributes', async function () {
    const { page } = session;
    const view = await openSampleDatasetFromPalette(page);
    const sampleName = await openFirstSample(view);
    console.log(`    opened tree row "${sampleName}"`);

    panel = samplePanel(page);
    const naturalWidth = await waitForDecodedImage(panel.image);
    assert.ok(naturalWidth > 0, 'the sample image decoded (naturalWidth > 0)');

    await panel.superordinate.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await panel.superordinate.innerText(), /Bird/);
    assert.notEqual((await panel.coarse.innerText()).trim(), '', 'a coarse label is shown');
    assert.notEqual((await panel.fine.innerText()).trim(), '', 'a fine label is shown');

    await panel.requiredAttributes.first().waitFor({ timeout: UI_TIMEOUT_MS });
    const required = await panel.requiredAttributes.allInnerTexts();
    const likely = await panel.likelyAttributes.allInnerTexts();
    assert.ok(required.length > 0, 'required reference attributes are listed');
    assert.ok(likely.length > 0, 'likely reference attributes are listed');
    assert.ok(
      required.every((text) => text.trim().length > 0),
      `every required attribute has text: ${JSON.stringify(required)}`,
    );

    // Failure-mode tag chips carry their colour from the first render (a style attribute would
    // be blocked by the CSP and leave every dot the same grey).
    const dots = panel.frame.locator('[data-testid="tag-chip"] .dot');
    await dots.first().waitFor({ timeout: UI_TIMEOUT_MS });
    const dotColours = new Set<string>();
    for (let i = 0; i < (await dots.count()); i++) {
      dotColours.add(
        await dots
          .nth(i)
          .evaluate(
            (el) =>
              (
                globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
              ).getComputedStyle(el).backgroundColor,
          ),
      );
    }
    assert.ok(dotColours.size >= 5, `tag colours render on first paint: ${[...dotColours].join(', ')}`);

    await saveScreenshot(page, session.screenshotsDir, 'sample-panel');
  });

  it('renders the sample panel readably in light, dark and high-contrast themes', async function () {
    const { page } = session;
    if ((await panel?.image.count()) !== 1) {
      await openFirstSample(await openSampleDatasetFromPalette(page));
      panel = samplePanel(page);
    }
    const backgrounds = new Set<string>();
    const unreadable: string[] = [];
    for (const kind of THEMES.map((t) => t.kind)) {
      const theme = await session.setTheme(kind);
      const attribute = panel.requiredAttributes.first();
      await attribute.waitFor({ timeout: UI_TIMEOUT_MS });
      // The webview gets the theme through a body class and --vscode-* variables.
      await panel.frame.locator(`body.${theme.webviewBodyClass}`).waitFor({ timeout: UI_TIMEOUT_MS });
      assert.ok((await waitForDecodedImage(panel.image)) > 0, `image still shown in ${kind}`);

      await saveScreenshot(page, session.screenshotsDir, `sample-panel-${kind}`);

      const texts: Array<[string, Locator]> = [
        ['a required attribute', attribute],
        ['the superordinate label', panel.superordinate],
        ['the image path', panel.frame.locator('[data-testid="image-path"]')],
      ];
      for (const [what, locator] of texts) {
        const colours = await renderedColours(locator);
        const ratio = contrastRatio(colours.text, colours.background);
        if (ratio < 3) {
          unreadable.push(
            `${what} in ${kind}: contrast ${ratio.toFixed(2)} ` +
              `(text rgb(${colours.text.join(',')}) on rgb(${colours.background.join(',')}))`,
          );
        }
        backgrounds.add(colours.background.join(','));
      }
    }
    assert.deepEqual(unreadable, [], 'all panel text is readable (contrast >= 3) in every theme');
    assert.ok(backgrounds.size >= 2, 'the panel background follows the theme');
  });
});
