// Whole-list edits of a concept's attribute lists with their history (tags and notes moved to
// tagQueries.ts). Every change is one journaled operation.
import { StoreError } from '../errors';
import type { AttributeKind } from '../model';
import type { DurableDatabase } from './durableDatabase';
import type { SqlOp } from './journal';

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
 * Replaces one attribute list of a concept, marks the concept as edited and records the
 * change (old and new list as JSON) in attribute_edits.
 */
export function setConceptAttributes(
  store: DurableDatabase,
  conceptId: number,
  kind: AttributeKind,
  values: string[],
  edit: { actor: string; reason?: string },
): void {
  const cleaned = values.map((v) => v.trim()).filter((v) => v !== '');
  store.mutate(() => {
    if (store.get('SELECT 1 AS present FROM concepts WHERE id = ?', [conceptId]) === undefined) {
      throw new StoreError(`Concept ${conceptId} does not exist.`, 'not-found');
    }
    const old = store
      .all<{ text: string }>(
        'SELECT text FROM concept_attributes WHERE concept_id = ? AND kind = ? ORDER BY position',
        [conceptId, kind],
      )
      .map((row) => row.text);
    if (JSON.stringify(old) === JSON.stringify(cleaned)) return { ops: [], result: undefined };
    const ops: SqlOp[] = [
      { sql: 'DELETE FROM concept_attributes WHERE concept_id = ? AND kind = ?', params: [conceptId, kind] },
      ...cleaned.map((text, position) => ({
        sql: 'INSERT INTO concept_attributes (concept_id, kind, position, text) VALUES (?, ?, ?, ?)',
        params: [conceptId, kind, position, text],
      })),
      { sql: "UPDATE concepts SET provenance = 'edited' WHERE id = ?", params: [conceptId] },
      {
        sql: `INSERT INTO attribute_edits (concept_id, kind, action, old_value, new_value, actor, reason, created_at)
              VALUES (?, ?, 'replace', ?, ?, ?, ?, ?)`,
        params: [
          conceptId,
          kind,
          JSON.stringify(old),
          JSON.stringify(cleaned),
          edit.actor,
          edit.reason ?? null,
          new Date().toISOString(),
        ],
      },
    ];
    return { ops, result: undefined };
  });
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
