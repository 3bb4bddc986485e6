// Puts the reference attributes of the predicted (wrong) class beside those of the gold
// class: what they share and what tells them apart. Pure.
import type { AttributeKind, Concept } from '../model';
import { normalizeAnswer } from '../scoring/answerNormalization';
import type { AttributeMatcher } from './attributeMatching';

export interface SharedAttribute {
  gold: string;
  predicted: string;
  score: number;
}

export interface UnsharedAttribute {
  text: string;
  /** Closest attribute on the other side, below the threshold (or absent). */
  closest?: { text: string; score: number };
}

export interface KindDiff {
  shared: SharedAttribute[];
  onlyGold: UnsharedAttribute[];
  onlyPredicted: UnsharedAttribute[];
}

export interface ClassAttributeDiff {
  gold: { conceptId: number; name: string };
  predicted: { conceptId: number; name: string };
  matcherId: string;
  threshold: number;
  required: KindDiff;
  likely: KindDiff;
}

/** Greedy one-to-one pairing of gold and predicted attributes by descending match score. */
function diffLists(
  gold: readonly string[],
  predicted: readonly string[],
  matcher: AttributeMatcher,
): KindDiff {
  const pairs: { g: number; p: number; score: number }[] = [];
  gold.forEach((gt, g) => predicted.forEach((pt, p) => pairs.push({ g, p, score: matcher.score(pt, gt) })));
  pairs.sort((x, y) => y.score - x.score || x.g - y.g || x.p - y.p);
  const goldUsed = new Map<number, number>();
  const predUsed = new Set<number>();
  const shared: SharedAttribute[] = [];
  for (const pair of pairs) {
    if (pair.score < matcher.threshold) break;
    if (goldUsed.has(pair.g) || predUsed.has(pair.p)) continue;
    goldUsed.set(pair.g, pair.p);
    predUsed.add(pair.p);
  }
  gold.forEach((text, g) => {
    const p = goldUsed.get(g);
    if (p !== undefined) {
      shared.push({
        gold: text,
        predicted: predicted[p] ?? '',
        score: matcher.score(predicted[p] ?? '', text),
      });
    }
  });
  const closest = (scores: { text: string; score: number }[]): UnsharedAttribute['closest'] => {
    const best = scores.filter((s) => s.score > 0).sort((a, b) => b.score - a.score)[0];
    return best;
  };
  const onlyGold = gold
    .filter((_, g) => !goldUsed.has(g))
    .map((text) => {
      const c = closest(predicted.map((p) => ({ text: p, score: matcher.score(p, text) })));
      return c ? { text, closest: c } : { text };
    });
  const onlyPredicted = predicted
    .filter((_, p) => !predUsed.has(p))
    .map((text) => {
      const c = closest(gold.map((g) => ({ text: g, score: matcher.score(text, g) })));
      return c ? { text, closest: c } : { text };
    });
  return { shared, onlyGold, onlyPredicted };
}

export function diffClassAttributes(
  gold: Concept,
  predicted: Concept,
  matcher: AttributeMatcher,
): ClassAttributeDiff {
  const kinds: AttributeKind[] = ['required', 'likely'];
  const [required, likely] = kinds.map((kind) => diffLists(gold[kind], predicted[kind], matcher)) as [
    KindDiff,
    KindDiff,
  ];
  return {
    gold: { conceptId: gold.id, name: gold.name },
    predicted: { conceptId: predicted.id, name: predicted.name },
    matcherId: matcher.id,
    threshold: matcher.threshold,
    required,
    likely,
  };
}

/**
 * The concept a predicted answer names: normalized equality (scoring's normalizeAnswer) with a
 * concept's name or common name, then the same with spaces ignored, because normalization
 * joins hyphenated words ("slate-crowned" -> "slatecrowned") while models often write a space.
 * Undefined when the answer names none of them.
 */
export function findPredictedConcept(answer: string, concepts: readonly Concept[]): Concept | undefined {
  const wanted = normalizeAnswer(answer);
  if (wanted === '') return undefined;
  const names = (c: Concept): string[] =>
    [c.name, ...(c.commonName !== null ? [c.commonName] : [])].map(normalizeAnswer);
  const exact = concepts.find((c) => names(c).includes(wanted));
  if (exact) return exact;
  const compact = (s: string): string => s.replace(/\s+/g, '');
  return concepts.find((c) => names(c).some((n) => compact(n) === compact(wanted)));
}
