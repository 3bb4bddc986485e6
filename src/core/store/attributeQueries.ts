// Attribute corrections in the store: a concept's current lists, and changes written as
// groups of attribute_edits rows (one row per list a change touches, sharing change_id).
// History is append-only: undo and redo are changes too (target_change names the change
// they undo / redo). See docs/schema.md and src/core/analysis/attributeEditing.ts.
import { StoreError } from '../errors';
import type { AttributeKind, AttributeProvenance, Concept } from '../model';
import type { DurableDatabase } from './durableDatabase';
import type { SqlOp } from './journal';
import type { ConceptRow } from './rowMapping';

export type AttributeLists = Record<AttributeKind, string[]>;

export type AttributeChangeAction =
  'add' | 'edit' | 'remove' | 'reorder' | 'move' | 'replace' | 'revert' | 'undo' | 'redo';

/** One recorded change of a concept's attribute lists. */
export interface AttributeChange {
  changeId: number;
  conceptId: number;
  action: AttributeChangeAction;
  /** The lists as they were before and after, for each list the change touched. */
  before: Partial<AttributeLists>;
  after: Partial<AttributeLists>;
  /** For undo / redo: the change undone or redone. */
  targetChange: number | null;
  /** A one-line description ("added 'blue cap' to required"). */
  detail: string | null;
  actor: string;
  reason: string | null;
  createdAt: string;
}

export interface AttributeChangeRequest {
  action: AttributeChangeAction;
  /** The new lists (only the kinds that change need be given). */
  after: Partial<AttributeLists>;
  detail?: string;
  targetChange?: number;
  actor: string;
  reason?: string;
}

export function getConcept(db: DurableDatabase, conceptId: number): Concept | undefined {
  const row = db.get<ConceptRow>(
    'SELECT id, dataset_id, name, source_id, common_name, provenance FROM concepts WHERE id = ?',
    [conceptId],
  );
  if (row === undefined) return undefined;
  const lists = currentLists(db, conceptId);
  return {
    id: row.id,
    datasetId: row.dataset_id,
    name: row.name,
    sourceId: row.source_id,
    commonName: row.common_name,
    provenance: row.provenance as AttributeProvenance,
    required: lists.required,
    likely: lists.likely,
  };
}

export function currentLists(db: DurableDatabase, conceptId: number): AttributeLists {
  const lists: AttributeLists = { required: [], likely: [] };
  const rows = db.all<{ kind: AttributeKind; text: string }>(
    'SELECT kind, text FROM concept_attributes WHERE concept_id = ? ORDER BY kind, position',
    [conceptId],
  );
  for (const row of rows) lists[row.kind].push(row.text);
  return lists;
}

/**
 * Applies a change computed from the current lists, atomically under the store lock: `plan`
 * sees the lists as they are now (other processes' edits included) and returns the request,
 * or undefined for nothing to do. Returns the recorded change, or undefined when nothing changed.
 */
export function applyAttributeChange(
  db: DurableDatabase,
  conceptId: number,
  plan: (current: AttributeLists, history: AttributeChange[]) => AttributeChangeRequest | undefined,
): AttributeChange | undefined {
  return db.mutate(() => {
    if (db.get('SELECT 1 AS present FROM concepts WHERE id = ?', [conceptId]) === undefined) {
      throw new StoreError(`Concept ${conceptId} does not exist.`, 'not-found');
    }
    const current = currentLists(db, conceptId);
    const request = plan(current, attributeChanges(db, conceptId));
    if (request === undefined) return { ops: [], result: undefined };
    const kinds = (['required', 'likely'] as const).filter((kind) => {
      const next = request.after[kind];
      return next !== undefined && JSON.stringify(next) !== JSON.stringify(current[kind]);
    });
    if (kinds.length === 0) return { ops: [], result: undefined };
    const changeId =
      db.get<{ next: number }>('SELECT ifnull(max(id), 0) + 1 AS next FROM attribute_edits')?.next ?? 1;
    const createdAt = new Date().toISOString();
    const ops: SqlOp[] = [];
    const before: Partial<AttributeLists> = {};
    const after: Partial<AttributeLists> = {};
    for (const kind of kinds) {
      const next = request.after[kind] ?? [];
      before[kind] = current[kind];
      after[kind] = next;
      ops.push(
        {
          sql: 'DELETE FROM concept_attributes WHERE concept_id = ? AND kind = ?',
          params: [conceptId, kind],
        },
        ...next.map((text, position) => ({
          sql: 'INSERT INTO concept_attributes (concept_id, kind, position, text) VALUES (?, ?, ?, ?)',
          params: [conceptId, kind, position, text],
        })),
        {
          sql: `INSERT INTO attribute_edits (concept_id, kind, action, old_value, new_value, actor, reason,
                  created_at, change_id, target_change, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          params: [
            conceptId,
            kind,
            request.action,
            JSON.stringify(current[kind]),
            JSON.stringify(next),
            request.actor,
            request.reason ?? null,
            createdAt,
            changeId,
            request.targetChange ?? null,
            request.detail ?? null,
          ],
        },
      );
    }
    ops.push({ sql: "UPDATE concepts SET provenance = 'edited' WHERE id = ?", params: [conceptId] });
    const change: AttributeChange = {
      changeId,
      conceptId,
      action: request.action,
      before,
      after,
      targetChange: request.targetChange ?? null,
      detail: request.detail ?? null,
      actor: request.actor,
      reason: request.reason ?? null,
      createdAt,
    };
    return { ops, result: change };
  });
}

type EditRow = {
  id: number;
  concept_id: number;
  kind: AttributeKind;
  action: string;
  old_value: string | null;
  new_value: string | null;
  actor: string;
  reason: string | null;
  created_at: string;
  change_id: number | null;
  target_change: number | null;
  detail: string | null;
};

function parseList(value: string | null): string[] {
  if (value === null) return [];
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

/** Every change of a concept, oldest first (rows of one change merged). */
export function attributeChanges(db: DurableDatabase, conceptId: number): AttributeChange[] {
  const rows = db.all<EditRow>('SELECT * FROM attribute_edits WHERE concept_id = ? ORDER BY id', [conceptId]);
  return groupChanges(rows);
}

/** Every change of every concept of a dataset, oldest first. */
export function datasetAttributeChanges(db: DurableDatabase, datasetId: number): AttributeChange[] {
  const rows = db.all<EditRow>(
    `SELECT e.* FROM attribute_edits e JOIN concepts c ON c.id = e.concept_id
     WHERE c.dataset_id = ? ORDER BY e.id`,
    [datasetId],
  );
  return groupChanges(rows);
}

function groupChanges(rows: readonly EditRow[]): AttributeChange[] {
  const byId = new Map<number, AttributeChange>();
  for (const row of rows) {
    const changeId = row.change_id ?? row.id;
    let change = byId.get(changeId);
    if (change === undefined) {
      change = {
        changeId,
        conceptId: row.concept_id,
        action: row.action as AttributeChangeAction,
        before: {},
        after: {},
        targetChange: row.target_change,
        detail: row.detail,
        actor: row.actor,
        reason: row.reason,
        createdAt: row.created_at,
      };
      byId.set(changeId, change);
    }
    change.before[row.kind] = parseList(row.old_value);
    change.after[row.kind] = parseList(row.new_value);
  }
  return [...byId.values()];
}

/**
 * The lists as imported: for each kind, the "before" of the first change that touched it,
 * else the current list.
 */
export function importedLists(current: AttributeLists, history: readonly AttributeChange[]): AttributeLists {
  const out: AttributeLists = { required: [...current.required], likely: [...current.likely] };
  for (const kind of ['required', 'likely'] as const) {
    const first = history.find((c) => c.before[kind] !== undefined);
    if (first) out[kind] = [...(first.before[kind] ?? [])];
  }
  return out;
}
