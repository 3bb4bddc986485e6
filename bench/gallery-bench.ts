// Gallery benchmark: 100k samples (10k fine classes) with a 100k-result run at the fine level.
// Host side (Node): time to the first page of a misclassified slice and of a class slice (count
// + describe + one page of tiles with image checks), and a page deep in the slice. Page side:
// the real gallery bundle in headless Chromium, wired to the real host handler table through a
// stand-in for the webview API; figures: time from load to the first tiles painted, and the DOM
// node count (shadow roots included) at several scroll positions.
// Run through `npm run bench`; this module prints nothing itself.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReviewSlice } from '../src/core/analysis/reviewSlice';
import type { ReviewSlice } from '../src/core/model';
import type { PredictionRow } from '../src/core/runs/runTypes';
import { FinerStore } from '../src/core/store/finerStore';
import { galleryHandlerTable, type GalleryContext } from '../src/extension/gallery/galleryHandlers';
import type { GalleryInitialState } from '../src/shared/galleryProtocol';
import { GALLERY_INITIAL_STATE_ID } from '../src/shared/galleryProtocol';
import { GALLERY_PAGE_SIZE } from '../src/shared/galleryPaging';
import { launchChromium } from '../test/e2e/support/chromium';
import { newRunRecord } from '../test/support/runRecords';
import { FINE_CLASSES, importSyntheticDataset, percentile, syntheticSample } from './syntheticInat';

const ORIGIN = 'https://gallery-bench.invalid';
/** Image files written for the first samples (the page loads only what is on screen). */
const IMAGE_FILES = 3_000;

function resultRow(sampleId: number, i: number): PredictionRow {
  const wrong = i % 5 !== 0;
  return {
    sampleId,
    level: 'fine',
    stage: 'done',
    prompt: [],
    turn1Raw: null,
    attributes: ['red crown', 'white wing bars'],
    rawResponse: wrong ? 'Answer: Species 1' : `Answer: Species ${i % FINE_CLASSES}`,
    answer: wrong ? 'Species 1' : `Species ${i % FINE_CLASSES}`,
    finerEm: wrong ? 0 : 1,
    strictEm: wrong ? 0 : 1,
    f1: wrong ? 0.5 : 1,
    latencyMs: 300,
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

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

/** What the panel does to open a slice: count, describe, first page of tiles. */
function openSlice(context: GalleryContext, store: FinerStore): number {
  const t0 = performance.now();
  store.countReviewSlice(context.slice);
  describeReviewSlice(context.slice);
  store.gallerySlicePage(context.slice, { offset: 0, limit: GALLERY_PAGE_SIZE, runId: context.runId });
  return performance.now() - t0;
}

function median(runs: number, fn: () => number): number {
  return percentile(
    Array.from({ length: runs }, () => fn()),
    50,
  );
}

export async function runGalleryBench(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'finer-gallery-bench-'));
  const store = await FinerStore.open(join(dir, 'finer.db'), { checkpointIdleMs: 600_000 });
  try {
    const datasetId = await importSyntheticDataset(store, 'inat-gallery-bench', (i) =>
      syntheticSample(i, i % FINE_CLASSES, {}),
    );
    const runId = store.createRun(newRunRecord(datasetId, { name: 'bench run', strategy: 'direct' }));
    const ids = store.reviewSliceSampleIds({ datasetId, conditions: [] });
    await store.saveRunResults(
      runId,
      ids.map((id, i) => resultRow(id, i)),
    );
    const png = readFileSync(
      join(__dirname, '..', '..', 'samples', 'sample-birds', 'images', 'azure-crowned-warbler', '0.png'),
    );
    const root = join(dir, 'images');
    for (let i = 0; i < IMAGE_FILES; i++) {
      const folder = join(root, 'val', String(i % FINE_CLASSES));
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `${i}.jpg`), png);
    }
    const misclassified: ReviewSlice = {
      datasetId,
      conditions: [{ kind: 'misclassified', runId, level: 'fine' }],
    };
    const cls: ReviewSlice = {
      datasetId,
      conditions: [{ kind: 'class', superordinate: 'Bird', coarse: 'Coarse 0' }],
    };
    const contextFor = (slice: ReviewSlice): GalleryContext => ({
      store,
      slice,
      runId,
      rootDir: root,
      toWebviewUri: (p) => `${ORIGIN}/file${p}`,
      openSample: async () => undefined,
      startReview: async () => undefined,
      ready: () => undefined,
    });
    const figures: Record<string, number> = {};
    const table = galleryHandlerTable();
    const pageWithImages = (context: GalleryContext, offset: number): number =>
      timed(() => {
        const posted: unknown[] = [];
        void table.deliver(
          { kind: 'request', id: 1, method: 'gallery/page', params: { offset, limit: GALLERY_PAGE_SIZE } },
          context,
          (m) => posted.push(m),
        );
        return posted;
      }).ms;
    const mis = contextFor(misclassified);
    figures['gallery.misclassifiedTotal'] = store.countReviewSlice(misclassified);
    figures['gallery.openMisclassifiedMs'] = median(5, () => openSlice(mis, store) + pageWithImages(mis, 0));
    figures['gallery.openClassMs'] = median(
      5,
      () => openSlice(contextFor(cls), store) + pageWithImages(contextFor(cls), 0),
    );
    // A confusion cell as the dashboard opens it: gold class -> the class the wrong answer names.
    const [cell] = store.runConfusionPairs(runId, 'fine', 1);
    if (!cell) throw new Error('the bench run has no confusion pair');
    const confusion: ReviewSlice = {
      datasetId,
      conditions: [
        { kind: 'misclassified', runId, level: 'fine' },
        { kind: 'gold', level: 'fine', classKeys: [cell.gold] },
        { kind: 'predicted', runId, level: 'fine', classKeys: [cell.predicted] },
      ],
    };
    figures['gallery.confusionCellTotal'] = store.countReviewSlice(confusion);
    if (figures['gallery.confusionCellTotal'] !== cell.count) {
      throw new Error(
        `the confusion cell holds ${figures['gallery.confusionCellTotal']} samples, not ${cell.count}`,
      );
    }
    figures['gallery.openConfusionCellMs'] = median(
      5,
      () => openSlice(contextFor(confusion), store) + pageWithImages(contextFor(confusion), 0),
    );
    const search: ReviewSlice = { datasetId, conditions: [{ kind: 'search', text: 'species 1', runId }] };
    figures['gallery.searchTotal'] = store.countReviewSlice(search);
    figures['gallery.openSearchMs'] = median(
      3,
      () => openSlice(contextFor(search), store) + pageWithImages(contextFor(search), 0),
    );
    figures['gallery.pageAt70kMs'] = median(5, () => pageWithImages(mis, 70_000));
    figures['gallery.selectAllIdsMs'] = median(
      3,
      () => timed(() => store.gallerySliceIds(misclassified, 0, figures['gallery.misclassifiedTotal']!)).ms,
    );
    Object.assign(figures, await pageFigures(mis, store, dir));
    return figures;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Page-side expressions (strings: the bench compiles without the DOM lib). */
const TILES_SHOWN = `(document.querySelector('fl-gallery-app')?.shadowRoot?.querySelectorAll('.tile[data-sample-id]').length ?? 0) > 0`;

/** Scrolls the grid to a fraction of its height, waits for the pages in view, counts every node. */
function domNodesScrolledTo(fraction: number): string {
  return `(async () => {
    const app = document.querySelector('fl-gallery-app');
    const scroller = app.shadowRoot.querySelector('.scroller');
    scroller.scrollTop = Math.floor(scroller.scrollHeight * ${fraction});
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 200 && app.shadowRoot.querySelectorAll('.tile.placeholder').length > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const count = (n) => {
      let total = 1;
      if (n.shadowRoot) total += count(n.shadowRoot);
      for (const child of n.children) total += count(child);
      return total;
    };
    return count(document.documentElement);
  })()`;
}

/**
 * Scrolls the grid continuously (one step per animation frame, as a fast wheel or a dragged
 * scrollbar does) and returns the intervals between frames, in ms: a frame that took long to
 * render (new pages of tiles mounting) shows as a long interval.
 */
const scrollFrames = (moving: boolean): string => `(async () => {
  const app = document.querySelector('fl-gallery-app');
  const scroller = app.shadowRoot.querySelector('.scroller');
  scroller.scrollTop = 0;
  const step = ${moving ? 'Math.max(1, Math.floor(scroller.clientHeight / 3))' : '0'};
  const intervals = [];
  let last = performance.now();
  for (let i = 0; i < 240; i++) {
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    intervals.push(now - last);
    last = now;
    scroller.scrollTop += step;
  }
  return intervals;
})()`;

/**
 * A short fling from the top (40 frames, inside the first samples, which have image files).
 * `dropped`: thumbnails taken away from tiles still on the page during the fling (tiles that
 * already show an image keep it; only newly mounted ones defer theirs). `settleMs`: from the
 * fling's last frame until every tile in view shows its decoded thumbnail.
 */
const IMAGES_AFTER_FLING = `(async () => {
  const app = document.querySelector('fl-gallery-app');
  const scroller = app.shadowRoot.querySelector('.scroller');
  scroller.scrollTop = 0;
  await new Promise((r) => setTimeout(r, 300));
  let dropped = 0;
  const observer = new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.removedNodes) if (n.nodeName === 'IMG' && r.target.isConnected) dropped++;
  });
  observer.observe(scroller, { childList: true, subtree: true });
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => requestAnimationFrame(r));
    scroller.scrollTop += Math.floor(scroller.clientHeight / 3);
  }
  observer.takeRecords().forEach((r) => {
    for (const n of r.removedNodes) if (n.nodeName === 'IMG' && r.target.isConnected) dropped++;
  });
  observer.disconnect();
  const t0 = performance.now();
  for (;;) {
    await new Promise((r) => requestAnimationFrame(r));
    const top = scroller.scrollTop;
    const bottom = top + scroller.clientHeight;
    const inView = [...scroller.querySelectorAll('.tile')].filter((t) => {
      const y = t.offsetTop + new DOMMatrix(getComputedStyle(t).transform).m42;
      return y + t.offsetHeight > top && y < bottom;
    });
    const done = inView.length > 0 && inView.every((t) => {
      const img = t.querySelector('img');
      return img && img.complete && img.naturalWidth > 0;
    });
    if (done) return { settleMs: performance.now() - t0, dropped };
    if (performance.now() - t0 > 20000) return { settleMs: -1, dropped };
  }
})()`;

/** The real bundle in Chromium over the misclassified slice: first paint and DOM size. */
async function pageFigures(
  context: GalleryContext,
  store: FinerStore,
  dir: string,
): Promise<Record<string, number>> {
  const bundle = readFileSync(join(__dirname, '..', 'webview', 'gallery.js'));
  const state: GalleryInitialState = {
    codiconsHref: `${ORIGIN}/codicon.css`,
    reviewSlice: context.slice,
    slice: {
      title: describeReviewSlice(context.slice),
      datasetName: 'inat-gallery-bench',
      total: store.countReviewSlice(context.slice),
      runName: 'bench run',
      tags: store.listTaxonomy().map((t) => ({ key: t.key ?? t.name, name: t.name })),
      revision: 1,
    },
  };
  const html = `<!DOCTYPE html><html><head><meta charset="UTF-8">
    <script>window.acquireVsCodeApi = () => ({ postMessage: (m) => window.benchHost(m), setState: () => {} });</script>
    </head><body>
    <script type="application/json" id="${GALLERY_INITIAL_STATE_ID}">${JSON.stringify(state)}</script>
    <script type="module" src="${ORIGIN}/gallery.js"></script></body></html>`;
  const scratch = join(dir, 'chromium');
  mkdirSync(scratch, { recursive: true });
  const browser = await launchChromium({
    XDG_CONFIG_HOME: scratch,
    XDG_CACHE_HOME: scratch,
    XDG_DATA_HOME: scratch,
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const table = galleryHandlerTable();
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
      if (url.pathname === '/gallery.js')
        return route.fulfill({ contentType: 'text/javascript', body: bundle });
      // The codicon glyphs the tiles draw, as the extension ships them (dist/codicons).
      if (url.pathname === '/codicon.css' || url.pathname === '/codicon.ttf') {
        const file = join(__dirname, '..', 'codicons', url.pathname.slice(1));
        const contentType = url.pathname.endsWith('.css') ? 'text/css' : 'font/ttf';
        return route.fulfill({ contentType, body: readFileSync(file) });
      }
      if (url.pathname.startsWith('/file/')) {
        try {
          return await route.fulfill({ contentType: 'image/png', body: readFileSync(url.pathname.slice(5)) });
        } catch {
          return route.fulfill({ status: 404 });
        }
      }
      return route.fulfill({ status: 404 });
    });
    const t0 = Date.now();
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(TILES_SHOWN);
    const figures: Record<string, number> = { 'gallery.firstTilesPaintedMs': Date.now() - t0 };
    const counts: number[] = [];
    for (const fraction of [0, 0.25, 0.5, 0.75, 0.999]) {
      counts.push(await page.evaluate<number>(domNodesScrolledTo(fraction)));
    }
    figures['gallery.domNodesMax'] = Math.max(...counts);
    figures['gallery.domNodesAtTop'] = counts[0] ?? 0;
    figures['gallery.domNodesAtEnd'] = counts[counts.length - 1] ?? 0;
    // The same frames with the grid standing still: what this headless, GPU-less Chromium
    // gives at best, so the scrolling figures can be read against it.
    const still = await page.evaluate<number[]>(scrollFrames(false));
    figures['gallery.stillFrameP50Ms'] = percentile(still, 50);
    const intervals = await page.evaluate<number[]>(scrollFrames(true));
    const fling = await page.evaluate<{ settleMs: number; dropped: number }>(IMAGES_AFTER_FLING);
    figures['gallery.imagesShownAfterFlingMs'] = fling.settleMs;
    figures['gallery.imagesDroppedDuringFling'] = fling.dropped;
    figures['gallery.scrollFrameP50Ms'] = percentile(intervals, 50);
    figures['gallery.scrollFrameP95Ms'] = percentile(intervals, 95);
    figures['gallery.scrollFrameMaxMs'] = Math.max(...intervals);
    figures['gallery.scrollFramesOver50Ms'] = intervals.filter((ms) => ms > 50).length;
    // The same scroll again: the renderer's compiled code, style caches and the decoded image
    // are warm now (the first pass above is what a researcher's first fast scroll feels like).
    const warm = await page.evaluate<number[]>(scrollFrames(true));
    figures['gallery.scrollFrameWarmP50Ms'] = percentile(warm, 50);
    figures['gallery.scrollFrameWarmP95Ms'] = percentile(warm, 95);
    return figures;
  } finally {
    await browser.close();
  }
}
