// Attribute corrections from the sample panel: maps the panel's edit requests (indices into
// the lists it shows, which hide FINER's "none" placeholders) onto the core AttributeEditor,
// which records every change with actor, reason and time, and supports undo / redo / revert.
import { AttributeEditor } from '../../core/analysis/attributeEditing';
import type { FinerStore } from '../../core/store/finerStore';
import type { RequestResult } from '../../shared/samplePanelProtocol';
import type { AttributeEditingView, AttributeEditOp } from '../../shared/sampleReviewTypes';
import type { ReviewActor } from '../common/reviewActor';
import type { StoreHost } from '../common/storeHost';

const isPlaceholder = (v: string): boolean => v.trim() === '' || v.trim().toLowerCase() === 'none';

/** Index in the stored list of the `index`-th attribute the panel shows. */
function storedIndex(list: readonly string[], index: number): number {
  let seen = -1;
  for (let i = 0; i < list.length; i++) {
    if (!isPlaceholder(list[i] ?? '') && ++seen === index) return i;
  }
  return list.length + index; // out of range: the editor reports "no attribute at position"
}

export class AttributeEditService {
  constructor(
    private readonly storeHost: StoreHost,
    private readonly actor: ReviewActor,
  ) {}

  editingView(store: FinerStore, conceptId: number, actor: string): AttributeEditingView {
    const editor = new AttributeEditor(store);
    const history = editor.history(conceptId);
    const undo = editor.undoState(conceptId);
    const concept = store.getConcept(conceptId);
    return {
      conceptId,
      canUndo: undo.undo !== undefined,
      canRedo: undo.redo !== undefined,
      edited: concept?.provenance === 'edited',
      changeCount: history.length,
      actor,
    };
  }

  async apply(
    conceptId: number,
    edit: AttributeEditOp,
    reason: string | null,
  ): Promise<RequestResult<{ changed: boolean }>> {
    try {
      const store = await this.storeHost.get();
      const editor = new AttributeEditor(store);
      const meta = { actor: await this.actor.name(), ...(reason ? { reason } : {}) };
      const concept = editor.concept(conceptId);
      let change: unknown;
      switch (edit.op) {
        case 'add':
          change = editor.add(conceptId, edit.list, edit.text, meta);
          break;
        case 'edit':
          change = editor.edit(
            conceptId,
            edit.list,
            storedIndex(concept[edit.list], edit.index),
            edit.text,
            meta,
          );
          break;
        case 'remove':
          change = editor.remove(conceptId, edit.list, storedIndex(concept[edit.list], edit.index), meta);
          break;
        case 'reorder': {
          const list = concept[edit.list];
          change = editor.reorder(
            conceptId,
            edit.list,
            storedIndex(list, edit.from),
            storedIndex(list, edit.to),
            meta,
          );
          break;
        }
        case 'move':
          change = editor.move(conceptId, edit.list, storedIndex(concept[edit.list], edit.index), meta);
          break;
        case 'undo':
          change = editor.undo(conceptId, meta);
          break;
        case 'redo':
          change = editor.redo(conceptId, meta);
          break;
        case 'revert':
          change = editor.revert(conceptId, meta);
          break;
      }
      return { ok: true, value: { changed: change !== undefined } };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }
}
