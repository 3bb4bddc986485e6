// The gallery's reads and its one bulk write: a page of a review slice (stable order idx, id;
// offset / limit) with each tile's labels and, for a chosen run, its result per level; the ids
// of a stretch of the slice (range and "select all" selections); and a tag set or cleared on
// many samples in one durable write.
import { StoreError } from '../errors';
import type { LabelLevel, ReviewSlice } from '../model';
import type { DurableDatabase } from './durableDatabase';
import type { SqlOp } from './journal';
import { MISSED, sliceWhere } from './reviewQueries';
import { findTag, type TagRef } from './tagQueries';

/** Most tiles one page request may ask for. */
export const GALLERY_PAGE_MAX = 500;
/** Most ids one request for a stretch of the slice returns (a whole 100k-sample dataset fits). */
export const GALLERY_IDS_MAX = 1_000_000;

/** A run's final result at one level: right, wrong by FINER EM, or the request failed. */
export type TileMark = 'correct' | 'wrong' | 'failed';

export interface GalleryTile {
  sampleId: number;
  /** 0-based position in the slice (the stable order). */
  position: number;
  idx: number;
  imagePath: string;
  superordinate: string;
  coarse: string;
  fine: string;
  /** Levels the chosen run has a final result for. */
  marks: Partial<Record<LabelLevel, TileMark>>;
}

export interface GalleryPage {
  offset: number;
  tiles: GalleryTile[];
}

export interface GalleryPageRequest {
  offset: number;
  limit: number;
  /** Whose results the marks show; none = no marks. */
  runId: number | null;
}

function checkWindow(offset: number, limit: number, max: number): void {
  if (
    !Number.isSafeInteger(offset) ||
    offset < 0 ||
    !Number.isSafeInteger(limit) ||
    limit < 0 ||
    limit > max
  ) {
    throw new StoreError(`Invalid page: offset ${offset}, limit ${limit} (at most ${max}).`, 'invalid');
  }
}

/** One page of the slice: one query for the samples, one for the marks of those samples. */
export function gallerySlicePage(
  db: DurableDatabase,
  slice: ReviewSlice,
  request: GalleryPageRequest,
): GalleryPage {
  checkWindow(request.offset, request.limit, GALLERY_PAGE_MAX);
  const { where, params } = sliceWhere(slice);
  const rows = db.all<{
    id: number;
    idx: number;
    image_path: string;
    superordinate: string;
    coarse_primary: string;
    fine_primary: string;
  }>(
    `SELECT s.id, s.idx, s.image_path, s.superordinate, s.coarse_primary, s.fine_primary FROM samples s
     WHERE ${where} ORDER BY s.idx, s.id LIMIT ? OFFSET ?`,
    [...params, request.limit, request.offset],
  );
  const tiles: GalleryTile[] = rows.map((r, i) => ({
    sampleId: r.id,
    position: request.offset + i,
    idx: r.idx,
    imagePath: r.image_path,
    superordinate: r.superordinate,
    coarse: r.coarse_primary,
    fine: r.fine_primary,
    marks: {},
  }));
  if (request.runId !== null && tiles.length > 0) {
    const byId = new Map(tiles.map((t) => [t.sampleId, t]));
    for (const m of db.all<{ sample_id: number; level: string; missed: number; failed: number }>(
      `SELECT p.sample_id, p.level, ${MISSED} AS missed, p.error IS NOT NULL AS failed FROM predictions p
       WHERE p.run_id = ? AND p.stage = 'done' AND p.sample_id IN (SELECT value FROM json_each(?))`,
      [request.runId, JSON.stringify([...byId.keys()])],
    )) {
      const tile = byId.get(m.sample_id);
      if (!tile) continue;
      tile.marks[m.level as LabelLevel] = Number(m.failed)
        ? 'failed'
        : Number(m.missed)
          ? 'wrong'
          : 'correct';
    }
  }
  return { offset: request.offset, tiles };
}

/** Sample ids at positions offset .. offset+limit-1 of the slice, in the gallery's order. */
export function gallerySliceIds(
  db: DurableDatabase,
  slice: ReviewSlice,
  offset: number,
  limit: number,
): number[] {
  checkWindow(offset, limit, GALLERY_IDS_MAX);
  const { where, params } = sliceWhere(slice);
  return db
    .all<{ id: number }>(`SELECT s.id FROM samples s WHERE ${where} ORDER BY s.idx, s.id LIMIT ? OFFSET ?`, [
      ...params,
      limit,
      offset,
    ])
    .map((r) => r.id);
}

export interface BulkTagResult {
  /** Samples whose tag state changed (the ones an undo must restore). */
  changed: number[];
  /** Samples that already were as asked. */
  unchanged: number;
  /** Requested ids that are not samples (deleted meanwhile): skipped, named by count. */
  missing: number;
}

/**
 * Sets (or clears) a tag on the samples themselves (not per run) in one durable write: either
 * every change lands or none does. Ids that are no longer samples are skipped and counted.
 */
export function setTagOnSamples(
  db: DurableDatabase,
  sampleIds: readonly number[],
  tagRef: TagRef,
  on: boolean,
): BulkTagResult {
  return db.mutate(() => {
    const tag = findTag(db, tagRef);
    if (!tag) throw new StoreError(`No tag "${tagRef}".`, 'not-found');
    const unique = [...new Set(sampleIds.filter((id) => Number.isSafeInteger(id)))];
    const idsJson = JSON.stringify(unique);
    const existing = new Set(
      db
        .all<{ id: number }>('SELECT id FROM samples WHERE id IN (SELECT value FROM json_each(?))', [idsJson])
        .map((r) => r.id),
    );
    const tagged = new Set(
      db
        .all<{ sample_id: number }>(
          `SELECT sample_id FROM sample_tags WHERE tag_id = ? AND run_id IS NULL
           AND sample_id IN (SELECT value FROM json_each(?))`,
          [tag.id, idsJson],
        )
        .map((r) => r.sample_id),
    );
    const changed = unique.filter((id) => existing.has(id) && tagged.has(id) !== on);
    const ops: SqlOp[] = [];
    if (changed.length > 0) {
      ops.push(
        on
          ? {
              sql: `INSERT OR IGNORE INTO sample_tags (sample_id, tag_id, run_id, created_at)
                    SELECT value, ?, NULL, ? FROM json_each(?)`,
              params: [tag.id, new Date().toISOString(), JSON.stringify(changed)],
            }
          : {
              sql: `DELETE FROM sample_tags WHERE tag_id = ? AND run_id IS NULL
                    AND sample_id IN (SELECT value FROM json_each(?))`,
              params: [tag.id, JSON.stringify(changed)],
            },
      );
    }
    return {
      ops,
      result: { changed, unchanged: existing.size - changed.length, missing: unique.length - existing.size },
    };
  });
}
