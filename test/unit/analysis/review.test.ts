// Review queues over slices (persisted position, reviewed marks), undo of review edits, and
// smart folder counts.
import { strict as assert } from 'node:assert';
import { ReviewActions } from '../../../src/core/analysis/reviewActions';
import { reviewChoices, sampleCountText } from '../../../src/core/analysis/reviewChoices';
import { ReviewQueue } from '../../../src/core/analysis/reviewQueue';
import type { ReviewSlice } from '../../../src/core/model';
import { describeReviewSlice, reviewSliceKey } from '../../../src/core/analysis/reviewSlice';
import { smartFolders } from '../../../src/core/analysis/smartFolders';
import { FinerStore } from '../../../src/core/store/finerStore';
import { newRunRecord, predictionRow } from '../../support/runRecords';
import { addRun, makeTagsFixture, type TagsFixture } from './tagsFixture';

describe('review queue, undo and smart folders', function () {
  this.timeout(60_000);
  let fx: TagsFixture;
  let runId: number;
  /** Sample ids misclassified at fine in the run: idx 1, 4, 7 (7 failed), 10. */
  let wrong: number[];
  beforeEach(async () => {
    fx = await makeTagsFixture();
    wrong = [1, 4, 7, 10].map((i) => fx.ids[i]!);
    runId = await addRun(
      fx.store,
      fx.datasetId,
      fx.ids.slice(0, 12).flatMap((id, i) => [
        {
          sampleId: id,
          level: 'fine' as const,
          answer: i === 7 ? null : 'Barn Owl',
          finerEm: wrong.includes(id) ? 0 : 1,
          error: i === 7 ? 'HTTP 500' : null,
        },
        { sampleId: id, level: 'coarse' as const, answer: 'Owl', finerEm: i < 6 ? 1 : 0 },
      ]),
    );
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  const misclassifiedUnreviewed = (): ReviewSlice => ({
    datasetId: fx.datasetId,
    conditions: [
      { kind: 'misclassified', runId, level: 'fine' },
      { kind: 'unreviewed', runId },
    ],
  });

  it('builds slices: misclassified, tagged, class, whole dataset and combinations', () => {
    assert.deepEqual(fx.store.reviewSliceSampleIds({ datasetId: fx.datasetId, conditions: [] }), fx.ids);
    assert.deepEqual(fx.store.reviewSliceSampleIds(misclassifiedUnreviewed()), wrong);
    fx.store.toggleTag(wrong[2]!, 'refusal');
    fx.store.toggleTag(fx.ids[0]!, 'refusal', runId);
    const tagged: ReviewSlice = { datasetId: fx.datasetId, conditions: [{ kind: 'tagged', tag: 'refusal' }] };
    assert.deepEqual(fx.store.reviewSliceSampleIds(tagged), [fx.ids[0]!, wrong[2]!]);
    const owlsWrong: ReviewSlice = {
      datasetId: fx.datasetId,
      conditions: [
        { kind: 'class', superordinate: 'Bird', coarse: 'Owl' },
        { kind: 'misclassified', runId, level: 'fine' },
      ],
    };
    assert.deepEqual(fx.store.reviewSliceSampleIds(owlsWrong), [fx.ids[1]!, fx.ids[4]!]);
    assert.deepEqual(
      fx.store.reviewSliceSampleIds({ datasetId: fx.datasetId, conditions: [{ kind: 'failed', runId }] }),
      [fx.ids[7]!],
    );
    assert.equal(fx.store.countReviewSlice(owlsWrong), 2);
    assert.equal(
      describeReviewSlice(misclassifiedUnreviewed(), (id) => `run "${id}"`),
      `misclassified at fine level in run "${runId}", not yet reviewed for run "${runId}"`,
    );
    assert.equal(
      reviewSliceKey({
        conditions: [{ level: 'fine', runId, kind: 'misclassified' }],
        datasetId: fx.datasetId,
      }),
      reviewSliceKey({
        datasetId: fx.datasetId,
        conditions: [{ kind: 'misclassified', runId, level: 'fine' }],
      }),
    );
  });

  it('steps through the queue, marks annotated samples reviewed, and remembers the position across restarts', async () => {
    const queue = ReviewQueue.open(fx.store, misclassifiedUnreviewed());
    assert.equal(queue.length, 4);
    assert.equal(queue.current, wrong[0]);
    assert.equal(queue.previous(), undefined);
    const actions = new ReviewActions(fx.store);
    actions.toggleTag(wrong[0]!, 'sibling-confusion');
    assert.equal(queue.next(), wrong[1]);
    assert.ok(fx.store.reviewedAt(wrong[0]!, runId), 'tagged then moved past: reviewed');
    assert.equal(queue.next(), wrong[2]);
    assert.equal(
      fx.store.reviewedAt(wrong[1]!, runId),
      undefined,
      'moved past without annotating: not reviewed',
    );
    assert.equal(queue.previous(), wrong[1]);
    queue.markCurrentReviewed();
    assert.ok(fx.store.reviewedAt(wrong[1]!, runId));
    assert.equal(queue.next(), wrong[2]);
    assert.equal(queue.length, 4, 'the queue does not shrink while reviewing');

    // A restart: a new store on the same file resumes at the same sample; reviewed samples left the slice.
    const reopened = await FinerStore.open(fx.dbPath);
    try {
      const again = ReviewQueue.open(reopened, misclassifiedUnreviewed());
      assert.deepEqual(again.sampleIds, [wrong[2], wrong[3]]);
      assert.equal(again.current, wrong[2]);
      assert.equal(again.position, 0);
    } finally {
      await reopened.close();
    }
    const whole = ReviewQueue.open(fx.store, { datasetId: fx.datasetId, conditions: [] });
    assert.equal(whole.position, 0, 'positions are per slice');
    assert.ok(whole.goTo(fx.ids[5]!));
    assert.equal(ReviewQueue.open(fx.store, { datasetId: fx.datasetId, conditions: [] }).current, fx.ids[5]);
  });

  it('undoes tag toggles, notes and review marks in reverse order', () => {
    const s = fx.ids[3]!;
    const actions = new ReviewActions(fx.store);
    assert.equal(actions.canUndo, false);
    actions.setNote(s, 'first');
    actions.toggleTag(s, 'label-noise');
    actions.setNote(s, 'second');
    actions.markReviewed(s, runId);
    assert.equal(actions.undo()?.kind, 'reviewed');
    assert.equal(fx.store.reviewedAt(s, runId), undefined);
    assert.equal(actions.undo()?.kind, 'note');
    assert.equal(fx.store.noteOf(s), 'first');
    assert.equal(actions.undo()?.kind, 'tag');
    assert.deepEqual(fx.store.sampleTags(s), []);
    assert.equal(actions.undo()?.kind, 'note');
    assert.equal(fx.store.noteOf(s), undefined);
    assert.equal(actions.undo(), undefined);
    assert.throws(() => actions.setNote(s, 'z'.repeat(10_001)));
    assert.equal(actions.canUndo, false, 'a refused note leaves nothing to undo');
  });

  it('computes smart folders with counts that follow tag changes', () => {
    const find = (label: string, folder: string) =>
      smartFolders(fx.store, fx.datasetId)
        .find((g) => g.label.startsWith(label))!
        .folders.find((f) => f.label === folder)!;
    const fine = find(`Run ${runId}`, 'Misclassified at fine level');
    assert.equal(fine.count, 4);
    assert.deepEqual(fx.store.reviewSliceSampleIds(fine.slice), wrong);
    assert.equal(find(`Run ${runId}`, 'Misclassified at coarse level').count, 6);
    assert.equal(find(`Run ${runId}`, 'Request failed').count, 1);
    assert.equal(find('Tags', 'Refusal or no answer').count, 0);
    fx.store.toggleTag(fx.ids[0]!, 'refusal');
    fx.store.toggleTag(fx.ids[0]!, 'refusal', runId);
    fx.store.toggleTag(fx.ids[1]!, 'refusal');
    const refusal = find('Tags', 'Refusal or no answer');
    assert.equal(refusal.count, 2, 'samples, not tag rows');
    assert.deepEqual(fx.store.reviewSliceSampleIds(refusal.slice), [fx.ids[0], fx.ids[1]]);
    // Tagging from the panel counts as reviewing (it did not: 13 of 13 stayed "not yet reviewed").
    assert.equal(find('Review', 'Not yet reviewed').count, 11);
    fx.store.setReviewed(fx.ids[0]!, null, true);
    fx.store.setReviewed(fx.ids[0]!, runId, true);
    assert.equal(find('Review', 'Not yet reviewed').count, 11, 'already counted as reviewed');
    fx.store.setReviewed(fx.ids[2]!, null, true);
    assert.equal(find('Review', 'Not yet reviewed').count, 10);
    fx.store.setNote(fx.ids[3]!, 'looked at it');
    const unreviewed = find('Review', 'Not yet reviewed');
    assert.equal(unreviewed.count, 9, 'a note counts too');
    assert.ok(!fx.store.reviewSliceSampleIds(unreviewed.slice).includes(fx.ids[3]!));
    assert.equal(find('Review', 'Edited concepts').count, 0);
    const concept = fx.store.conceptForSample(fx.store.getSample(fx.ids[0]!)!)!;
    fx.store.setConceptAttributes(concept.id, 'required', ['ear tufts'], { actor: 'test' });
    const edited = find('Review', 'Edited concepts');
    assert.equal(edited.count, 1);
    assert.deepEqual(
      fx.store.reviewSliceSampleIds(edited.slice),
      [0, 4, 8].map((i) => fx.ids[i]),
    );
  });
});

describe('Start Review choices', function () {
  this.timeout(60_000);
  let fx: TagsFixture;
  beforeEach(async () => {
    fx = await makeTagsFixture();
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  it('lists the newest batch run before a newer one-sample run, and says "1 sample"', async () => {
    const older = await addRun(
      fx.store,
      fx.datasetId,
      fx.ids
        .slice(0, 6)
        .map((sampleId, i) => ({ sampleId, level: 'fine' as const, answer: 'x', finerEm: i % 2 })),
      'direct',
      'older batch',
    );
    const batch = await addRun(
      fx.store,
      fx.datasetId,
      fx.ids.map((sampleId, i) => ({
        sampleId,
        level: 'fine' as const,
        answer: 'x',
        finerEm: i < 4 ? 0 : 1,
      })),
      'attrseek',
      'newest batch',
    );
    const single = fx.store.createRun(
      newRunRecord(fx.datasetId, { name: 'panel run', slice: { kind: 'samples', sampleIds: [fx.ids[0]!] } }),
    );
    await fx.store.saveRunResults(single, [
      predictionRow(fx.ids[0]!, 'fine', { answer: 'y', rawResponse: 'y', finerEm: 0, strictEm: 0 }),
    ]);
    assert.ok(single > batch && batch > older);

    const choices = reviewChoices(fx.store, fx.datasetId);
    const runOf = (c: (typeof choices)[number]): number | undefined => {
      const first = c.slice.conditions[0];
      return first?.kind === 'misclassified' ? first.runId : undefined;
    };
    const runOrder = [...new Set(choices.map(runOf).filter((id) => id !== undefined))];
    assert.deepEqual(runOrder, [batch, older, single], 'newest batch first, one-sample runs last');
    assert.deepEqual(
      [choices[0]?.label, choices[0]?.description, choices[0]?.detail],
      ['$(error) Misclassified at fine level', '4 samples', `Run ${batch}: newest batch`],
    );
    const singleChoice = choices.find((c) => runOf(c) === single);
    assert.equal(singleChoice?.description, '1 sample');
    // Each choice opens exactly the samples its count names.
    for (const c of choices) {
      assert.equal(sampleCountText(fx.store.countReviewSlice(c.slice)), c.description, c.label);
    }
  });

  it('offers only slices that hold samples', async () => {
    const labels = reviewChoices(fx.store, fx.datasetId).map((c) => c.label);
    assert.ok(!labels.some((l) => l.includes('Misclassified')), 'no run yet, no misclassified slice');
    assert.ok(labels.includes('$(eye) Not yet reviewed'));
  });
});
