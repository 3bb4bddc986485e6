// SQL of the review conditions behind the failure map's numbers (result, correct, gold, predicted,
// severity, flip, quadrant): each is an expression over sample row `s`, so a slice built from them
// counts exactly the samples its number counts. Used by reviewQueries.ts's slice query.
import type { ReviewCondition } from '../model';
import { GOLD_CLASS_COLUMN } from './confusionQueries';
import type { SqlParam } from './journal';

/** A final result of prediction row `p` that missed: failed, or FINER EM 0. */
const MISSED_P = `(p.error IS NOT NULL OR p.finer_em = 0)`;

/** A final result of run `?` at level `?` for sample `s`, with `where` on its row `p`. */
function resultExists(where: string): string {
  return `EXISTS (SELECT 1 FROM predictions p WHERE p.run_id = ? AND p.level = ? AND p.sample_id = s.id
    AND p.stage = 'done' AND ${where})`;
}

/** `p.resolved_class` matches the list (null = off-list; `ambiguous` adds ambiguous answers). */
function predictedMatch(
  classKeys: readonly (string | null)[],
  ambiguous: boolean,
  params: SqlParam[],
): string {
  const keys = classKeys.filter((k): k is string => typeof k === 'string');
  const parts: string[] = [];
  if (keys.length > 0) {
    parts.push('p.resolved_class IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(keys));
  }
  if (classKeys.includes(null)) parts.push(`(p.resolved_class IS NULL AND p.resolution_rule = 'off-list')`);
  if (ambiguous) parts.push(`(p.resolved_class IS NULL AND p.resolution_rule = 'ambiguous')`);
  return parts.length === 0 ? '0' : `(${parts.join(' OR ')})`;
}

/** The SQL of an analysis condition, or undefined for the other kinds. */
export function analysisConditionSql(c: ReviewCondition, params: SqlParam[]): string | undefined {
  switch (c.kind) {
    case 'result':
      params.push(c.runId, c.level);
      return resultExists('1');
    case 'correct':
      params.push(c.runId, c.level);
      return resultExists(c.strict === true ? 'p.strict_em = 1' : 'p.finer_em = 1');
    case 'gold': {
      params.push(JSON.stringify(c.classKeys));
      const inList = `s.${GOLD_CLASS_COLUMN[c.level]} IN (SELECT value FROM json_each(?))`;
      return c.exclude === true ? `NOT ${inList}` : inList;
    }
    case 'predicted': {
      // resultExists's two parameters come first in the text, the match's list after them.
      params.push(c.runId, c.level);
      const match = predictedMatch(c.classKeys, c.ambiguous === true, params);
      return resultExists(
        `p.error IS NULL AND p.resolution_rule IS NOT NULL AND ${c.exclude === true ? `NOT ${match}` : match}`,
      );
    }
    case 'severity':
      params.push(c.runId, 'fine', c.severity);
      return resultExists('p.finer_em = 0 AND p.mistake_severity = ?');
    case 'flip': {
      const [first, second] =
        c.direction === 'right-to-wrong' ? ['p.finer_em = 1', MISSED_P] : [MISSED_P, 'p.finer_em = 1'];
      params.push(c.runId, c.level, c.otherRunId, c.level);
      return `(${resultExists(first)} AND ${resultExists(second)})`;
    }
    case 'quadrant': {
      const right = 'p.finer_em = 1';
      // An error (finer_em NULL) is wrong.
      const wrong = 'ifnull(p.finer_em, 0) <> 1';
      const [image, text] =
        c.quadrant === 'text-only'
          ? [wrong, right]
          : c.quadrant === 'image-only'
            ? [right, wrong]
            : c.quadrant === 'both'
              ? [right, right]
              : [wrong, wrong];
      params.push(c.imageRunId, 'fine', c.textRunId, 'fine');
      return `(${resultExists(image)} AND ${resultExists(text)})`;
    }
    default:
      return undefined;
  }
}
