// The gallery's host message table against a real store: pages carry webview URIs only for
// regular files inside the dataset root (a symlink out of the root, a directory or a missing
// file gets a reason instead), bad params are refused as data, and bulk tagging goes through
// the message path.
import { strict as assert } from 'node:assert';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReviewSlice } from '../../../src/core/model';
import { galleryHandlerTable, type GalleryContext } from '../../../src/extension/gallery/galleryHandlers';
import { GalleryMethod, type GalleryTileView } from '../../../src/shared/galleryProtocol';
import { makeTempDir } from '../store/storeTestKit';
import { makeTagsFixture, type TagsFixture } from '../analysis/tagsFixture';

describe('gallery host handlers', function () {
  this.timeout(60_000);
  let fx: TagsFixture;
  let root: { dir: string; cleanup(): void };
  let opened: number[];
  let reviews: ReviewSlice[];
  let context: GalleryContext;
  beforeEach(async () => {
    fx = await makeTagsFixture();
    root = makeTempDir();
    mkdirSync(join(root.dir, 'images', '3.jpg'), { recursive: true }); // a directory
    for (const i of [0, 2]) writeFileSync(join(root.dir, 'images', `${i}.jpg`), 'jpeg');
    writeFileSync(join(fx.dir, 'outside.jpg'), 'jpeg');
    symlinkSync(join(fx.dir, 'outside.jpg'), join(root.dir, 'images', '1.jpg'));
    opened = [];
    reviews = [];
    context = {
      store: fx.store,
      slice: { datasetId: fx.datasetId, conditions: [] },
      runId: null,
      rootDir: root.dir,
      toWebviewUri: (p) => `https://webview.test${p}`,
      openSample: async (id) => {
        opened.push(id);
      },
      startReview: async (slice) => {
        reviews.push(slice);
      },
      ready: () => undefined,
    };
  });
  afterEach(async () => {
    root.cleanup();
    await fx.cleanup();
  });

  async function call(
    method: string,
    params: unknown,
  ): Promise<{ ok: boolean; value?: unknown; error?: string }> {
    const posted: { result: { ok: boolean; value?: unknown; error?: string } }[] = [];
    await galleryHandlerTable().deliver({ kind: 'request', id: 1, method, params }, context, (m) =>
      posted.push(m as (typeof posted)[number]),
    );
    assert.equal(posted.length, 1, 'exactly one response');
    return posted[0]!.result;
  }

  it('gives webview URIs only for regular files inside the dataset root', async () => {
    const result = await call(GalleryMethod.page, { offset: 0, limit: 5 });
    assert.equal(result.ok, true);
    const tiles = result.value as GalleryTileView[];
    assert.equal(tiles.length, 5);
    assert.equal(tiles[0]!.imageUri, `https://webview.test${join(root.dir, 'images', '0.jpg')}`);
    assert.equal(tiles[2]!.imageUri, `https://webview.test${join(root.dir, 'images', '2.jpg')}`);
    assert.equal(tiles[1]!.imageUri, null);
    assert.match(tiles[1]!.imageError ?? '', /outside the dataset root/);
    assert.equal(tiles[3]!.imageUri, null);
    assert.match(tiles[3]!.imageError ?? '', /directory/);
    assert.match(tiles[4]!.imageError ?? '', /not found/);
    assert.ok(!JSON.stringify(tiles).includes('base64'));
  });

  it('refuses bad params as data', async () => {
    assert.match(
      (await call(GalleryMethod.page, { offset: -1, limit: 5 })).error ?? '',
      /Invalid parameters/,
    );
    assert.match(
      (await call(GalleryMethod.page, { offset: 0, limit: 10_000 })).error ?? '',
      /Invalid parameters/,
    );
    assert.match(
      (await call(GalleryMethod.tag, { sampleIds: ['1'], tag: 'x', on: true })).error ?? '',
      /Invalid/,
    );
    assert.match(
      (await call(GalleryMethod.tag, { sampleIds: [1], tag: 'no-such-tag', on: true })).error ?? '',
      /No tag/,
    );
  });

  it('selects all by ids, bulk-tags through the message path, and opens samples and reviews', async () => {
    const all = await call(GalleryMethod.ids, { offset: 0, limit: 100 });
    assert.deepEqual(all.value, fx.ids);
    const tagged = await call(GalleryMethod.tag, { sampleIds: fx.ids.slice(0, 4), tag: 'refusal', on: true });
    assert.deepEqual(tagged.value, { changed: fx.ids.slice(0, 4), unchanged: 0, missing: 0 });
    assert.equal(
      fx.store.countReviewSlice({
        datasetId: fx.datasetId,
        conditions: [{ kind: 'tagged', tag: 'refusal' }],
      }),
      4,
    );
    const table = galleryHandlerTable();
    await table.deliver(
      { kind: 'command', method: GalleryMethod.openSample, params: { sampleId: fx.ids[3] } },
      context,
      () => undefined,
    );
    await table.deliver(
      { kind: 'command', method: GalleryMethod.startReview, params: {} },
      context,
      () => undefined,
    );
    await table.deliver(
      { kind: 'command', method: GalleryMethod.startReview, params: { sampleIds: [fx.ids[1]] } },
      context,
      () => undefined,
    );
    assert.deepEqual(opened, [fx.ids[3]]);
    assert.deepEqual(reviews, [
      context.slice,
      { datasetId: fx.datasetId, conditions: [{ kind: 'samples', sampleIds: [fx.ids[1]] }] },
    ]);
  });
});
