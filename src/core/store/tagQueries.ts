// Failure-mode tags: the editable tag taxonomy (key, name, theme colour, position) and tags on
// samples (optionally per run); notes are in noteQueries.ts. Every change is one
// journaled operation, durable when the function returns.
import { StoreError } from '../errors';
import type { DurableDatabase } from './durableDatabase';
import type { SqlOp, SqlParam } from './journal';

export interface TagCount {
  name: string;
  count: number;
}

/** A tag of the workspace taxonomy (free-form tags made by `addTag` have `key` null). */
export interface TaxonomyTag {
  id: number;
  /** Stable slug ("sibling-confusion"); null for free-form tags. */
  key: string | null;
  name: string;
  /** A VS Code theme colour id such as 'charts.red' (not a hex value); null = default. */
  color: string | null;
  description: string | null;
  /** 1-based order in the taxonomy (1-9 are the hotkeys); null for free-form tags. */
  position: number | null;
  /** Samples carrying the tag (any run). */
  count: number;
}

export interface NewTaxonomyTag {
  name: string;
  /** Derived from the name when absent. */
  key?: string;
  color?: string | null;
  description?: string | null;
}

export interface TagChanges {
  name?: string;
  color?: string | null;
  description?: string | null;
}

export interface SampleTag {
  tagId: number;
  key: string | null;
  name: string;
  color: string | null;
  /** null = on the sample itself. */
  runId: number | null;
}

interface TagRow {
  [column: string]: string | number | null | Uint8Array;
  id: number;
  key: string | null;
  name: string;
  color: string | null;
  description: string | null;
  position: number | null;
  count: number;
}

const TAG_SELECT = `SELECT t.id, t.key, t.name, t.color, t.description, t.position,
  (SELECT count(DISTINCT st.sample_id) FROM sample_tags st WHERE st.tag_id = t.id) AS count FROM tags t`;

function toTag(row: TagRow): TaxonomyTag {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    color: row.color,
    description: row.description,
    position: row.position,
    count: Number(row.count),
  };
}

export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

function cleanName(name: string): string {
  const cleaned = name.trim();
  if (cleaned === '') throw new StoreError('A tag needs a name.', 'invalid');
  if (cleaned.length > 200) throw new StoreError('A tag name may have at most 200 characters.', 'invalid');
  return cleaned;
}

export function requireSample(db: DurableDatabase, sampleId: number): void {
  if (db.get('SELECT 1 AS present FROM samples WHERE id = ?', [sampleId]) === undefined) {
    throw new StoreError(`Sample ${sampleId} does not exist.`, 'not-found');
  }
}

export function requireRun(db: DurableDatabase, runId: number | null): void {
  if (runId !== null && db.get('SELECT 1 AS present FROM runs WHERE id = ?', [runId]) === undefined) {
    throw new StoreError(`Run ${runId} does not exist.`, 'not-found');
  }
}

/** How callers name a tag: its id, its key, or (free-form tags) its name. */
export type TagRef = number | string;

/** Finds a tag by id, key, or name for free-form tags. */
export function findTag(db: DurableDatabase, keyOrName: TagRef): TaxonomyTag | undefined {
  if (typeof keyOrName === 'number') {
    const byId = db.get<TagRow>(`${TAG_SELECT} WHERE t.id = ?`, [keyOrName]);
    return byId === undefined ? undefined : toTag(byId);
  }
  const row =
    db.get<TagRow>(`${TAG_SELECT} WHERE t.key = ?`, [keyOrName]) ??
    db.get<TagRow>(`${TAG_SELECT} WHERE t.name = ?`, [keyOrName.trim()]);
  return row === undefined ? undefined : toTag(row);
}

function requireTag(db: DurableDatabase, keyOrName: TagRef): TaxonomyTag {
  const tag = findTag(db, keyOrName);
  if (tag === undefined) throw new StoreError(`There is no tag "${keyOrName}".`, 'not-found');
  return tag;
}

function assertNameFree(db: DurableDatabase, name: string, exceptId?: number): void {
  const other = db.get<{ id: number }>('SELECT id FROM tags WHERE lower(name) = lower(?)', [name]);
  if (other !== undefined && other.id !== exceptId) {
    throw new StoreError(`A tag named "${name}" already exists.`, 'conflict');
  }
}

// ---- taxonomy ------------------------------------------------------------------------------

/** Taxonomy tags by position, then free-form tags by name. */
export function listTaxonomy(db: DurableDatabase): TaxonomyTag[] {
  return db.all<TagRow>(`${TAG_SELECT} ORDER BY t.position IS NULL, t.position, t.name`).map(toTag);
}

export function addTaxonomyTag(db: DurableDatabase, tag: NewTaxonomyTag): TaxonomyTag {
  const name = cleanName(tag.name);
  const key = slugOf(tag.key ?? name);
  if (key === '') throw new StoreError(`"${name}" gives an empty tag key; pass a key.`, 'invalid');
  db.mutate(() => {
    assertNameFree(db, name);
    if (db.get('SELECT 1 AS present FROM tags WHERE key = ?', [key]) !== undefined) {
      throw new StoreError(`A tag with the key "${key}" already exists.`, 'conflict');
    }
    const next = db.get<{ p: number | null }>('SELECT max(position) AS p FROM tags')?.p ?? 0;
    const ops: SqlOp[] = [
      {
        sql: 'INSERT INTO tags (name, key, color, description, position) VALUES (?, ?, ?, ?, ?)',
        params: [name, key, tag.color ?? null, tag.description ?? null, next + 1],
      },
    ];
    return { ops, result: undefined };
  });
  return requireTag(db, key);
}

/** Renames, recolours or re-describes a tag (looked up by key, or name for free-form tags). */
export function updateTag(db: DurableDatabase, keyOrName: TagRef, changes: TagChanges): TaxonomyTag {
  const name = changes.name === undefined ? undefined : cleanName(changes.name);
  db.mutate(() => {
    const tag = requireTag(db, keyOrName);
    const sets: string[] = [];
    const params: SqlParam[] = [];
    if (name !== undefined && name !== tag.name) {
      assertNameFree(db, name, tag.id);
      sets.push('name = ?');
      params.push(name);
    }
    if (changes.color !== undefined && changes.color !== tag.color) {
      sets.push('color = ?');
      params.push(changes.color);
    }
    if (changes.description !== undefined && changes.description !== tag.description) {
      sets.push('description = ?');
      params.push(changes.description);
    }
    if (sets.length === 0) return { ops: [], result: undefined };
    return {
      ops: [{ sql: `UPDATE tags SET ${sets.join(', ')} WHERE id = ?`, params: [...params, tag.id] }],
      result: undefined,
    };
  });
  const updated = findTag(db, keyOrName) ?? (name === undefined ? undefined : findTag(db, name));
  if (updated === undefined) throw new StoreError(`There is no tag "${keyOrName}".`, 'not-found');
  return updated;
}

/**
 * Puts the taxonomy in the order of `keys` (positions 1..n); tags not named keep their
 * relative order after them. Free-form tags named here join the taxonomy.
 */
export function reorderTags(db: DurableDatabase, keys: readonly TagRef[]): void {
  db.mutate(() => {
    const named = keys.map((k) => requireTag(db, k));
    if (new Set(named.map((t) => t.id)).size !== named.length) {
      throw new StoreError('A tag appears twice in the new order.', 'invalid');
    }
    const ids = new Set(named.map((t) => t.id));
    const rest = listTaxonomy(db).filter((t) => t.position !== null && !ids.has(t.id));
    const ops: SqlOp[] = [...named, ...rest].map((t, i) => ({
      sql: 'UPDATE tags SET position = ?, key = ifnull(key, ?) WHERE id = ?',
      params: [i + 1, t.key ?? `tag-${t.id}`, t.id],
    }));
    return { ops, result: undefined };
  });
}

/**
 * Deletes a tag. With `reassignTo`, its sample tags move to that tag (kept once where the
 * sample already has it); without, they are dropped. Positions close up.
 */
export function deleteTag(db: DurableDatabase, keyOrName: TagRef, reassignTo?: TagRef): void {
  db.mutate(() => {
    const tag = requireTag(db, keyOrName);
    const ops: SqlOp[] = [];
    if (reassignTo !== undefined) {
      const target = requireTag(db, reassignTo);
      if (target.id === tag.id) throw new StoreError('A tag cannot be reassigned to itself.', 'invalid');
      ops.push({
        sql: `INSERT OR IGNORE INTO sample_tags (sample_id, tag_id, run_id, created_at)
              SELECT sample_id, ?, run_id, created_at FROM sample_tags WHERE tag_id = ?`,
        params: [target.id, tag.id],
      });
    }
    ops.push({ sql: 'DELETE FROM sample_tags WHERE tag_id = ?', params: [tag.id] });
    ops.push({ sql: 'DELETE FROM tags WHERE id = ?', params: [tag.id] });
    if (tag.position !== null) {
      ops.push({ sql: 'UPDATE tags SET position = position - 1 WHERE position > ?', params: [tag.position] });
    }
    return { ops, result: undefined };
  });
}

// ---- tags on samples -----------------------------------------------------------------------

function hasSampleTag(db: DurableDatabase, sampleId: number, tagId: number, runId: number | null): boolean {
  return (
    db.get(
      'SELECT 1 AS present FROM sample_tags WHERE sample_id = ? AND tag_id = ? AND ifnull(run_id, 0) = ?',
      [sampleId, tagId, runId ?? 0],
    ) !== undefined
  );
}

function sampleTagOps(sampleId: number, tagId: number, runId: number | null, on: boolean): SqlOp[] {
  return on
    ? [
        {
          sql: `INSERT OR IGNORE INTO sample_tags (sample_id, tag_id, run_id, created_at) VALUES (?, ?, ?, ?)`,
          params: [sampleId, tagId, runId, new Date().toISOString()],
        },
      ]
    : [
        {
          sql: 'DELETE FROM sample_tags WHERE sample_id = ? AND tag_id = ? AND ifnull(run_id, 0) = ?',
          params: [sampleId, tagId, runId ?? 0],
        },
      ];
}

/** Sets or clears a tag on a sample (or on a run's result for it); returns whether it changed. */
export function setSampleTag(
  db: DurableDatabase,
  sampleId: number,
  keyOrName: TagRef,
  on: boolean,
  runId: number | null = null,
): boolean {
  return db.mutate(() => {
    requireSample(db, sampleId);
    requireRun(db, runId);
    const tag = requireTag(db, keyOrName);
    if (hasSampleTag(db, sampleId, tag.id, runId) === on) return { ops: [], result: false };
    return { ops: sampleTagOps(sampleId, tag.id, runId, on), result: true };
  });
}

/** Flips a tag on a sample under the lock (so two windows cannot both flip it); returns the new state. */
export function toggleTag(
  db: DurableDatabase,
  sampleId: number,
  keyOrName: TagRef,
  runId: number | null = null,
): boolean {
  return db.mutate(() => {
    requireSample(db, sampleId);
    requireRun(db, runId);
    const tag = requireTag(db, keyOrName);
    const on = !hasSampleTag(db, sampleId, tag.id, runId);
    return { ops: sampleTagOps(sampleId, tag.id, runId, on), result: on };
  });
}

/** Free-form tagging kept from the first store API: creates the tag on first use. */
export function addTag(db: DurableDatabase, sampleId: number, tag: string): void {
  const name = cleanName(tag);
  db.mutate(() => {
    requireSample(db, sampleId);
    const existing = findTag(db, name);
    if (existing !== undefined && hasSampleTag(db, sampleId, existing.id, null))
      return { ops: [], result: undefined };
    const ops: SqlOp[] = [];
    if (existing === undefined)
      ops.push({ sql: 'INSERT OR IGNORE INTO tags (name) VALUES (?)', params: [name] });
    ops.push({
      sql: `INSERT OR IGNORE INTO sample_tags (sample_id, tag_id, run_id, created_at)
            SELECT ?, id, NULL, ? FROM tags WHERE ${existing === undefined ? 'name' : 'id'} = ?`,
      params: [sampleId, new Date().toISOString(), existing === undefined ? name : existing.id],
    });
    return { ops, result: undefined };
  });
}

export function removeTag(db: DurableDatabase, sampleId: number, tag: string): void {
  const name = cleanName(tag);
  if (findTag(db, name) === undefined) return;
  setSampleTag(db, sampleId, name, false, null);
}

/** Names of the sample-level tags of a sample, by name. */
export function tagsOf(db: DurableDatabase, sampleId: number): string[] {
  return db
    .all<{ name: string }>(
      `SELECT t.name FROM sample_tags st JOIN tags t ON t.id = st.tag_id
       WHERE st.sample_id = ? AND st.run_id IS NULL ORDER BY t.name`,
      [sampleId],
    )
    .map((row) => row.name);
}

/** Every tag of a sample (sample-level and per run), in taxonomy order. */
export function sampleTags(db: DurableDatabase, sampleId: number): SampleTag[] {
  return db
    .all<{ id: number; key: string | null; name: string; color: string | null; run_id: number | null }>(
      `SELECT t.id, t.key, t.name, t.color, st.run_id FROM sample_tags st JOIN tags t ON t.id = st.tag_id
       WHERE st.sample_id = ? ORDER BY t.position IS NULL, t.position, t.name, st.run_id`,
      [sampleId],
    )
    .map((r) => ({ tagId: r.id, key: r.key, name: r.name, color: r.color, runId: r.run_id }));
}

export function listTags(db: DurableDatabase): TagCount[] {
  return db
    .all<{ name: string; count: number }>(
      `SELECT t.name, count(st.sample_id) AS count FROM tags t LEFT JOIN sample_tags st ON st.tag_id = t.id
       GROUP BY t.id ORDER BY t.name`,
    )
    .map(({ name, count }) => ({ name, count }));
}
