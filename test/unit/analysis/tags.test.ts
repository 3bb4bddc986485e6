// Failure-mode tag taxonomy, per-sample (and per-run) tags, notes and their limits, and a
// concurrent tag write from a second process.
import { strict as assert } from 'node:assert';
import { StoreError } from '../../../src/core/errors';
import { FinerStore } from '../../../src/core/store/finerStore';
import { MAX_NOTE_LENGTH } from '../../../src/core/store/noteQueries';
import { runChild } from '../store/storeTestKit';
import { addRun, makeTagsFixture, type TagsFixture } from './tagsFixture';

function storeError(reason: string, pattern?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof StoreError, String(error));
    assert.equal(error.reason, reason);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

describe('failure-mode tags and notes', function () {
  this.timeout(60_000);
  let fx: TagsFixture;
  beforeEach(async () => {
    fx = await makeTagsFixture();
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  it('seeds the default taxonomy with keys, theme colours and hotkey positions', () => {
    const tags = fx.store.listTaxonomy();
    assert.equal(tags.length, 10);
    assert.deepEqual(
      tags.map((t) => t.position),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.equal(tags[0]!.key, 'wrong-superordinate');
    assert.equal(tags[2]!.name, 'Confused with a sibling class');
    assert.ok(
      tags.every((t) => t.color !== null && /^[a-zA-Z]+\.[a-zA-Z]+$/.test(t.color)),
      'theme colour ids, not hex',
    );
    assert.ok(tags.every((t) => (t.description ?? '').length > 0 && t.count === 0));
  });

  it('adds, renames, recolours, reorders and refuses duplicates and unknown tags', () => {
    const added = fx.store.addTaxonomyTag({ name: 'Wrong crop', color: 'charts.blue' });
    assert.equal(added.key, 'wrong-crop');
    assert.equal(added.position, 11);
    assert.throws(
      () => fx.store.addTaxonomyTag({ name: 'wrong CROP' }),
      storeError('conflict', /already exists/),
    );
    assert.throws(() => fx.store.updateTag('wrong-crop', { name: 'Generic answer' }), storeError('conflict'));
    assert.throws(
      () => fx.store.updateTag('nope', { color: 'charts.red' }),
      storeError('not-found', /no tag "nope"/),
    );
    const renamed = fx.store.updateTag('wrong-crop', { name: 'Bad crop', color: 'charts.green' });
    assert.equal(renamed.name, 'Bad crop');
    assert.equal(renamed.color, 'charts.green');
    assert.equal(renamed.key, 'wrong-crop', 'the key is stable across renames');
    fx.store.reorderTags(['wrong-crop', 'refusal']);
    const order = fx.store.listTaxonomy().map((t) => t.key);
    assert.deepEqual(order.slice(0, 3), ['wrong-crop', 'refusal', 'wrong-superordinate']);
    assert.deepEqual(
      fx.store.listTaxonomy().map((t) => t.position),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    );
  });

  it('deletes a tag moving its samples to another tag, or dropping them', () => {
    const [a, b, c] = fx.ids;
    fx.store.toggleTag(a!, 'generic-answer');
    fx.store.toggleTag(b!, 'generic-answer');
    fx.store.toggleTag(b!, 'refusal');
    fx.store.deleteTag('generic-answer', 'refusal');
    assert.equal(fx.store.findTag('generic-answer'), undefined);
    assert.equal(fx.store.findTag('refusal')!.count, 2);
    assert.deepEqual(
      fx.store.sampleTags(b!).map((t) => t.key),
      ['refusal'],
    );
    fx.store.toggleTag(c!, 'label-noise');
    fx.store.deleteTag('label-noise');
    assert.deepEqual(fx.store.sampleTags(c!), []);
    assert.deepEqual(
      fx.store.listTaxonomy().map((t) => t.position),
      [1, 2, 3, 4, 5, 6, 7, 8],
      'positions close up',
    );
    assert.throws(() => fx.store.deleteTag('refusal', 'refusal'), storeError('invalid'));
    assert.throws(() => fx.store.deleteTag('nope'), storeError('not-found'));
  });

  it('toggles tags per sample and per run, durably, by key or id', async () => {
    const runId = await addRun(fx.store, fx.datasetId, [
      { sampleId: fx.ids[0]!, level: 'fine', answer: 'x' },
    ]);
    const s = fx.ids[0]!;
    assert.equal(fx.store.toggleTag(s, 'sibling-confusion'), true);
    assert.equal(fx.store.toggleTag(s, 'sibling-confusion', runId), true);
    const refusalId = fx.store.findTag('refusal')!.id;
    assert.equal(fx.store.toggleTag(s, refusalId), true);
    assert.equal(fx.store.toggleTag(s, refusalId), false);
    assert.deepEqual(
      fx.store.sampleTags(s).map((t) => [t.key, t.runId]),
      [
        ['sibling-confusion', null],
        ['sibling-confusion', runId],
      ],
    );
    assert.throws(() => fx.store.toggleTag(s, 'nope'), storeError('not-found'));
    assert.throws(() => fx.store.toggleTag(999_999, 'refusal'), storeError('not-found'));
    // Durable on return: a second store opened on the file (journal replay) sees it.
    const other = await FinerStore.open(fx.dbPath);
    try {
      assert.equal(other.sampleTags(s).length, 2);
    } finally {
      await other.close();
    }
  });

  it('keeps free-form tags working beside the taxonomy', () => {
    fx.store.addTag(fx.ids[1]!, 'blurry');
    assert.deepEqual(fx.store.tagsOf(fx.ids[1]!), ['blurry']);
    assert.equal(fx.store.findTag('blurry')!.key, null);
    assert.equal(fx.store.toggleTag(fx.ids[1]!, 'blurry'), false);
    assert.deepEqual(fx.store.tagsOf(fx.ids[1]!), []);
  });

  it('stores HTML notes verbatim, per sample and per run, and refuses oversized notes', async () => {
    const s = fx.ids[2]!;
    const runId = await addRun(fx.store, fx.datasetId, [{ sampleId: s, level: 'fine', answer: 'x' }]);
    const html = '<script>alert("x")</script><img src=x onerror=alert(1)>, "quoted"\nline 2';
    fx.store.setNote(s, html);
    fx.store.setNote(s, 'run note', runId);
    assert.equal(fx.store.noteOf(s), html);
    assert.equal(fx.store.noteOf(s, runId), 'run note');
    assert.deepEqual(
      fx.store.notesOf(s).map((n) => n.runId),
      [null, runId],
    );
    assert.throws(
      () => fx.store.setNote(s, 'x'.repeat(MAX_NOTE_LENGTH + 1)),
      storeError('invalid', /at most 10,000 characters/),
    );
    assert.equal(fx.store.noteOf(s), html, 'nothing saved');
    fx.store.setNote(s, 'y'.repeat(MAX_NOTE_LENGTH));
    assert.equal(fx.store.noteOf(s)!.length, MAX_NOTE_LENGTH);
    fx.store.setNote(s, '   ');
    assert.equal(fx.store.noteOf(s), undefined);
  });

  it('keeps both a tag written by a second process and one written here', async () => {
    const child = runChild(['tag-loop', fx.dbPath, 'child', '40']);
    const toggled: number[] = [];
    for (let i = 0; i < 12; i++) {
      const id = fx.ids[i]!;
      fx.store.toggleTag(id, 'label-noise');
      toggled.push(id);
    }
    const { code, stderr } = await child.exited;
    assert.equal(code, 0, stderr);
    fx.store.syncExternal();
    for (const id of toggled) assert.ok(fx.store.sampleTags(id).some((t) => t.key === 'label-noise'));
    const names = new Set(
      fx.store
        .listTags()
        .filter((t) => t.count > 0)
        .map((t) => t.name),
    );
    for (let i = 0; i < 40; i++) assert.ok(names.has(`child-${i}`), `child-${i}`);
    const reopened = await FinerStore.open(fx.dbPath);
    try {
      assert.equal(reopened.findTag('label-noise')!.count, 12);
      assert.equal(reopened.listTags().filter((t) => t.name.startsWith('child-')).length, 40);
    } finally {
      await reopened.close();
    }
  });
});
