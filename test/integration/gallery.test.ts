// The gallery in the real extension host: "Open in Gallery" with a ReviewSlice argument over a
// run's fine-level mistakes (and with a Datasets tree class node), pages through the message
// path with images as webview resource URIs, bulk-tagging the selection through the same path
// (the tag lands in the store, one write), a class slice from a tree node, a search slice, and
// "review slice" starting the review queue in one step.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedServerHandle } from '../../src/core/simulator/simulatedLvlmServer';
import type { FinerStore } from '../../src/core/store/finerStore';
import type { FinerLensTestApi } from '../../src/extension/extension';
import type { GallerySliceView, GalleryTagResult, GalleryTileView } from '../../src/shared/galleryProtocol';
import { GalleryMethod } from '../../src/shared/galleryProtocol';
import {
  clearConfiguredEndpoints,
  configureSimulatedEndpoint,
  misclassifiedSampleIds,
  openSampleDatasetWithSimulator,
  runModelCommand,
  until,
} from './extensionUnderTest';

const ENDPOINT = 'simulated-gallery';
let nextId = 70_000;

type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** Sends a request as the page would; resolves with the reply the host posted to the page. */
async function request<T>(api: FinerLensTestApi, method: string, params: unknown): Promise<Reply<T>> {
  const id = nextId++;
  api.gallery.record = true;
  await api.gallery.deliver({ kind: 'request', id, method, params });
  const reply = api.gallery.posted.find(
    (m): m is { kind: 'response'; id: number; result: Reply<T> } =>
      typeof m === 'object' && m !== null && (m as { id?: number }).id === id,
  );
  assert.ok(reply, `a response to ${method}`);
  return reply.result;
}

describe('Gallery (open over a slice, pages, bulk tagging, review in one step)', () => {
  let api: FinerLensTestApi;
  let store: FinerStore;
  let datasetId: number;
  let server: SimulatedServerHandle;
  let runId: number;
  let wrongIds: number[];

  before(async () => {
    ({ api, store, datasetId, server } = await openSampleDatasetWithSimulator({ seed: 9 }));
    await configureSimulatedEndpoint(ENDPOINT, server);
    runId = await runModelCommand({
      datasetId,
      endpointName: ENDPOINT,
      strategy: 'direct',
      level: 'fine',
      name: 'gallery integration run',
    });
    wrongIds = misclassifiedSampleIds(store, datasetId, runId, 'fine');
  });

  after(async () => {
    await vscode.commands.executeCommand('finerLens.endReview');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clearConfiguredEndpoints();
    await server?.close();
  });

  it('opens a misclassified slice, pages it with marks and image URIs, and bulk-tags the selection', async () => {
    const slice = { datasetId, conditions: [{ kind: 'misclassified', runId, level: 'fine' }] };
    const view = await vscode.commands.executeCommand<GallerySliceView | undefined>(
      'finerLens.openGallery',
      slice,
    );
    assert.ok(view);
    assert.equal(view.total, wrongIds.length);
    assert.match(view.title, /misclassified at fine level in gallery integration run/);
    await until(() => api.gallery.isReady, 'the gallery page says ready');

    const page = await request<GalleryTileView[]>(api, GalleryMethod.page, { offset: 0, limit: 2 });
    assert.ok(page.ok, JSON.stringify(page));
    assert.deepEqual(
      page.value.map((t) => t.sampleId),
      wrongIds.slice(0, 2),
    );
    for (const tile of page.value) {
      assert.equal(tile.marks.fine, 'wrong');
      assert.ok(
        tile.imageUri && /^https:\/\/.*vscode-(resource|cdn)/.test(tile.imageUri),
        tile.imageUri ?? '',
      );
    }
    const ids = await request<number[]>(api, GalleryMethod.ids, { offset: 0, limit: view.total });
    assert.ok(ids.ok);
    assert.deepEqual(ids.value, wrongIds);

    const chosen = [wrongIds[0]!, wrongIds[2]!];
    const tagged = await request<GalleryTagResult>(api, GalleryMethod.tag, {
      sampleIds: chosen,
      tag: 'sibling-confusion',
      on: true,
    });
    assert.ok(tagged.ok, JSON.stringify(tagged));
    assert.deepEqual(tagged.value, { changed: chosen, unchanged: 0, missing: 0 });
    assert.deepEqual(
      store.reviewSliceSampleIds({ datasetId, conditions: [{ kind: 'tagged', tag: 'sibling-confusion' }] }),
      chosen,
    );
    // The page hears about the change (a slice notification with a new revision).
    await until(
      () => api.gallery.posted.some((m) => (m as { method?: string }).method === GalleryMethod.slice),
      'a slice notification after the write',
    );
    const bad = await request<unknown>(api, GalleryMethod.tag, { sampleIds: chosen, tag: '', on: true });
    assert.equal(bad.ok, false);
  });

  it('opens a class slice from a Datasets tree node and a search slice; review slice starts the queue', async () => {
    const roots = await api.tree.getChildren();
    const dataset = roots.find((n) => n.kind === 'dataset');
    assert.ok(dataset);
    const sup = (await api.tree.getChildren(dataset))[0];
    assert.ok(sup && sup.kind === 'superordinate');
    const coarse = (await api.tree.getChildren(sup))[0];
    assert.ok(coarse && coarse.kind === 'coarse');
    const view = await vscode.commands.executeCommand<GallerySliceView | undefined>(
      'finerLens.openGallery',
      coarse,
    );
    assert.ok(view);
    assert.equal(view.total, coarse.count);
    assert.match(view.title, new RegExp(`class ${sup.label} › ${coarse.label}`));

    const answer = store.runPredictionBriefs(runId).find((p) => p.answer)?.answer ?? '';
    const word = answer.split(/\s+/)[0]!.toUpperCase();
    const searchSlice = { datasetId, conditions: [{ kind: 'search', text: word, runId }] };
    const search = await vscode.commands.executeCommand<GallerySliceView | undefined>(
      'finerLens.openGallery',
      searchSlice,
    );
    assert.ok(search && search.total >= 1, `search for "${word}"`);
    await until(() => api.gallery.isReady, 'the gallery page says ready');
    await api.gallery.deliver({ kind: 'command', method: GalleryMethod.startReview, params: {} });
    await until(() => api.review.active, 'the review queue starts');
    assert.deepEqual(api.review.slice, searchSlice);
  });
});
