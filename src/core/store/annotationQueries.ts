// Whole-list edits of a concept's attribute lists with their history, the first store API's
// form; attributeQueries.ts does the writing (tags and notes are in tagQueries.ts / noteQueries.ts).
import type { AttributeKind } from '../model';
import { applyAttributeChange } from './attributeQueries';
import type { DurableDatabase } from './durableDatabase';

export interface AttributeEdit {
  conceptId: number;
  kind: AttributeKind;
  action: string;
  oldValue: string | null;
  newValue: string | null;
  actor: string;
  reason: string | null;
  createdAt: string;
}

/**
 * Replaces one attribute list of a concept (values trimmed, blanks dropped): a 'replace'
 * change through applyAttributeChange, so the list, the 'edited' provenance and the history
 * row are written exactly as for every other attribute edit.
 */
export function setConceptAttributes(
  store: DurableDatabase,
  conceptId: number,
  kind: AttributeKind,
  values: string[],
  edit: { actor: string; reason?: string },
): void {
  const cleaned = values.map((v) => v.trim()).filter((v) => v !== '');
  applyAttributeChange(store, conceptId, () => ({
    action: 'replace',
    after: { [kind]: cleaned },
    actor: edit.actor,
    reason: edit.reason,
  }));
}

export function attributeHistory(store: DurableDatabase, conceptId: number): AttributeEdit[] {
  return store
    .all<{
      concept_id: number;
      kind: string;
      action: string;
      old_value: string | null;
      new_value: string | null;
      actor: string;
      reason: string | null;
      created_at: string;
    }>('SELECT * FROM attribute_edits WHERE concept_id = ? ORDER BY id', [conceptId])
    .map((row) => ({
      conceptId: row.concept_id,
      kind: row.kind as AttributeKind,
      action: row.action,
      oldValue: row.old_value,
      newValue: row.new_value,
      actor: row.actor,
      reason: row.reason,
      createdAt: row.created_at,
    }));
}
