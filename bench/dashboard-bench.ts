// Dashboard benchmark: 100k samples (10k fine classes in 500 coarse groups) with a 100k-result
// ATTRSEEK run at the fine level (answers spread over siblings, cousins and off-list names).
// Host side (Node): the dashboard's data (analyzeRun + slices swapped for refs) and the size of
// what goes to the page; page logic: sorting and filtering the 10k-row class table, laying out
// the confusion matrix. Page side: the real dashboard bundle in headless Chromium, wired to the
// real host handler table through a stand-in for the webview API; figure: time from load to the
// first paint of the data (the host's analysis included).
// Run through `npm run bench`; this module prints nothing itself.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeRun } from '../src/core/analysis/runAnalysis/analyzeRun';
import type { PredictionRow } from '../src/core/runs/runTypes';
import { FinerStore } from '../src/core/store/finerStore';
import {
  loadDashboardData,
  loadGrounding,
  loadGroundingInWorker,
} from '../src/extension/dashboard/dashboardData';
import { dashboardHandlerTable, type DashboardContext } from '../src/extension/dashboard/dashboardHandlers';
import { SliceRegistry } from '../src/extension/dashboard/dashboardSlices';
import { DEFAULT_CLASS_QUERY, indexClassRows, queryClassTable } from '../src/shared/dashboardClassTable';
import { layoutMatrix } from '../src/shared/dashboardMatrix';
import type { DashboardChoices, DashboardInitialState } from '../src/shared/dashboardProtocol';
import { DASHBOARD_INITIAL_STATE_ID } from '../src/shared/dashboardProtocol';
import { launchChromium } from '../test/e2e/support/chromium';
import { newRunRecord } from '../test/support/runRecords';
import { FINE_CLASSES, importSyntheticDataset, percentile, syntheticSample } from './syntheticInat';

const ORIGIN = 'https://dashboard-bench.invalid';
/** The bundled grounding worker, beside this bench's folder in dist/. */
const GROUNDING_WORKER = join(__dirname, '..', 'groundingWorker.js');

/**
 * Runs `work` while a 5 ms timer ticks on this thread; returns its value, its time and the
 * longest gap between ticks: how long the thread (the extension host, in the product) could
 * not answer anything else.
 */
async function withStallProbe<T>(
  work: () => T | Promise<T>,
): Promise<{ value: T; ms: number; stallMs: number }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 5);
  const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));
  await pause();
  const t0 = performance.now();
  const value = await work();
  const ms = performance.now() - t0;
  await pause();
  clearInterval(timer);
  return { value, ms, stallMs: worst };
}
const CHOICES: DashboardChoices = { textRunId: null, matrixCoarse: null, overlayRunIds: [] };

/** Sample i (class i % 10k): right 2 of 5, else a sibling, a cousin or an off-list name. */
function resultRow(sampleId: number, i: number): PredictionRow {
  const fine = i % FINE_CLASSES;
  const kind = i % 5;
  const answer =
    kind < 2
      ? `Species ${fine}`
      : kind === 2
        ? `Species ${fine % 20 === 19 ? fine - 1 : fine + 1}`
        : kind === 3
          ? `Species ${(fine + 20) % FINE_CLASSES}`
          : 'a small brown bird';
  const right = kind < 2;
  return {
    sampleId,
    level: 'fine',
    stage: 'done',
    prompt: [],
    turn1Raw: 'red crown, white wing bars',
    attributes: ['red crown', 'white wing bars', 'long tail'],
    rawResponse: `Answer: ${answer}`,
    answer,
    finerEm: right ? 1 : 0,
    strictEm: right ? 1 : 0,
    f1: right ? 1 : 0.5,
    latencyMs: 200 + (i % 300),
    inputTokens: 700,
    outputTokens: 20,
    cost: 0,
    error: null,
    cacheHit: false,
    imageSha256: null,
    finishReason: 'stop',
    refusal: null,
  };
}

function medianOf(runs: number, fn: () => void): number {
  return percentile(
    Array.from({ length: runs }, () => {
      const t0 = performance.now();
      fn();
      return performance.now() - t0;
    }),
    50,
  );
}

export async function runDashboardBench(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'finer-dashboard-bench-'));
  const store = await FinerStore.open(join(dir, 'finer.db'), { checkpointIdleMs: 600_000 });
  try {
    const datasetId = await importSyntheticDataset(store, 'inat-dashboard-bench', (i) =>
      syntheticSample(i, i % FINE_CLASSES, {}),
    );
    const runId = store.createRun(newRunRecord(datasetId, { name: 'bench run', strategy: 'attrseek' }));
    const ids = store.reviewSliceSampleIds({ datasetId, conditions: [] });
    await store.saveRunResults(
      runId,
      ids.map((id, i) => resultRow(id, i)),
    );
    const figures: Record<string, number> = {};
    const slices = new SliceRegistry();
    let t0 = performance.now();
    const data = loadDashboardData(store, runId, CHOICES, slices);
    figures['dashboard.dataReadyMs'] = performance.now() - t0;
    figures['dashboard.analysisMs'] = data.analysisMs;
    // How much of it is the attribute grounding (the matcher over every attribute list).
    figures['dashboard.analysisWithoutGroundingMs'] = medianOf(1, () =>
      analyzeRun(store, runId, { skipGrounding: true }),
    );
    figures['dashboard.payloadKb'] = Buffer.byteLength(JSON.stringify(data)) / 1024;
    figures['dashboard.sliceRefs'] = slices.size;
    figures['dashboard.classRows'] = data.analysis.classes.length;
    // The grounding on the host thread (before) and in the worker thread (what the panel does).
    const inThread = await withStallProbe(() => loadGrounding(store, runId, slices));
    figures['dashboard.groundingInThreadMs'] = inThread.ms;
    figures['dashboard.groundingInThreadHostStallMs'] = inThread.stallMs;
    const inWorker = await withStallProbe(() =>
      loadGroundingInWorker(store, runId, slices, { workerPath: GROUNDING_WORKER }),
    );
    figures['dashboard.groundingReadyMs'] = inWorker.ms;
    figures['dashboard.groundingHostStallMs'] = inWorker.stallMs;
    figures['dashboard.groundingPayloadKb'] = Buffer.byteLength(JSON.stringify(inWorker.value)) / 1024;

    const fineRows = data.analysis.classes.filter((c) => c.level === 'fine').length;
    figures['dashboard.fineClassRows'] = fineRows;
    t0 = performance.now();
    const index = indexClassRows(data.analysis.classes);
    figures['dashboard.classIndexMs'] = performance.now() - t0;
    const base = { ...DEFAULT_CLASS_QUERY, level: 'fine' as const };
    figures['dashboard.classSortWorstFirstMs'] = medianOf(9, () => queryClassTable(index, base));
    figures['dashboard.classSortByLabelMs'] = medianOf(9, () =>
      queryClassTable(index, { ...base, sort: 'label', direction: 'asc' }),
    );
    figures['dashboard.classFilterMs'] = medianOf(9, () =>
      queryClassTable(index, { ...base, text: 'species 12' }),
    );
    figures['dashboard.matrixLayoutMs'] = medianOf(9, () =>
      data.analysis.confusion_matrices.forEach(layoutMatrix),
    );
    Object.assign(figures, await pageFigures(store, runId, dir));
    return figures;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The real bundle in Chromium: load -> analysis request -> data painted. */
async function pageFigures(store: FinerStore, runId: number, dir: string): Promise<Record<string, number>> {
  const bundle = readFileSync(join(__dirname, '..', 'webview', 'dashboard.js'));
  const state: DashboardInitialState = {
    runId,
    runName: 'bench run',
    choices: CHOICES,
    compareRunId: null,
    codiconsHref: `${ORIGIN}/codicon.css`,
  };
  const html = `<!DOCTYPE html><html><head><meta charset="UTF-8">
    <script>window.acquireVsCodeApi = () => ({ postMessage: (m) => window.benchHost(m), setState: () => {}, getState: () => undefined });</script>
    </head><body>
    <script type="application/json" id="${DASHBOARD_INITIAL_STATE_ID}">${JSON.stringify(state)}</script>
    <script type="module" src="${ORIGIN}/dashboard.js"></script></body></html>`;
  const scratch = join(dir, 'chromium');
  mkdirSync(scratch, { recursive: true });
  const browser = await launchChromium({
    XDG_CONFIG_HOME: scratch,
    XDG_CACHE_HOME: scratch,
    XDG_DATA_HOME: scratch,
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const slices = new SliceRegistry();
    const context: DashboardContext = {
      runId,
      slices,
      load: (choices) => ({ ...loadDashboardData(store, runId, choices, slices), clickTarget: 'gallery' }),
      compare: () => {
        throw new Error('not measured');
      },
      grounding: () => loadGroundingInWorker(store, runId, slices, { workerPath: GROUNDING_WORKER }),
      openSlice: async () => undefined,
      reviewSlice: async () => undefined,
      exportReport: async () => undefined,
      showError: () => undefined,
      ready: () => undefined,
    };
    const table = dashboardHandlerTable();
    await page.exposeFunction('benchHost', async (message: unknown) => {
      const replies: unknown[] = [];
      await table.deliver(message, context, (m) => replies.push(m));
      for (const reply of replies) {
        await page.evaluate(
          `window.dispatchEvent(new MessageEvent('message', { data: ${JSON.stringify(reply)} }))`,
        );
      }
    });
    await page.route(`${ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: html });
      if (url.pathname === '/dashboard.js')
        return route.fulfill({ contentType: 'text/javascript', body: bundle });
      return route.fulfill({ status: 404 });
    });
    const t0 = Date.now();
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(`document.body.dataset.firstPaintMs !== undefined`, undefined, {
      timeout: 120_000,
    });
    // Measured in the page (from its navigation start): Node's polling waits while the host
    // computes the grounding, which the page does not.
    const figures: Record<string, number> = {
      'dashboard.pageLoadToFirstPaintMs': Number(
        await page.evaluate<string>('document.body.dataset.firstPaintMs'),
      ),
    };
    await page.waitForFunction(
      `document.querySelector('fl-dashboard-app')?.shadowRoot?.querySelector('fl-modality-section')?.shadowRoot?.querySelector('[data-testid="grounding-figures"]') != null`,
      undefined,
      { timeout: 120_000 },
    );
    figures['dashboard.openToGroundingShownMs'] = Date.now() - t0;
    figures['dashboard.domNodes'] = await page.evaluate<number>(`(() => {
      const count = (n) => {
        let total = 1;
        if (n.shadowRoot) total += count(n.shadowRoot);
        for (const child of n.children) total += count(child);
        return total;
      };
      return count(document.documentElement);
    })()`);
    // Filtering the 10k-class table in the page: type, then wait for the count to change (the
    // input waits 120 ms for more keys before it filters; that wait is included).
    figures['dashboard.pageFilterWith120msDebounceMs'] = await page.evaluate<number>(`(async () => {
      const table = document.querySelector('fl-dashboard-app').shadowRoot.querySelector('fl-class-table');
      const input = table.shadowRoot.querySelector('[data-testid="class-filter"]');
      const count = () => table.shadowRoot.querySelector('[data-testid="class-count"]').textContent;
      const before = count();
      const t0 = performance.now();
      input.value = 'species 12';
      input.dispatchEvent(new Event('input'));
      while (count() === before) await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    })()`);
    return figures;
  } finally {
    await browser.close();
  }
}
