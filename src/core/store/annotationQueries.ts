// What the user adds to samples and concepts: tags, notes, and edits of attribute lists
// (with their history). Every change is one journaled operation.
import { StoreError } from '../errors';
import type { AttributeKind } from '../model';
import type { DurableDatabase } from './durableDatabase';
import type { SqlOp } from './journal';

export interface TagCount {
  name: string;
  count: number;
}

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

function requireSample(store: DurableDatabase, sampleId: number): void {
  if (store.get('SELECT 1 AS present FROM samples WHERE id = ?', [sampleId]) === undefined) {
    throw new StoreError(`Sample ${sampleId} does not exist.`, 'not-found');
  }
}

function tagName(tag: string): string {
  const name = tag.trim();
  if (name === '') throw new StoreError('A tag needs a name.', 'invalid');
  return name;
}

function hasTag(store: DurableDatabase, sampleId: number, name: string): boolean {
  return (
    store.get(
      `SELECT 1 AS present FROM sample_tags st JOIN tags t ON t.id = st.tag_id
       WHERE st.sample_id = ? AND st.run_id IS NULL AND t.name = ?`,
      [sampleId, name],
    ) !== undefined
  );
}

/** Tags a sample, creating the tag on first use; tagging twice is a no-op. */
export function addTag(store: DurableDatabase, sampleId: number, tag: string): void {
  const name = tagName(tag);
  store.mutate(() => {
    requireSample(store, sampleId);
    if (hasTag(store, sampleId, name)) return { ops: [], result: undefined };
    const ops: SqlOp[] = [
      { sql: 'INSERT OR IGNORE INTO tags (name) VALUES (?)', params: [name] },
      {
        sql: `INSERT OR IGNORE INTO sample_tags (sample_id, tag_id, run_id, created_at)
              SELECT ?, id, NULL, ? FROM tags WHERE name = ?`,
        params: [sampleId, new Date().toISOString(), name],
      },
    ];
    return { ops, result: undefined };
  });
}

/** Removes a tag from a sample; the tag itself stays in the vocabulary. */
export function removeTag(store: DurableDatabase, sampleId: number, tag: string): void {
  const name = tagName(tag);
  store.mutate(() => {
    if (!hasTag(store, sampleId, name)) return { ops: [], result: undefined };
    const ops: SqlOp[] = [
      {
        sql: `DELETE FROM sample_tags WHERE sample_id = ? AND run_id IS NULL
              AND tag_id = (SELECT id FROM tags WHERE name = ?)`,
        params: [sampleId, name],
      },
    ];
    return { ops, result: undefined };
  });
}

export function tagsOf(store: DurableDatabase, sampleId: number): string[] {
  return store
    .all<{ name: string }>(
      `SELECT t.name FROM sample_tags st JOIN tags t ON t.id = st.tag_id
       WHERE st.sample_id = ? AND st.run_id IS NULL ORDER BY t.name`,
      [sampleId],
    )
    .map((row) => row.name);
}

/** Every tag with the number of samples carrying it, by name. */
export function listTags(store: DurableDatabase): TagCount[] {
  return store
    .all<{ name: string; count: number }>(
      `SELECT t.name, count(st.sample_id) AS count FROM tags t LEFT JOIN sample_tags st ON st.tag_id = t.id
       GROUP BY t.id ORDER BY t.name`,
    )
    .map(({ name, count }) => ({ name, count }));
}

/** Sets the sample's note; an empty (or blank) text deletes it. */
export function setNote(store: DurableDatabase, sampleId: number, text: string): void {
  store.mutate(() => {
    requireSample(store, sampleId);
    const current = noteOf(store, sampleId);
    const wanted = text.trim() === '' ? undefined : text;
    if (current === wanted) return { ops: [], result: undefined };
    const ops: SqlOp[] = [
      { sql: 'DELETE FROM notes WHERE sample_id = ? AND run_id IS NULL', params: [sampleId] },
    ];
    if (wanted !== undefined) {
      ops.push({
        sql: 'INSERT INTO notes (sample_id, run_id, text, updated_at) VALUES (?, NULL, ?, ?)',
        params: [sampleId, wanted, new Date().toISOString()],
      });
    }
    return { ops, result: undefined };
  });
}

export function noteOf(store: DurableDatabase, sampleId: number): string | undefined {
  return store.get<{ text: string }>('SELECT text FROM notes WHERE sample_id = ? AND run_id IS NULL', [
    sampleId,
  ])?.text;
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
