import assert from 'node:assert/strict';
import { StoreError } from '../../../src/core/errors';
import type { Sample } from '../../../src/core/model';
import { FinerStore } from '../../../src/core/store/finerStore';
import { newRunRecord, predictionRow } from '../../support/runRecords';
import { importSmall, makeTempDir, smallSamples } from './storeTestKit';

describe('store queries', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let store: FinerStore;
  let datasetId: number;

  beforeEach(async () => {
    temp = makeTempDir();
    store = await FinerStore.open(temp.dbPath);
    datasetId = await importSmall(store);
  });

  afterEach(async () => {
    await store.close();
    temp.cleanup();
  });

  function firstSampleOf(fine: string): Sample {
    const sample = smallSamples().find((s) => s.fine[0] === fine)!;
    const found = store.samplesOfClass(
      { datasetId, superordinate: sample.superordinate, coarse: sample.coarse[0] ?? '(none)', fine },
      0,
      1,
    )[0];
    assert.ok(found, `a sample of ${fine}`);
    return found;
  }

  it('lists, gets and finds datasets with their sample counts', () => {
    const [listed] = store.listDatasets();
    assert.equal(listed?.name, 'birds');
    assert.equal(listed?.sampleCount, 13);
    assert.equal(listed?.rootDir, '/data/birds');
    assert.deepEqual(store.getDataset(datasetId), listed);
    assert.deepEqual(store.findDatasetByName('birds'), listed);
    assert.equal(store.findDatasetByName('nope'), undefined);
    assert.equal(store.getDataset(999), undefined);
  });

  it('counts distinct labels over every entry of the label lists', () => {
    const stats = store.datasetStats(datasetId);
    assert.equal(stats.samples, 13);
    assert.deepEqual(stats.distinct, {
      superordinate: 2,
      coarse: 3, // Owl, Warbler, Wood-warbler (the dog has none)
      fine: 6, // 4 bird primaries + Bubo virginianus + Shih-Tzu
    });
    assert.equal(stats.conceptsWithAttributes, 2, 'Yellow Warbler has no attributes');
    assert.throws(
      () => store.datasetStats(999),
      (e: unknown) => e instanceof StoreError && e.reason === 'not-found',
    );
  });

  it('builds the class tree from the primary labels, ordered by label, with counts', () => {
    assert.deepEqual(store.superordinates(datasetId), [
      { label: 'Bird', count: 12 },
      { label: 'Dog', count: 1 },
    ]);
    assert.deepEqual(store.coarseLabels(datasetId, 'Bird'), [
      { label: 'Owl', count: 6 },
      { label: 'Warbler', count: 6 },
    ]);
    assert.deepEqual(store.coarseLabels(datasetId, 'Dog'), [{ label: '(none)', count: 1 }]);
    assert.deepEqual(store.fineLabels(datasetId, 'Bird', 'Owl'), [
      { label: 'Barn Owl', count: 3 },
      { label: 'Great Horned Owl', count: 3 },
    ]);
  });

  it('pages the samples of a class by idx', () => {
    const path = { datasetId, superordinate: 'Bird', coarse: 'Owl', fine: 'Great Horned Owl' };
    const all = store.samplesOfClass(path, 0, 100);
    assert.deepEqual(
      all.map((s) => s.idx),
      [0, 4, 8],
    );
    assert.deepEqual(
      store.samplesOfClass(path, 1, 1).map((s) => s.idx),
      [4],
    );
    const first = all[0]!;
    assert.deepEqual(first.fine, ['Great Horned Owl', 'Bubo virginianus']);
    assert.deepEqual(first.metadata, { source: 'unit', n: 0 });
    assert.deepEqual(store.getSample(first.id), first);
    assert.equal(store.getSample(10_000), undefined);
  });

  it('matches concepts to samples by any fine label, ignoring case, then by common name', () => {
    const owl = store.conceptForSample(firstSampleOf('Great Horned Owl'));
    assert.equal(owl?.name, 'great horned owl');
    assert.deepEqual(owl?.required, ['ear tufts', 'yellow eyes']);
    assert.deepEqual(owl?.likely, ['barred chest']);
    assert.equal(owl?.provenance, 'imported');
    assert.equal(store.conceptForSample(firstSampleOf('Barn Owl'))?.name, 'Tyto alba');
    assert.equal(store.conceptForSample(firstSampleOf('Hooded Warbler')), undefined);
    assert.deepEqual(
      store.listConcepts(datasetId).map((c) => c.name),
      ['Tyto alba', 'Yellow Warbler', 'great horned owl'],
    );
  });

  it('adds, lists and removes tags, creating a tag on first use', () => {
    const a = firstSampleOf('Barn Owl');
    const b = firstSampleOf('Yellow Warbler');
    store.addTag(a.id, 'occluded');
    store.addTag(a.id, 'blurry');
    store.addTag(a.id, 'occluded');
    store.addTag(b.id, 'occluded');
    assert.deepEqual(store.tagsOf(a.id), ['blurry', 'occluded']);
    // Free-form tags only: the seeded failure-mode taxonomy (schema 3) is listed too.
    const freeForm = () => store.listTags().filter((t) => store.findTag(t.name)?.key === null);
    assert.deepEqual(freeForm(), [
      { name: 'blurry', count: 1 },
      { name: 'occluded', count: 2 },
    ]);
    store.removeTag(a.id, 'occluded');
    store.removeTag(a.id, 'never-added');
    assert.deepEqual(store.tagsOf(a.id), ['blurry']);
    assert.deepEqual(store.tagsOf(b.id), ['occluded']);
    assert.throws(
      () => store.addTag(a.id, '  '),
      (e: unknown) => e instanceof StoreError && e.reason === 'invalid',
    );
    assert.throws(
      () => store.addTag(99_999, 'x'),
      (e: unknown) => e instanceof StoreError && e.reason === 'not-found',
    );
  });

  it('sets, replaces and clears a note', () => {
    const a = firstSampleOf('Barn Owl');
    assert.equal(store.noteOf(a.id), undefined);
    store.setNote(a.id, 'looks like a Barred Owl');
    store.setNote(a.id, 'wing pattern unclear');
    assert.equal(store.noteOf(a.id), 'wing pattern unclear');
    store.setNote(a.id, '   ');
    assert.equal(store.noteOf(a.id), undefined);
  });

  it('edits a concept attribute list and keeps the history', () => {
    const owl = store.conceptForSample(firstSampleOf('Great Horned Owl'))!;
    store.setConceptAttributes(owl.id, 'required', ['ear tufts', ' white throat ', ''], {
      actor: 'tester',
      reason: 'eyes vary',
    });
    const edited = store.conceptForSample(firstSampleOf('Great Horned Owl'))!;
    assert.deepEqual(edited.required, ['ear tufts', 'white throat']);
    assert.deepEqual(edited.likely, ['barred chest']);
    assert.equal(edited.provenance, 'edited');
    const [entry] = store.attributeHistory(owl.id);
    assert.equal(entry?.oldValue, JSON.stringify(['ear tufts', 'yellow eyes']));
    assert.equal(entry?.newValue, JSON.stringify(['ear tufts', 'white throat']));
    assert.equal(entry?.actor, 'tester');
    // One change in the shared history, and setting the same list again records nothing.
    store.setConceptAttributes(owl.id, 'required', ['ear tufts', 'white throat'], { actor: 'tester' });
    assert.deepEqual(
      store.attributeChanges(owl.id).map((c) => [c.action, c.after.required, c.reason]),
      [['replace', ['ear tufts', 'white throat'], 'eyes vary']],
    );
  });

  it('rejects a second dataset with the same name, with a clear message', async () => {
    await assert.rejects(importSmall(store, 'birds'), (e: unknown) => {
      assert.ok(e instanceof StoreError);
      assert.equal(e.reason, 'invalid');
      assert.match(e.message, /"birds" already exists/);
      return true;
    });
    assert.equal(store.listDatasets().length, 1);
  });

  it('rolls the whole import back when the fill callback throws', async () => {
    const boom = new Error('bad line 7');
    await assert.rejects(
      store.importDataset(
        { name: 'half', rootDir: '/x', format: 'manifest', split: 'test' },
        async (sink) => {
          smallSamples().forEach((s) => sink.addSample(s));
          await new Promise((resolve) => setImmediate(resolve));
          throw boom;
        },
      ),
      (e: unknown) => e === boom,
    );
    assert.equal(store.findDatasetByName('half'), undefined);
    assert.equal(store.listDatasets().length, 1);
    await store.close();
    store = await FinerStore.open(temp.dbPath);
    assert.deepEqual(
      store.listDatasets().map((d) => d.name),
      ['birds'],
    );
  });

  it('removes a dataset with its samples, concepts, tags, notes, runs and predictions', async () => {
    const a = firstSampleOf('Barn Owl');
    store.addTag(a.id, 'occluded');
    store.setNote(a.id, 'note');
    const runId = store.createRun(newRunRecord(datasetId, { name: 'r1', status: 'running' }));
    await store.saveRunResults(runId, [
      predictionRow(a.id, 'fine', {
        rawResponse: 'Answer: Barn Owl',
        answer: 'Barn Owl',
        finerEm: 1,
        strictEm: 1,
        f1: 1,
        latencyMs: 10,
        inputTokens: 1,
        outputTokens: 1,
        cost: 0,
      }),
    ]);
    const other = await importSmall(store, 'birds-2');
    store.removeDataset(datasetId);
    assert.deepEqual(
      store.listDatasets().map((d) => d.id),
      [other],
    );
    assert.equal(store.getSample(a.id), undefined);
    assert.deepEqual(store.listConcepts(datasetId), []);
    assert.deepEqual(
      store.listTags().filter((t) => store.findTag(t.name)?.key === null),
      [{ name: 'occluded', count: 0 }],
    );
    assert.equal(store.noteOf(a.id), undefined);
    assert.throws(
      () => store.removeDataset(datasetId),
      (e: unknown) => e instanceof StoreError && e.reason === 'not-found',
    );
    await store.close();
    store = await FinerStore.open(temp.dbPath);
    assert.equal(store.listDatasets().length, 1);
    assert.equal(store.datasetStats(other).samples, 13);
  });

  it('stores runs and bulk predictions (journaled or checkpointed) durably', async () => {
    const runId = store.createRun(
      newRunRecord(datasetId, { name: 'r1', strategy: 'attrseek', levels: ['coarse'], status: 'running' }),
    );
    const sample = firstSampleOf('Barn Owl');
    const row = predictionRow(sample.id, 'coarse', {
      prompt: [{ role: 'user' }],
      rawResponse: 'Answer: Owl',
      answer: 'Owl',
      finerEm: 1,
      strictEm: 1,
      f1: 1,
      latencyMs: 5,
      inputTokens: 3,
      outputTokens: 2,
    });
    await store.saveRunResults(runId, [row, row]);
    // More rows than one journal record takes: written in a checkpointed transaction.
    await store.saveRunResults(
      runId,
      Array.from({ length: 2500 }, () => ({ ...row, answer: 'Barn Owl' })),
    );
    store.updateRunState(runId, { status: 'done' });
    await assert.rejects(
      store.saveRunResults(runId + 1, [row]),
      (e: unknown) => e instanceof StoreError && e.reason === 'not-found',
    );
    await store.close();
    store = await FinerStore.open(temp.dbPath);
    assert.equal(store.getRun(runId)?.status, 'done');
    assert.deepEqual(
      store.predictionsOfRun(runId).map((p) => [p.sampleId, p.level, p.answer]),
      [[sample.id, 'coarse', 'Barn Owl']],
    );
    const second = store.createRun(newRunRecord(datasetId, { name: 'r2', status: 'pending' }));
    assert.equal(second, runId + 1);
  });

  it('tells listeners about local changes', () => {
    const seen: string[] = [];
    const subscription = store.onDidChange((change) => seen.push(change.source));
    store.addTag(firstSampleOf('Barn Owl').id, 'x');
    subscription.dispose();
    store.addTag(firstSampleOf('Barn Owl').id, 'y');
    assert.deepEqual(seen, ['local']);
  });
});
