// Means of FINER scores per label level and per class, on a 0-1 scale.
import { LABEL_LEVELS, type LabelLevel } from '../model';
import type { FinerScores } from './finerMetrics';

export interface ScoreMeans extends FinerScores {
  count: number;
}

/** Compensated (Neumaier) sum so that means over 100k samples stay exact to ~1e-15. */
class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}

/** Running mean of the three FINER metrics. */
export class ScoreAccumulator {
  private readonly finerEm = new CompensatedSum();
  private readonly strictEm = new CompensatedSum();
  private readonly f1 = new CompensatedSum();
  private n = 0;

  add(scores: FinerScores): void {
    this.finerEm.add(scores.finerEm);
    this.strictEm.add(scores.strictEm);
    this.f1.add(scores.f1);
    this.n++;
  }

  get count(): number {
    return this.n;
  }

  /** Means, or null when nothing was added (a mean of nothing is not 0). */
  means(): ScoreMeans | null {
    if (this.n === 0) return null;
    return {
      count: this.n,
      finerEm: this.finerEm.value / this.n,
      strictEm: this.strictEm.value / this.n,
      f1: this.f1.value / this.n,
    };
  }
}

export interface ScoredSample {
  level: LabelLevel;
  /** The class the sample belongs to, usually its first fine label. */
  classLabel: string;
  scores: FinerScores;
}

export interface ScoreBreakdown {
  byLevel: Record<LabelLevel, ScoreMeans | null>;
  /** Per level, per class, classes sorted by name. */
  byClass: Record<LabelLevel, { classLabel: string; means: ScoreMeans }[]>;
}

/** Groups scored samples by level and by class and averages each group. */
export function aggregateScores(samples: Iterable<ScoredSample>): ScoreBreakdown {
  const levels = LABEL_LEVELS;
  const perLevel = new Map<LabelLevel, ScoreAccumulator>(levels.map((l) => [l, new ScoreAccumulator()]));
  const perClass = new Map<LabelLevel, Map<string, ScoreAccumulator>>(levels.map((l) => [l, new Map()]));
  for (const s of samples) {
    perLevel.get(s.level)?.add(s.scores);
    const classes = perClass.get(s.level);
    if (classes === undefined) continue;
    let acc = classes.get(s.classLabel);
    if (acc === undefined) {
      acc = new ScoreAccumulator();
      classes.set(s.classLabel, acc);
    }
    acc.add(s.scores);
  }
  const byLevel = {} as Record<LabelLevel, ScoreMeans | null>;
  const byClass = {} as Record<LabelLevel, { classLabel: string; means: ScoreMeans }[]>;
  for (const level of levels) {
    byLevel[level] = perLevel.get(level)?.means() ?? null;
    const rows: { classLabel: string; means: ScoreMeans }[] = [];
    for (const [classLabel, acc] of perClass.get(level) ?? []) {
      const means = acc.means();
      if (means !== null) rows.push({ classLabel, means });
    }
    rows.sort((a, b) => (a.classLabel < b.classLabel ? -1 : a.classLabel > b.classLabel ? 1 : 0));
    byClass[level] = rows;
  }
  return { byLevel, byClass };
}
