// Working with review slices (the type is in ../model): their stable key, which remembers a
// queue's position, and their wording for people.
import type { LabelLevel, ReviewCondition, ReviewSlice } from '../model';

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
