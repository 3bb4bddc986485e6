// Verdicts on attributes: per generated attribute supported / contradicted / unsupported /
// generic, per reference attribute mentioned / contradicted / missed, each with a score, the
// matched attribute on the other side, a human reason and the matcher that decided. Built
// from per-pair judgements that every matcher (structured, token, embedding, judge) supplies.

export type GeneratedVerdict = 'supported' | 'contradicted' | 'unsupported' | 'generic';
export type ReferenceVerdict = 'mentioned' | 'contradicted' | 'missed';
export const GENERATED_VERDICTS: readonly GeneratedVerdict[] = [
  'supported',
  'contradicted',
  'unsupported',
  'generic',
];
export const REFERENCE_VERDICTS: readonly ReferenceVerdict[] = ['mentioned', 'contradicted', 'missed'];

/** What one matcher says of one (generated, reference) pair. */
export interface PairJudgement {
  relation: 'supports' | 'contradicts' | 'unrelated';
  /** 0..1; for 'supports' how close, for the others how related. */
  score: number;
  reason: string;
  /**
   * 'indirect' when the evidence is about another part (the colour of the whole body, a
   * containing part): a direct judgement on the same part outranks it.
   */
  strength?: 'direct' | 'indirect';
}

export interface PairwiseJudgements {
  /** `pairs[g][r]`: generated g against reference r. */
  pairs: PairJudgement[][];
  /** Per generated attribute: the reason it is generic, or null. */
  generic: (string | null)[];
}

export interface VerdictMatch {
  text: string;
  /** Position in the combined reference list (or generated list). */
  index: number;
  score: number;
}

export interface GeneratedAttributeVerdict {
  text: string;
  verdict: GeneratedVerdict;
  score: number;
  match: VerdictMatch | null;
  reason: string;
  matcherId: string;
}

export interface ReferenceAttributeVerdict {
  text: string;
  verdict: ReferenceVerdict;
  score: number;
  match: VerdictMatch | null;
  reason: string;
  matcherId: string;
}

export interface AttributeVerdicts {
  matcherId: string;
  generated: GeneratedAttributeVerdict[];
  reference: ReferenceAttributeVerdict[];
}

/** Ranks: direct support, direct contradiction, indirect support, indirect contradiction. */
const RANKS: readonly (readonly [PairJudgement['relation'], 'direct' | 'indirect'])[] = [
  ['supports', 'direct'],
  ['contradicts', 'direct'],
  ['supports', 'indirect'],
  ['contradicts', 'indirect'],
];

/** Picks the verdicts from per-pair judgements, by the ranks above, then by score. */
export function verdictsFromPairs(
  generated: readonly string[],
  reference: readonly string[],
  judgements: PairwiseJudgements,
  matcherId: string,
): AttributeVerdicts {
  const pair = (g: number, r: number): PairJudgement =>
    judgements.pairs[g]?.[r] ?? { relation: 'unrelated', score: 0, reason: '' };
  type Candidate = { index: number; j: PairJudgement };
  const best = (
    candidates: readonly Candidate[],
    relation: PairJudgement['relation'],
    strength?: 'direct' | 'indirect',
  ): Candidate | undefined => {
    let found: Candidate | undefined;
    for (const c of candidates) {
      if (c.j.relation !== relation) continue;
      if (strength !== undefined && (c.j.strength ?? 'direct') !== strength) continue;
      if (found === undefined || c.j.score > found.j.score) found = c;
    }
    return found;
  };
  const ranked = (candidates: readonly Candidate[]): Candidate | undefined => {
    for (const [relation, strength] of RANKS) {
      const hit = best(candidates, relation, strength);
      if (hit) return hit;
    }
    return undefined;
  };
  const generatedOut = generated.map((text, g): GeneratedAttributeVerdict => {
    const genericReason = judgements.generic[g] ?? null;
    const row = reference.map((_, r) => ({ index: r, j: pair(g, r) }));
    if (genericReason !== null) {
      return { text, verdict: 'generic', score: 0, match: null, reason: genericReason, matcherId };
    }
    const hit = ranked(row);
    if (hit) {
      const verdict = hit.j.relation === 'supports' ? 'supported' : 'contradicted';
      const match = { text: reference[hit.index] ?? '', index: hit.index, score: hit.j.score };
      return { text, verdict, score: hit.j.score, match, reason: hit.j.reason, matcherId };
    }
    const closest = best(row, 'unrelated');
    const reason =
      closest && closest.j.reason !== '' && closest.j.score > 0
        ? closest.j.reason
        : 'nothing in the reference describes this';
    const match =
      closest && closest.j.score > 0
        ? { text: reference[closest.index] ?? '', index: closest.index, score: closest.j.score }
        : null;
    return { text, verdict: 'unsupported', score: closest?.j.score ?? 0, match, reason, matcherId };
  });
  const referenceOut = reference.map((text, r): ReferenceAttributeVerdict => {
    const column = generated
      .map((_, g) => ({ index: g, j: pair(g, r) }))
      .filter((c) => (judgements.generic[c.index] ?? null) === null);
    const hit = ranked(column);
    if (hit) {
      const verdict = hit.j.relation === 'supports' ? 'mentioned' : 'contradicted';
      const match = { text: generated[hit.index] ?? '', index: hit.index, score: hit.j.score };
      return { text, verdict, score: hit.j.score, match, reason: hit.j.reason, matcherId };
    }
    const closest = best(column, 'unrelated');
    const match =
      closest && closest.j.score > 0
        ? { text: generated[closest.index] ?? '', index: closest.index, score: closest.j.score }
        : null;
    return {
      text,
      verdict: 'missed',
      score: closest?.j.score ?? 0,
      match,
      reason: 'no generated attribute describes this',
      matcherId,
    };
  });
  return { matcherId, generated: generatedOut, reference: referenceOut };
}
