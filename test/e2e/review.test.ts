// E2E: keyboard review in the real VS Code (code-server + Chromium). A batch ATTRSEEK run of the
// simulated LVLM on the sample dataset (written by the CLI into the workspace database while the
// window is open), then "Start Review…" over the fine-level mistakes: three samples reviewed with
// j/k, tagged with number keys, a note, an attribute edited, undone with u, edited again, the
// label re-asked from the attributes, tags exported; after a reload everything is still there.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  acceptFirstQuickPickMatch,
  acceptSimpleSaveDialog,
  openSampleDatasetFromPalette,
  runCliBatchIntoWorkspace,
  waitForFile,
} from './support/finerLensFlows';
import { useSimulatedLvlmSession } from './support/simulatedLvlmSession';
import {
  activeWebview,
  runCommand,
  saveScreenshot,
  UI_TIMEOUT_MS,
  waitForFinerLensContributions,
} from './support/workbench';

describe('Keyboard review of misclassified samples (E2E, code-server + Chromium)', function () {
  this.timeout(300_000);

  const exportDir = mkdtempSync(join(tmpdir(), 'finer-lens-e2e-export-'));
  const NOTE = 'Confused with a sibling <b>not bold</b>';
  const EDITED = '<img src=x onerror=alert(1)> blue crown patch';

  const sim = useSimulatedLvlmSession(
    {
      latencyMs: 20,
      settings: { 'finerLens.review.author': 'E2E Reviewer', 'files.simpleDialog.enable': true },
    },
    () => rmSync(exportDir, { recursive: true, force: true }),
  );

  it('reviews, tags, notes, edits, undoes, re-classifies and exports with the keyboard; all survives a reload', async function () {
    const { server, session } = sim;
    const { page } = session;
    await openSampleDatasetFromPalette(page);
    const out = await runCliBatchIntoWorkspace(session, server, { strategy: 'attrseek', level: 'fine' });
    console.log(`    cli: ${out}`);

    // Start Review… -> "Misclassified at fine level" (the window picks up the CLI's run).
    await page.waitForTimeout(2500);
    await runCommand(page, 'Finer Lens: Start Review…', { opensQuickPick: true });
    // The plain slice is listed first; its row's name starts with the codicon's label.
    await acceptFirstQuickPickMatch(page, 'Misclassified at fine level');
    const frame = activeWebview(page);
    const position = frame.locator('[data-testid="review-position"]');
    await position.waitFor({ timeout: UI_TIMEOUT_MS });
    const total = Number((await position.innerText()).split('/')[1]?.trim());
    assert.ok(total >= 3, `at least three fine-level mistakes (got ${total})`);
    assert.equal((await position.innerText()).trim(), `1 / ${total}`);
    // The queue opens at the top with the editor closed: the position is in view.
    const positionInView = await position.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= (globalThis as unknown as { innerHeight: number }).innerHeight;
    });
    assert.ok(positionInView, 'the review position "1 / N" is in view when the queue opens');
    assert.equal(await frame.locator('input[data-testid="attr-add-required"]').count(), 0, 'editor closed');

    const focusPanel = async (): Promise<void> => frame.locator('[data-testid="sample-title"]').click();
    const chip = (n: number) => frame.locator('[data-testid="tag-chip"]').nth(n - 1);
    const reviewed: string[] = [];
    for (let i = 1; i <= 3; i++) {
      await position.filter({ hasText: `${i} / ${total}` }).waitFor({ timeout: UI_TIMEOUT_MS });
      reviewed.push(await frame.locator('[data-testid="sample-title"]').innerText());
      await focusPanel();
      await page.keyboard.press(String(i));
      await chip(i).and(frame.locator('[aria-pressed="true"]')).waitFor({ timeout: UI_TIMEOUT_MS });
      if (i < 3) await page.keyboard.press('j');
    }
    // k goes back, j forward again.
    await page.keyboard.press('k');
    await position.filter({ hasText: `2 / ${total}` }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('j');
    await position.filter({ hasText: `3 / ${total}` }).waitFor({ timeout: UI_TIMEOUT_MS });

    // A figure, not a limit: from the key press inside the webview to the next sample painted
    // (the position text changed and a frame was rendered), timed in the webview itself.
    const stepMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const key = i % 2 === 0 ? 'k' : 'j';
      stepMs.push(await position.evaluate(timeKeyToRender, key));
      await position
        .filter({ hasText: `${key === 'k' ? 2 : 3} / ${total}` })
        .waitFor({ timeout: UI_TIMEOUT_MS });
    }
    stepMs.sort((a, b) => a - b);
    console.log(
      `    figure: review next/previous, key press to rendered panel: median ${stepMs[5]?.toFixed(1)} ms, max ${stepMs[9]?.toFixed(1)} ms`,
    );

    // n: note.
    await focusPanel();
    await page.keyboard.press('n');
    await page.keyboard.type(NOTE);
    await page.keyboard.press('Control+Enter');
    await frame
      .locator('vscode-button[data-testid="save-note"][disabled]')
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await frame
      .locator('[data-testid="note-state"]', { hasText: 'Saved' })
      .waitFor({ timeout: UI_TIMEOUT_MS });

    // e: edit attributes; add one, u undoes it, add again.
    await focusPanel();
    await page.keyboard.press('e');
    const add = frame.locator('input[data-testid="attr-add-required"]');
    await add.waitFor({ timeout: UI_TIMEOUT_MS });
    const edited = frame.locator('[data-testid="edit-required"] input[data-testid="attr-text"]');
    const before = await edited.count();
    await add.fill(EDITED);
    await add.press('Enter');
    await frame
      .locator(`[data-testid="edit-required"] input[data-testid="attr-text"]`)
      .nth(before)
      .waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await edited.nth(before).inputValue(), EDITED);
    await focusPanel();
    await page.keyboard.press('u');
    await frame
      .locator(`[data-testid="edit-required"] input[data-testid="attr-text"]`)
      .nth(before)
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await add.fill(EDITED);
    await add.press('Enter');
    await edited.nth(before).waitFor({ timeout: UI_TIMEOUT_MS });
    await focusPanel();
    await page.keyboard.press('e');
    // Read-only again: the text shows as text, no element was injected.
    const item = frame.locator('[data-testid="attr-required"] [data-testid="attribute"]', {
      hasText: 'blue crown patch',
    });
    await item.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await item.innerText(), EDITED);
    assert.equal(await frame.locator('[data-testid="attr-required"] img').count(), 0);

    // Re-classify from these attributes against the simulated LVLM.
    const reclassify = frame.locator('vscode-button[data-testid="reclassify"]');
    await reclassify.scrollIntoViewIfNeeded();
    await reclassify.click();
    const verdict = frame.locator('[data-testid="counterfactual-verdict"]');
    await verdict.waitFor({ timeout: UI_TIMEOUT_MS });
    console.log(
      `    counterfactual: ${await frame.locator('[data-testid="counterfactual-answer"]').innerText()} — ${await verdict.innerText()}`,
    );

    for (const kind of ['dark', 'light'] as const) {
      await session.setTheme(kind);
      await frame.locator('[data-testid="tag-chips"]').scrollIntoViewIfNeeded();
      console.log(
        `    screenshot: ${await saveScreenshot(page, session.screenshotsDir, `review-panel-${kind}`)}`,
      );
    }

    // Export tags through the (simple) save dialog.
    const csv = join(exportDir, 'tags.csv');
    await runCommand(page, 'Finer Lens: Export Tags and Notes…', { opensQuickPick: true });
    await acceptSimpleSaveDialog(page, csv);
    await waitForFile(page, csv, 300);
    const exported = readFileSync(csv, 'utf8');
    // The whole note: its first words are also the name of the tag toggled on sample 3.
    assert.ok(exported.includes(NOTE), 'the note is in the export');
    // The export's notification offers Open and Reveal; Open shows the file in an editor.
    const toast = page.locator('.notification-toast', { hasText: 'tags.csv' }).first();
    await toast.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(
      await toast.getByRole('button', { name: 'Reveal in File Explorer' }).count(),
      1,
      'a Reveal in File Explorer action',
    );
    await toast.getByRole('button', { name: 'Open', exact: true }).click();
    await page
      .locator('.tabs-container .tab.active', { hasText: 'tags.csv' })
      .waitFor({ timeout: UI_TIMEOUT_MS });

    // Reload the window: review position, tags, note and the edited attribute are all still there.
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT_MS });
    await waitForFinerLensContributions(page);
    const again = activeWebview(page);
    await again
      .locator('[data-testid="review-position"]')
      .filter({ hasText: `3 / ${total}` })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await again.locator('[data-testid="sample-title"]').innerText(), reviewed[2]);
    await again
      .locator('[data-testid="tag-chip"][aria-pressed="true"]')
      .first()
      .waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await again.locator('[data-testid="tag-chip"]').nth(2).getAttribute('aria-pressed'), 'true');
    assert.equal(await again.locator('textarea[data-testid="note-input"]').inputValue(), NOTE);
    assert.equal(
      await again
        .locator('[data-testid="attr-required"] [data-testid="attribute"]', { hasText: 'blue crown patch' })
        .innerText(),
      EDITED,
    );
    await page.keyboard.press('k');
    console.log(
      `    screenshot: ${await saveScreenshot(page, session.screenshotsDir, 'review-after-reload')}`,
    );
  });
});

/**
 * Runs in the webview: presses `key` and resolves with the milliseconds until the element's
 * text changed and the next frame was painted (-1 when nothing changed within 10 s).
 */
function timeKeyToRender(element: unknown, key: string): Promise<number> {
  interface Win {
    performance: { now(): number };
    requestAnimationFrame(cb: () => void): number;
    setTimeout(cb: () => void, ms: number): number;
    dispatchEvent(event: unknown): boolean;
    KeyboardEvent: new (type: string, init: { key: string; bubbles: boolean }) => unknown;
    MutationObserver: new (cb: () => void) => {
      observe(node: unknown, init: Record<string, boolean>): void;
      disconnect(): void;
    };
  }
  const win = globalThis as unknown as Win;
  const el = element as { textContent: string | null };
  return new Promise((resolve) => {
    const before = el.textContent;
    const started = win.performance.now();
    let settled = false;
    const observer = new win.MutationObserver(() => {
      if (settled || el.textContent === before) return;
      settled = true;
      observer.disconnect();
      win.requestAnimationFrame(() => resolve(win.performance.now() - started));
    });
    observer.observe(el, { childList: true, characterData: true, subtree: true });
    win.setTimeout(() => {
      if (settled) return;
      settled = true;
      observer.disconnect();
      resolve(-1);
    }, 10_000);
    win.dispatchEvent(new win.KeyboardEvent('keydown', { key, bubbles: true }));
  });
}
