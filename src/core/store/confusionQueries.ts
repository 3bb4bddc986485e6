// Read-side aggregates over the resolved answers of a run (schema 6): accuracy per gold class at a
// level, the most frequent (gold -> predicted class) confusions, and the severity of wrong fine
// answers. Used by `finer-lens runs` and meant for the run dashboard.
import type { LabelLevel } from '../model';
import { MISTAKE_SEVERITIES, type MistakeSeverity } from '../scoring/classResolution';
import type { DurableDatabase } from './durableDatabase';
import type { Row } from './statementCache';

/** The `samples` column holding a sample's class key at each level. */
export const GOLD_CLASS_COLUMN: Record<LabelLevel, 'superordinate' | 'coarse_primary' | 'fine_primary'> = {
  superordinate: 'superordinate',
  coarse: 'coarse_primary',
  fine: 'fine_primary',
};

/** Shown as the predicted side of a confusion when the answer names no single class. */
export const OFF_LIST = '(off-list)';
export const AMBIGUOUS = '(ambiguous)';

export interface ClassAccuracy {
  level: LabelLevel;
  /** The gold class (its primary label at `level`). */
  classKey: string;
  /** Results stored for samples of the class (errors included). */
  n: number;
  scored: number;
  errors: number;
  /** Means over scored results; null when none was scored. */
  finerEm: number | null;
  strictEm: number | null;
}

function mean(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/** Accuracy per gold class at `level`, worst FINER EM first (then by name). */
export function classAccuracy(db: DurableDatabase, runId: number, level: LabelLevel): ClassAccuracy[] {
  const col = GOLD_CLASS_COLUMN[level];
  return db
    .all<Row>(
      `SELECT s.${col} AS gold, count(*) AS n, sum(p.error IS NOT NULL) AS errors,
         sum(p.finer_em IS NOT NULL) AS scored, avg(p.finer_em) AS finer_em, avg(p.strict_em) AS strict_em
       FROM predictions p JOIN samples s ON s.id = p.sample_id
       WHERE p.run_id = ? AND p.level = ? AND p.stage = 'done'
       GROUP BY s.${col} ORDER BY avg(p.finer_em) IS NULL, avg(p.finer_em), s.${col}`,
      [runId, level],
    )
    .map((r) => ({
      level,
      classKey: String(r['gold']),
      n: Number(r['n']),
      scored: Number(r['scored']),
      errors: Number(r['errors']),
      finerEm: mean(r['finer_em']),
      strictEm: mean(r['strict_em']),
    }));
}

export interface ConfusionPair {
  level: LabelLevel;
  gold: string;
  /** The class the answer resolves to, or OFF_LIST / AMBIGUOUS. */
  predicted: string;
  count: number;
}

/**
 * Wrong answers (FINER EM 0) at `level` grouped by (gold class, predicted class), most frequent
 * first. An answer resolving to its own gold class is not a confusion and is left out.
 */
export function confusionPairs(
  db: DurableDatabase,
  runId: number,
  level: LabelLevel,
  limit = -1,
): ConfusionPair[] {
  const col = GOLD_CLASS_COLUMN[level];
  return db
    .all<Row>(
      `SELECT s.${col} AS gold,
         CASE WHEN p.resolved_class IS NOT NULL THEN p.resolved_class
              WHEN p.resolution_rule = 'ambiguous' THEN ? ELSE ? END AS predicted,
         count(*) AS n
       FROM predictions p JOIN samples s ON s.id = p.sample_id
       WHERE p.run_id = ? AND p.level = ? AND p.stage = 'done' AND p.finer_em = 0
         AND p.resolution_rule IS NOT NULL AND (p.resolved_class IS NULL OR p.resolved_class <> s.${col})
       GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?`,
      [AMBIGUOUS, OFF_LIST, runId, level, limit],
    )
    .map((r) => ({
      level,
      gold: String(r['gold']),
      predicted: String(r['predicted']),
      count: Number(r['n']),
    }));
}

export type SeverityCounts = Record<MistakeSeverity, number>;

export interface SeverityBreakdown {
  /** Scored fine answers that FINER EM counts wrong. */
  wrong: number;
  counts: SeverityCounts;
}

/** How wrong the wrong fine answers of a run are (sibling, cousin, other, off-list, ambiguous). */
export function severityBreakdown(db: DurableDatabase, runId: number): SeverityBreakdown {
  const counts = Object.fromEntries(MISTAKE_SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  let wrong = 0;
  for (const r of db.all<Row>(
    `SELECT mistake_severity AS severity, count(*) AS n FROM predictions
     WHERE run_id = ? AND level = 'fine' AND stage = 'done' AND finer_em = 0 GROUP BY 1`,
    [runId],
  )) {
    const n = Number(r['n']);
    wrong += n;
    const severity = r['severity'];
    if (typeof severity === 'string' && severity in counts) counts[severity as MistakeSeverity] += n;
  }
  return { wrong, counts };
}

/** A final result with its scores and resolution, without prompt or raw response (for exports). */
export interface ResolvedPrediction {
  sampleId: number;
  level: LabelLevel;
  answer: string | null;
  finerEm: number | null;
  strictEm: number | null;
  f1: number | null;
  error: string | null;
  resolvedClass: string | null;
  resolutionRule: string | null;
  mistakeSeverity: string | null;
}

export function resolvedPredictions(db: DurableDatabase, runId: number): ResolvedPrediction[] {
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return db
    .all<Row>(
      `SELECT sample_id, level, answer, finer_em, strict_em, f1, error, resolved_class, resolution_rule,
         mistake_severity FROM predictions WHERE run_id = ? AND stage = 'done' ORDER BY sample_id, level`,
      [runId],
    )
    .map((r) => ({
      sampleId: Number(r['sample_id']),
      level: String(r['level']) as LabelLevel,
      answer: text(r['answer']),
      finerEm: mean(r['finer_em']),
      strictEm: mean(r['strict_em']),
      f1: mean(r['f1']),
      error: text(r['error']),
      resolvedClass: text(r['resolved_class']),
      resolutionRule: text(r['resolution_rule']),
      mistakeSeverity: text(r['mistake_severity']),
    }));
}
