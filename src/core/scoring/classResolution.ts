// Which class of its dataset an answer names: normalized equality with an acceptable label of a
// class, else the longest class label found in the answer as whole words, else "off-list".
// Also the severity of a wrong fine answer (sibling / cousin / other / off-list / ambiguous).
// The rule is documented in docs/runs.md ("Answers mapped to classes").
import type { LabelLevel } from '../model';
import { normalizedTokens } from './answerNormalization';
import type { LevelLabels } from './finerMetrics';

/** How an answer was mapped: `exact` = normalized equality, `contains` = longest label inside it. */
export type ResolutionRule = 'exact' | 'contains' | 'ambiguous' | 'off-list';
export const RESOLUTION_RULES: readonly ResolutionRule[] = ['exact', 'contains', 'ambiguous', 'off-list'];

/** A wrong fine answer: another fine class of the same coarse group, of the same superordinate, … */
export type MistakeSeverity = 'sibling' | 'cousin' | 'other' | 'off-list' | 'ambiguous';
export const MISTAKE_SEVERITIES: readonly MistakeSeverity[] = [
  'sibling',
  'cousin',
  'other',
  'off-list',
  'ambiguous',
];

export interface ClassResolution {
  /** The class's key at the prediction's level (its primary label, as in the tree); null when none. */
  classKey: string | null;
  rule: ResolutionRule;
}

/** Where a sample (or a fine class) sits: primary labels per level, as stored in `samples`. */
export interface ClassPathKey {
  superordinate: string;
  coarse: string;
  fine: string;
}

/** Like FINER EM, containment looks at the first 20 normalized answer words. */
const ANSWER_HEAD_TOKENS = 20;
/** A sample's primary label for an empty list (the tree's "(none)"). */
const NONE = '(none)';

function primaryOf(list: readonly string[]): string {
  return list[0] ?? NONE;
}

/** The primary-label path of a sample's labels (the columns `*_primary` of `samples`). */
export function classPathOf(labels: LevelLabels): ClassPathKey {
  return {
    superordinate: labels.superordinate,
    coarse: primaryOf(labels.coarse),
    fine: primaryOf(labels.fine),
  };
}

interface LevelTable {
  /** Normalized label text -> keys of the classes (at this level) that accept it. */
  byText: Map<string, Set<string>>;
  /** Token count of the longest label, so containment tries no longer n-grams. */
  maxTokens: number;
}

function newTable(): LevelTable {
  return { byText: new Map(), maxTokens: 0 };
}

function addLabel(table: LevelTable, label: string, classKey: string): void {
  const tokens = normalizedTokens(label);
  if (tokens.length === 0) return;
  const text = tokens.join(' ');
  let keys = table.byText.get(text);
  if (keys === undefined) {
    keys = new Set();
    table.byText.set(text, keys);
  }
  keys.add(classKey);
  table.maxTokens = Math.max(table.maxTokens, tokens.length);
}

/**
 * The classes of one dataset at every level, built from the distinct label sets of its samples.
 * A class at a level is identified by its primary label there (`superordinate`, `coarse_primary`,
 * `fine_primary`). An answer at a level may name a more specific class (the scorer accepts that):
 * a fine label then resolves to its coarse group or superordinate.
 */
export class ClassIndex {
  private readonly tables: Record<LabelLevel, LevelTable> = {
    superordinate: newTable(),
    coarse: newTable(),
    fine: newTable(),
  };
  /** Fine class key -> the (superordinate, coarse) pairs it occurs under, as "super\u0000coarse". */
  private readonly fineParents = new Map<string, Set<string>>();
  private classCount = 0;

  static fromLabelSets(labelSets: Iterable<LevelLabels>): ClassIndex {
    const index = new ClassIndex();
    for (const labels of labelSets) index.add(labels);
    return index;
  }

  /** Adds the classes a sample's labels name (idempotent for repeated label sets). */
  add(labels: LevelLabels): void {
    const path = classPathOf(labels);
    const { superordinate, coarse, fine } = this.tables;
    addLabel(superordinate, labels.superordinate, path.superordinate);
    for (const label of labels.coarse) {
      addLabel(coarse, label, path.coarse);
      addLabel(superordinate, label, path.superordinate);
    }
    for (const label of labels.fine) {
      addLabel(fine, label, path.fine);
      addLabel(coarse, label, path.coarse);
      addLabel(superordinate, label, path.superordinate);
    }
    if (labels.fine.length > 0) {
      let parents = this.fineParents.get(path.fine);
      if (parents === undefined) {
        parents = new Set();
        this.fineParents.set(path.fine, parents);
        this.classCount++;
      }
      parents.add(`${path.superordinate}\u0000${path.coarse}`);
    }
  }

  /** Number of distinct fine classes. */
  get fineClassCount(): number {
    return this.classCount;
  }

  /** Maps an extracted answer (not yet normalized) to a class at `level`. */
  resolve(answer: string, level: LabelLevel): ClassResolution {
    return this.resolveTokens(normalizedTokens(answer), level);
  }

  resolveTokens(tokens: readonly string[], level: LabelLevel): ClassResolution {
    const table = this.tables[level];
    if (tokens.length === 0) return { classKey: null, rule: 'off-list' };
    const exact = table.byText.get(tokens.join(' '));
    if (exact !== undefined) return single(exact, 'exact');
    // Containment: the longest label that occurs in the answer head as a run of whole words.
    const head = tokens.length > ANSWER_HEAD_TOKENS ? tokens.slice(0, ANSWER_HEAD_TOKENS) : tokens;
    for (let n = Math.min(table.maxTokens, head.length); n >= 1; n--) {
      let found: Set<string> | undefined;
      for (let start = 0; start + n <= head.length; start++) {
        const keys = table.byText.get(head.slice(start, start + n).join(' '));
        if (keys === undefined) continue;
        found ??= new Set();
        for (const k of keys) found.add(k);
      }
      if (found !== undefined) return single(found, 'contains');
    }
    return { classKey: null, rule: 'off-list' };
  }

  /**
   * Severity of a wrong fine answer resolved as `resolution`, for a sample at `gold`.
   * Undefined when the answer resolves to the gold class itself (not a confusion).
   */
  severity(gold: ClassPathKey, resolution: ClassResolution): MistakeSeverity | undefined {
    if (resolution.rule === 'ambiguous') return 'ambiguous';
    const key = resolution.classKey;
    if (key === null) return 'off-list';
    if (key === gold.fine) return undefined;
    const parents = this.fineParents.get(key);
    if (parents === undefined) return 'other';
    let sameSuper = false;
    for (const p of parents) {
      const [superordinate, coarse] = p.split('\u0000');
      if (superordinate === gold.superordinate) {
        if (coarse === gold.coarse) return 'sibling';
        sameSuper = true;
      }
    }
    return sameSuper ? 'cousin' : 'other';
  }
}

function single(keys: Set<string>, rule: 'exact' | 'contains'): ClassResolution {
  if (keys.size === 1) return { classKey: keys.values().next().value ?? null, rule };
  return { classKey: null, rule: 'ambiguous' };
}

/** What is stored with a prediction (columns `resolved_class`, `resolution_rule`, `mistake_severity`). */
export interface StoredResolution {
  resolvedClass: string | null;
  resolutionRule: ResolutionRule | null;
  mistakeSeverity: MistakeSeverity | null;
}

export const NO_RESOLUTION: StoredResolution = {
  resolvedClass: null,
  resolutionRule: null,
  mistakeSeverity: null,
};

/**
 * The resolution of one scored prediction. Failed or unanswered predictions get none; the
 * severity is set only for a fine answer scored wrong by FINER EM.
 */
export function resolvePrediction(
  index: ClassIndex,
  prediction: { level: LabelLevel; answer: string | null; finerEm: number | null; error: string | null },
  gold: ClassPathKey | undefined,
): StoredResolution {
  if (prediction.answer === null || prediction.error !== null || prediction.finerEm === null) {
    return NO_RESOLUTION;
  }
  const resolution = index.resolve(prediction.answer, prediction.level);
  const severity =
    prediction.level === 'fine' && prediction.finerEm === 0 && gold !== undefined
      ? index.severity(gold, resolution)
      : undefined;
  return {
    resolvedClass: resolution.classKey,
    resolutionRule: resolution.rule,
    mistakeSeverity: severity ?? null,
  };
}
