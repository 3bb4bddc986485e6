// The gallery's store reads and its bulk write against a real store: the `search` condition
// (answers and generated attributes, one run or any, case-insensitive, bounded), pages in the
// stable order with per-level marks, ids of a stretch of a slice, and tagging many samples in
// one durable write that survives a reopen.
import { strict as assert } from 'node:assert';
import { describeReviewSlice, reviewRunOf } from '../../../src/core/analysis/reviewSlice';
import type { ReviewSlice } from '../../../src/core/model';
import { SEARCH_TEXT_MAX } from '../../../src/core/model';
import { FinerStore } from '../../../src/core/store/finerStore';
import { addRun, makeTagsFixture, type TagsFixture } from '../analysis/tagsFixture';

describe('gallery store queries', function () {
  this.timeout(60_000);
  let fx: TagsFixture;
  let runA: number;
  let runB: number;
  beforeEach(async () => {
    fx = await makeTagsFixture();
    runA = await addRun(
      fx.store,
      fx.datasetId,
      fx.ids.slice(0, 6).flatMap((id, i) => [
        {
          sampleId: id,
          level: 'fine' as const,
          answer: i === 2 ? 'Snowy OWL' : 'Barn Owl',
          finerEm: i % 2,
          error: i === 5 ? 'HTTP 500' : null,
          attributes: i === 4 ? ['white facial disc', 'heart-shaped 50%_face'] : null,
        },
        { sampleId: id, level: 'coarse' as const, answer: 'Owl', finerEm: 1 },
      ]),
      'direct',
      'A',
    );
    runB = await addRun(
      fx.store,
      fx.datasetId,
      [{ sampleId: fx.ids[8]!, level: 'fine' as const, answer: 'snowy owl', finerEm: 0 }],
      'direct',
      'B',
    );
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  const search = (text: string, runId?: number): ReviewSlice => ({
    datasetId: fx.datasetId,
    conditions: [runId === undefined ? { kind: 'search', text } : { kind: 'search', text, runId }],
  });

  it('search finds text in answers of any run, case-insensitively, or of one run', () => {
    assert.deepEqual(fx.store.reviewSliceSampleIds(search('SNOWY')), [fx.ids[2]!, fx.ids[8]!]);
    assert.deepEqual(fx.store.reviewSliceSampleIds(search('snowy', runA)), [fx.ids[2]!]);
    assert.deepEqual(fx.store.reviewSliceSampleIds(search('snowy', runB)), [fx.ids[8]!]);
    assert.equal(fx.store.countReviewSlice(search('owl')), 7);
    assert.equal(fx.store.countReviewSlice(search('no such words')), 0);
  });

  it('search folds case beyond ASCII, and composed and decomposed accents alike', async () => {
    const runC = await addRun(
      fx.store,
      fx.datasetId,
      [
        { sampleId: fx.ids[9]!, level: 'fine' as const, answer: 'CHOUETTE DE L\u2019ÉCOLE', finerEm: 0 },
        {
          sampleId: fx.ids[10]!,
          level: 'fine' as const,
          answer: 'Eule',
          finerEm: 0,
          attributes: ['GRÜNES Gefieder'],
        },
        { sampleId: fx.ids[11]!, level: 'fine' as const, answer: 'СОВА', finerEm: 0 },
        // "é" written as e + a combining acute accent (NFD), as some tools store it.
        {
          sampleId: fx.ids[7]!,
          level: 'fine' as const,
          answer: 'chouette de l\u2019e\u0301cole',
          finerEm: 0,
        },
      ],
      'direct',
      'C',
    );
    assert.deepEqual(fx.store.reviewSliceSampleIds(search('école', runC)), [fx.ids[7]!, fx.ids[9]!]);
    assert.deepEqual(fx.store.reviewSliceSampleIds(search('ÉCOLE', runC)), [fx.ids[7]!, fx.ids[9]!]);
    assert.deepEqual(fx.store.reviewSliceSampleIds(search('grünes', runC)), [fx.ids[10]!]);
    assert.deepEqual(fx.store.reviewSliceSampleIds(search('сова', runC)), [fx.ids[11]!]);
    assert.equal(fx.store.countReviewSlice(search('ecole', runC)), 0, 'case folds, accents still count');
    assert.equal(fx.store.countReviewSlice(search('chouette', runC)), 2, 'ASCII text in any case');
  });

  it('search finds text in generated attributes; % and _ are plain characters', () => {
    assert.deepEqual(fx.store.reviewSliceSampleIds(search('Facial Disc')), [fx.ids[4]!]);
    assert.deepEqual(fx.store.reviewSliceSampleIds(search('50%_f')), [fx.ids[4]!]);
    assert.equal(fx.store.countReviewSlice(search('5%')), 0);
    assert.equal(fx.store.countReviewSlice(search('_')), 1);
  });

  it('search combines with other conditions and refuses empty or over-long text', () => {
    const wrongSnowy: ReviewSlice = {
      datasetId: fx.datasetId,
      conditions: [
        { kind: 'search', text: 'owl', runId: runA },
        { kind: 'misclassified', runId: runA, level: 'fine' },
      ],
    };
    // finerEm = i % 2 -> idx 0, 2, 4 wrong; idx 5 failed.
    assert.deepEqual(
      fx.store.reviewSliceSampleIds(wrongSnowy),
      [0, 2, 4, 5].map((i) => fx.ids[i]!),
    );
    assert.throws(() => fx.store.countReviewSlice(search('   ')), /1 to 200 characters/);
    assert.throws(() => fx.store.countReviewSlice(search('x'.repeat(SEARCH_TEXT_MAX + 1))), /1 to 200/);
    assert.equal(fx.store.countReviewSlice(search('x'.repeat(SEARCH_TEXT_MAX))), 0);
  });

  it('describes a search slice and names its run as the review run', () => {
    assert.equal(describeReviewSlice(search('snowy')), 'answers or attributes containing "snowy"');
    assert.equal(
      describeReviewSlice(search('snowy', runB), (id) => `run #${id}`),
      `answers or attributes in run #${runB} containing "snowy"`,
    );
    assert.equal(reviewRunOf(search('snowy', runB)), runB);
    assert.equal(reviewRunOf(search('snowy')), null);
  });

  it('pages a slice in idx order with marks per level for the chosen run', () => {
    const all: ReviewSlice = { datasetId: fx.datasetId, conditions: [] };
    const first = fx.store.gallerySlicePage(all, { offset: 0, limit: 5, runId: runA });
    const second = fx.store.gallerySlicePage(all, { offset: 5, limit: 5, runId: runA });
    const last = fx.store.gallerySlicePage(all, { offset: 10, limit: 5, runId: runA });
    const tiles = [...first.tiles, ...second.tiles, ...last.tiles];
    assert.deepEqual(
      tiles.map((t) => t.sampleId),
      fx.ids,
    );
    assert.deepEqual(
      tiles.map((t) => t.position),
      fx.ids.map((_, i) => i),
    );
    assert.equal(last.tiles.length, fx.ids.length - 10);
    assert.deepEqual(tiles[0]!.marks, { fine: 'wrong', coarse: 'correct' });
    assert.deepEqual(tiles[1]!.marks, { fine: 'correct', coarse: 'correct' });
    assert.deepEqual(tiles[5]!.marks, { fine: 'failed', coarse: 'correct' });
    assert.deepEqual(tiles[8]!.marks, {}, 'no result in run A');
    assert.equal(tiles[2]!.fine, 'Yellow Warbler');
    assert.equal(tiles[2]!.imagePath, 'images/2.jpg');
    const noRun = fx.store.gallerySlicePage(all, { offset: 0, limit: 2, runId: null });
    assert.deepEqual(noRun.tiles[0]!.marks, {});
    assert.throws(
      () => fx.store.gallerySlicePage(all, { offset: -1, limit: 5, runId: null }),
      /Invalid page/,
    );
    assert.throws(
      () => fx.store.gallerySlicePage(all, { offset: 0, limit: 100_000, runId: null }),
      /Invalid page/,
    );
  });

  it('lists the ids of a stretch of a slice in the page order', () => {
    const wrong: ReviewSlice = {
      datasetId: fx.datasetId,
      conditions: [{ kind: 'misclassified', runId: runA, level: 'fine' }],
    };
    const ids = [0, 2, 4, 5].map((i) => fx.ids[i]!);
    assert.deepEqual(fx.store.gallerySliceIds(wrong, 0, 100), ids);
    assert.deepEqual(fx.store.gallerySliceIds(wrong, 1, 2), ids.slice(1, 3));
    assert.deepEqual(
      fx.store.gallerySlicePage(wrong, { offset: 1, limit: 2, runId: runA }).tiles.map((t) => t.sampleId),
      ids.slice(1, 3),
    );
  });

  it('tags many samples in one durable write, counts what changed, and untags them back', async () => {
    fx.store.toggleTag(fx.ids[1]!, 'refusal');
    const wanted = [fx.ids[0]!, fx.ids[1]!, fx.ids[2]!, fx.ids[2]!, 999_999];
    const result = fx.store.setTagOnSamples(wanted, 'refusal', true);
    assert.deepEqual(result, { changed: [fx.ids[0]!, fx.ids[2]!], unchanged: 1, missing: 1 });
    assert.deepEqual(fx.store.tagsOf(fx.ids[0]!), ['Refusal or no answer']);
    await fx.store.close();
    const reopened = await FinerStore.open(fx.dbPath);
    try {
      const tagged = reopened.reviewSliceSampleIds({
        datasetId: fx.datasetId,
        conditions: [{ kind: 'tagged', tag: 'refusal' }],
      });
      assert.deepEqual(tagged, [fx.ids[0]!, fx.ids[1]!, fx.ids[2]!]);
      const undo = reopened.setTagOnSamples(result.changed, 'refusal', false);
      assert.deepEqual(undo.changed, result.changed);
      assert.deepEqual(
        reopened.tagsOf(fx.ids[1]!),
        ['Refusal or no answer'],
        'the sample tagged before keeps its tag',
      );
      assert.deepEqual(reopened.tagsOf(fx.ids[0]!), []);
      assert.throws(
        () => reopened.setTagOnSamples([fx.ids[0]!], 'no-such-tag', true),
        /No tag "no-such-tag"/,
      );
    } finally {
      await reopened.close();
      fx.store = await FinerStore.open(fx.dbPath);
    }
  });
});
