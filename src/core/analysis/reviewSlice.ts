// Working with review slices (the type is in ../model): their stable key, which remembers a
// queue's position, their wording for people, and a guard for slices from untrusted places.
import { isId as isShared, isObject, type Json } from '../../shared/guards';
import type { LabelLevel, ReviewCondition, ReviewSlice } from '../model';
import { FLIP_DIRECTIONS, LABEL_LEVELS, MODALITY_QUADRANTS, SEARCH_TEXT_MAX } from '../model';

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
      return c.level === undefined
        ? `request failed in ${runName(c.runId)}`
        : `request failed at ${LEVEL_WORDS[c.level]} level in ${runName(c.runId)}`;
    case 'tagged':
      return c.runId === undefined
        ? `tagged "${c.tag}"`
        : `tagged "${c.tag}" (sample or ${runName(c.runId)})`;
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
    case 'result':
      return `answered at ${LEVEL_WORDS[c.level]} level in ${runName(c.runId)}`;
    case 'correct':
      return `${c.strict === true ? 'right by strict EM' : 'right'} at ${LEVEL_WORDS[c.level]} level in ${runName(c.runId)}`;
    case 'gold':
      return `${c.exclude === true ? 'gold class not ' : 'gold class '}${classList(c.classKeys.map((k) => k))} at ${LEVEL_WORDS[c.level]} level`;
    case 'predicted': {
      const names = c.classKeys.map((k) => k ?? OFF_LIST_WORDS);
      if (c.ambiguous === true) names.push('several classes (ambiguous)');
      return `answer ${c.exclude === true ? 'names a class other than ' : 'names '}${classList(names)} at ${LEVEL_WORDS[c.level]} level in ${runName(c.runId)}`;
    }
    case 'severity':
      return `wrong fine answer (${c.severity}) in ${runName(c.runId)}`;
    case 'flip':
      return c.direction === 'right-to-wrong'
        ? `right in ${runName(c.runId)}, wrong in ${runName(c.otherRunId)} at ${LEVEL_WORDS[c.level]} level`
        : `wrong in ${runName(c.runId)}, right in ${runName(c.otherRunId)} at ${LEVEL_WORDS[c.level]} level`;
    case 'quadrant':
      return `${QUADRANT_WORDS[c.quadrant]} (${runName(c.imageRunId)} with the image, ${runName(c.textRunId)} from text)`;
    case 'search':
      return c.runId === undefined
        ? `answers or attributes containing "${c.text}"`
        : `answers or attributes in ${runName(c.runId)} containing "${c.text}"`;
  }
}

const OFF_LIST_WORDS = 'no class of the dataset';
const QUADRANT_WORDS: Record<string, string> = {
  'text-only': 'right from text only',
  'image-only': 'right from the image only',
  both: 'right with and without the image',
  neither: 'wrong with and without the image',
};

function classList(names: readonly string[]): string {
  const quoted = names.map((n) => (n === OFF_LIST_WORDS || n.startsWith('several') ? n : `"${n}"`));
  if (quoted.length <= 3) return quoted.join(' or ');
  return `${quoted.slice(0, 3).join(', ')} or ${quoted.length - 3} more`;
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
    if (
      c.kind === 'misclassified' ||
      c.kind === 'failed' ||
      c.kind === 'correct' ||
      c.kind === 'result' ||
      c.kind === 'predicted' ||
      c.kind === 'severity' ||
      c.kind === 'flip'
    ) {
      return c.runId;
    }
    if (c.kind === 'quadrant') return c.imageRunId;
    if (c.kind === 'search' && c.runId !== undefined) return c.runId;
  }
  return null;
}

// ---- guard -------------------------------------------------------------------------------

/** A slice that arrived from an untrusted place (a webview message, a file) failed the check. */
export class ReviewSliceError extends Error {}

type Obj = Json;

/** Database row ids start at 1. */
const isId = (v: unknown): v is number => isShared(v) && v > 0;
const isLevel = (v: unknown): v is LabelLevel => LABEL_LEVELS.includes(v as LabelLevel);
const optBool = (v: unknown): boolean => v === undefined || typeof v === 'boolean';
/** Lists a condition may hold: long enough for a top-N "(other)" cell, small enough to stay cheap. */
const MAX_LIST = 100_000;

function stringList(v: unknown, allowNull: boolean): boolean {
  return (
    Array.isArray(v) &&
    v.length <= MAX_LIST &&
    v.every((x) => typeof x === 'string' || (allowNull && x === null))
  );
}

function conditionProblem(c: Obj): string | undefined {
  const need = (ok: boolean, what: string): string | undefined => (ok ? undefined : what);
  switch (c['kind']) {
    case 'misclassified':
      return need(isId(c['runId']) && isLevel(c['level']), 'runId and level');
    case 'failed':
      return need(isId(c['runId']) && (c['level'] === undefined || isLevel(c['level'])), 'runId (and level)');
    case 'tagged':
      return need(
        typeof c['tag'] === 'string' && (c['runId'] === undefined || isId(c['runId'])),
        'tag (and runId)',
      );
    case 'untagged':
    case 'edited-concept':
      return undefined;
    case 'unreviewed':
    case 'reviewed':
      return need(c['runId'] === undefined || isId(c['runId']), 'runId');
    case 'class':
      return need(
        typeof c['superordinate'] === 'string' &&
          (c['coarse'] === undefined || typeof c['coarse'] === 'string') &&
          (c['fine'] === undefined || typeof c['fine'] === 'string'),
        'superordinate (coarse, fine) as text',
      );
    case 'samples':
      return need(
        Array.isArray(c['sampleIds']) &&
          (c['sampleIds'] as unknown[]).length <= MAX_LIST &&
          (c['sampleIds'] as unknown[]).every(isId),
        'sampleIds (positive integers)',
      );
    case 'result':
      return need(isId(c['runId']) && isLevel(c['level']), 'runId and level');
    case 'correct':
      return need(isId(c['runId']) && isLevel(c['level']) && optBool(c['strict']), 'runId and level');
    case 'gold':
      return need(
        isLevel(c['level']) && stringList(c['classKeys'], false) && optBool(c['exclude']),
        'level and classKeys (text list)',
      );
    case 'predicted':
      return need(
        isId(c['runId']) &&
          isLevel(c['level']) &&
          stringList(c['classKeys'], true) &&
          optBool(c['exclude']) &&
          optBool(c['ambiguous']),
        'runId, level and classKeys (text or null list)',
      );
    case 'severity':
      return need(isId(c['runId']) && typeof c['severity'] === 'string', 'runId and severity');
    case 'flip':
      return need(
        isId(c['runId']) &&
          isId(c['otherRunId']) &&
          isLevel(c['level']) &&
          FLIP_DIRECTIONS.includes(c['direction'] as never),
        'runId, otherRunId, level and direction (right-to-wrong / wrong-to-right)',
      );
    case 'quadrant':
      return need(
        isId(c['imageRunId']) && isId(c['textRunId']) && MODALITY_QUADRANTS.includes(c['quadrant'] as never),
        'imageRunId, textRunId and quadrant (text-only / image-only / both / neither)',
      );
    case 'search':
      return need(
        typeof c['text'] === 'string' &&
          c['text'].trim().length > 0 &&
          c['text'].length <= SEARCH_TEXT_MAX &&
          (c['runId'] === undefined || isId(c['runId'])),
        `text (1..${SEARCH_TEXT_MAX} characters) and runId`,
      );
    default:
      return `a known kind (got ${JSON.stringify(c['kind'])})`;
  }
}

/**
 * Checks a slice from an untrusted place and returns it typed; throws ReviewSliceError naming
 * the condition and the field that is wrong. Kinds this core does not know are refused.
 */
export function parseReviewSlice(value: unknown): ReviewSlice {
  if (!isObject(value)) throw new ReviewSliceError('A review slice must be an object.');
  if (!isId(value['datasetId']))
    throw new ReviewSliceError('A review slice needs datasetId (a positive integer).');
  const conditions = value['conditions'];
  if (!Array.isArray(conditions)) throw new ReviewSliceError('A review slice needs conditions (a list).');
  conditions.forEach((c: unknown, i) => {
    if (!isObject(c)) throw new ReviewSliceError(`Condition ${i + 1} of the slice is not an object.`);
    const problem = conditionProblem(c);
    if (problem !== undefined) {
      throw new ReviewSliceError(`Condition ${i + 1} (${String(c['kind'])}) of the slice needs ${problem}.`);
    }
  });
  return { datasetId: value['datasetId'], conditions: conditions as ReviewCondition[] };
}
