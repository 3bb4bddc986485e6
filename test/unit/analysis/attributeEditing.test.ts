// Attribute corrections on a real store file: every operation recorded, undo / redo from the
// history, revert, validation, the diff, and durability across a reopen.
import { strict as assert } from 'node:assert';
import { AttributeEditor } from '../../../src/core/analysis/attributeEditing';
import {
  diffConceptAttributes,
  formatAttributeDiffText,
} from '../../../src/core/analysis/attributeEditingDiff';
import { StoreError } from '../../../src/core/errors';
import { importSampleDataset } from '../../../src/core/import/sampleDataset';
import type { Concept } from '../../../src/core/model';
import { FinerStore } from '../../../src/core/store/finerStore';
import { SAMPLE_ROOT } from '../simulator/sampleBirdsFixture';
import { makeTempDir } from '../store/storeTestKit';

const alice = { actor: 'alice', reason: 'checked the field guide' };

describe('AttributeEditor', function () {
  this.timeout(20_000);
  let temp: ReturnType<typeof makeTempDir>;
  let store: FinerStore;
  let editor: AttributeEditor;
  let azure: Concept;

  beforeEach(async () => {
    temp = makeTempDir();
    store = await FinerStore.open(temp.dbPath);
    const { datasetId } = await importSampleDataset(store, SAMPLE_ROOT);
    editor = new AttributeEditor(store);
    const found = store.listConcepts(datasetId).find((c) => c.name === 'Azure-crowned Warbler');
    assert.ok(found);
    azure = found;
  });
  afterEach(async () => {
    await store.close();
    temp.cleanup();
  });

  it('adds, edits, removes, reorders and moves, recording each change with who and why', () => {
    editor.add(azure.id, 'required', 'black legs', alice);
    editor.edit(azure.id, 'required', 1, 'golden-yellow throat', { actor: 'bob' }, 'yellow throat');
    editor.remove(azure.id, 'likely', 3, alice);
    editor.reorder(azure.id, 'required', 4, 0, alice);
    editor.move(azure.id, 'likely', 0, alice);
    const now = editor.concept(azure.id);
    assert.deepEqual(now.required, [
      'black legs',
      'bright blue crown',
      'golden-yellow throat',
      'yellow breast',
      'white wing bars',
      'olive-green back and wings',
    ]);
    assert.deepEqual(now.likely, ['thin pointed beak', 'plain dark tail']);
    assert.equal(now.provenance, 'edited');
    const history = editor.history(azure.id);
    assert.deepEqual(
      history.map((c) => c.action),
      ['add', 'edit', 'remove', 'reorder', 'move'],
    );
    assert.equal(history[1]?.actor, 'bob');
    assert.equal(history[1]?.reason, null);
    assert.equal(history[0]?.reason, 'checked the field guide');
    assert.match(history[1]?.detail ?? '', /"yellow throat" to "golden-yellow throat"/);
    assert.deepEqual(Object.keys(history[4]?.after ?? {}).sort(), ['likely', 'required']);
    assert.ok(!Number.isNaN(Date.parse(history[0]?.createdAt ?? '')));
  });

  it('undoes and redoes from the history, recording undo and redo as changes', () => {
    const imported = { required: [...azure.required], likely: [...azure.likely] };
    editor.add(azure.id, 'required', 'black legs', alice);
    editor.move(azure.id, 'required', 0, alice);
    assert.equal(editor.undoState(azure.id).undo?.action, 'move');
    editor.undo(azure.id, alice);
    assert.deepEqual(editor.concept(azure.id).required, [...imported.required, 'black legs']);
    editor.undo(azure.id, alice);
    assert.deepEqual(editor.concept(azure.id).required, imported.required);
    assert.equal(editor.undo(azure.id, alice), undefined, 'nothing left to undo');
    editor.redo(azure.id, alice);
    assert.deepEqual(editor.concept(azure.id).required, [...imported.required, 'black legs']);
    assert.equal(editor.undoState(azure.id).redo?.action, 'move');
    // A new change clears the redo stack.
    editor.add(azure.id, 'likely', 'short tail', alice);
    assert.equal(editor.undoState(azure.id).redo, undefined);
    assert.equal(editor.redo(azure.id, alice), undefined);
    const actions = editor.history(azure.id).map((c) => c.action);
    assert.deepEqual(actions, ['add', 'move', 'undo', 'undo', 'redo', 'add']);
    assert.equal(editor.history(azure.id)[2]?.targetChange, editor.history(azure.id)[1]?.changeId);
  });

  it('reverts to the imported lists, and the revert itself can be undone', () => {
    editor.add(azure.id, 'required', 'black legs', alice);
    editor.remove(azure.id, 'likely', 0, alice);
    editor.revert(azure.id, alice);
    assert.deepEqual(editor.concept(azure.id).required, azure.required);
    assert.deepEqual(editor.concept(azure.id).likely, azure.likely);
    assert.equal(editor.revert(azure.id, alice), undefined, 'already as imported');
    editor.undo(azure.id, alice);
    assert.ok(editor.concept(azure.id).required.includes('black legs'));
    assert.deepEqual(editor.importedLists(azure.id), { required: azure.required, likely: azure.likely });
  });

  it('rejects empty, too long and duplicate attributes with StoreError invalid', () => {
    const invalid = (fn: () => unknown, pattern: RegExp): void =>
      assert.throws(
        fn,
        (e: unknown) => e instanceof StoreError && e.reason === 'invalid' && pattern.test(e.message),
      );
    invalid(() => editor.add(azure.id, 'required', '   ', alice), /empty/);
    invalid(() => editor.add(azure.id, 'required', 'x'.repeat(501), alice), /at most 500/);
    invalid(() => editor.add(azure.id, 'likely', 'Yellow Throat', alice), /already in the required/);
    invalid(() => editor.edit(azure.id, 'required', 0, 'yellow breast', alice), /already/);
    invalid(() => editor.replace(azure.id, { likely: ['a', 'A'] }, alice), /twice/);
    invalid(() => editor.remove(azure.id, 'required', 9, alice), /position 10/);
    assert.throws(
      () => editor.edit(azure.id, 'required', 0, 'blue cap', alice, 'not what is there'),
      (e: unknown) => e instanceof StoreError && e.reason === 'conflict',
    );
    assert.throws(
      () => editor.add(999_999, 'required', 'x', alice),
      (e: unknown) => e instanceof StoreError && e.reason === 'not-found',
    );
    assert.equal(editor.history(azure.id).length, 0, 'failed edits write nothing');
  });

  it('stores HTML verbatim (the UI renders it as text)', () => {
    const html = '<img src=x onerror="alert(1)"> & <script>bad()</script>';
    editor.add(azure.id, 'likely', html, alice);
    assert.equal(editor.concept(azure.id).likely.at(-1), html);
  });

  it('keeps edits and history across a reopen (durable on return)', async () => {
    editor.add(azure.id, 'required', 'black legs', alice);
    editor.undo(azure.id, alice);
    editor.redo(azure.id, alice);
    // No close(): a second store opened on the same file replays the journal.
    const other = await FinerStore.open(temp.dbPath);
    try {
      const reopened = new AttributeEditor(other);
      assert.ok(reopened.concept(azure.id).required.includes('black legs'));
      assert.deepEqual(
        reopened.history(azure.id).map((c) => c.action),
        ['add', 'undo', 'redo'],
      );
      assert.equal(reopened.undoState(azure.id).undo?.action, 'add');
    } finally {
      await other.close();
    }
  });

  it('diffs imported against current as data and as unified-diff-like text', () => {
    editor.edit(azure.id, 'required', 0, 'blue cap', alice);
    editor.move(azure.id, 'likely', 3, alice);
    editor.reorder(azure.id, 'likely', 0, 2, alice);
    const diff = diffConceptAttributes(editor.concept(azure.id), editor.history(azure.id));
    assert.equal(diff.changed, true);
    assert.deepEqual(diff.required.added, ['blue cap']);
    assert.deepEqual(diff.required.removed, ['bright blue crown']);
    assert.deepEqual(diff.moved, [{ text: 'perches in foliage', from: 'likely', to: 'required' }]);
    assert.equal(diff.likely.reordered, true);
    assert.equal(diff.required.reordered, false);
    const text = formatAttributeDiffText([diff]);
    assert.match(
      text,
      /^--- imported: Azure-crowned Warbler\n\+\+\+ current: Azure-crowned Warbler\n@@ required @@\n/,
    );
    assert.ok(text.includes('- bright blue crown\n+ blue cap\n'), text);
    assert.ok(text.includes('# moved "perches in foliage" from likely to required'));
    const untouched = store.listConcepts(azure.datasetId).find((c) => c.id !== azure.id);
    assert.ok(untouched);
    assert.equal(formatAttributeDiffText([diffConceptAttributes(untouched, [])]), '');
  });
});
