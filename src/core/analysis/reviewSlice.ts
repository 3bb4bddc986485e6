// What a review queue or a smart folder is over: a dataset narrowed by conditions that must all
// hold ("misclassified at fine in run 3" AND "not yet reviewed"). Plain JSON, so it can be a
// tree item's argument, a webview message and the key of the persisted queue position.
import type { LabelLevel } from '../model';

export type ReviewCondition =
  /** The run's result at `level` is wrong by FINER EM (0) or the request failed. */
  | { kind: 'misclassified'; runId: number; level: LabelLevel }
  /** Some request of the run for the sample failed (error stored). */
  | { kind: 'failed'; runId: number }
  /** Carries the tag (by key, or name for free-form tags), on the sample or any run. */
  | { kind: 'tagged'; tag: string }
  | { kind: 'untagged' }
  /** No review recorded for the sample itself or (with `runId`) for that run. */
  | { kind: 'unreviewed'; runId?: number }
  | { kind: 'reviewed'; runId?: number }
  /** A node of the label tree (primary labels). */
  | { kind: 'class'; superordinate: string; coarse?: string; fine?: string }
  /** The sample's concept has edited attributes. */
  | { kind: 'edited-concept' }
  | { kind: 'samples'; sampleIds: number[] };

export interface ReviewSlice {
  datasetId: number;
  /** All must hold; none = the whole dataset. */
  conditions: ReviewCondition[];
}

/** A stable JSON text for a slice (key order fixed), used to remember a queue's position. */
export function reviewSliceKey(slice: ReviewSlice): string {
  return JSON.stringify(canonical(slice));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

const LEVEL_WORDS: Record<LabelLevel, string> = {
  superordinate: 'superordinate',
  coarse: 'coarse',
  fine: 'fine',
};

function describeCondition(c: ReviewCondition, runName: (id: number) => string): string {
  switch (c.kind) {
    case 'misclassified':
      return `misclassified at ${LEVEL_WORDS[c.level]} level in ${runName(c.runId)}`;
    case 'failed':
      return `request failed in ${runName(c.runId)}`;
    case 'tagged':
      return `tagged "${c.tag}"`;
    case 'untagged':
      return 'untagged';
    case 'unreviewed':
      return c.runId === undefined ? 'not yet reviewed' : `not yet reviewed for ${runName(c.runId)}`;
    case 'reviewed':
      return c.runId === undefined ? 'reviewed' : `reviewed for ${runName(c.runId)}`;
    case 'class':
      return `class ${[c.superordinate, c.coarse, c.fine].filter((x) => x !== undefined).join(' › ')}`;
    case 'edited-concept':
      return 'concept attributes edited';
    case 'samples':
      return `${c.sampleIds.length} chosen samples`;
  }
}

/** "misclassified at fine level in run 3, not yet reviewed"; "all samples" with no condition. */
export function describeReviewSlice(
  slice: ReviewSlice,
  runName: (id: number) => string = (id) => `run ${id}`,
): string {
  if (slice.conditions.length === 0) return 'all samples';
  return slice.conditions.map((c) => describeCondition(c, runName)).join(', ');
}

/** The run a review of this slice is about (its first run condition), for per-run review marks. */
export function reviewRunOf(slice: ReviewSlice): number | null {
  for (const c of slice.conditions) {
    if (c.kind === 'misclassified' || c.kind === 'failed') return c.runId;
  }
  return null;
}
