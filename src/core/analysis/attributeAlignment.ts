// Lines up the attributes a model said it sees (ATTRSEEK turn 1) with a concept's reference
// attributes: each reference attribute mentioned, contradicted or missed; each generated one
// supported, contradicted, unsupported (possible hallucination) or generic, with the reason
// and the matcher that decided. Pure apart from the matcher it is given.
import type { AttributeKind } from '../model';
import type { AsyncAttributeMatcher, AttributeMatcher } from './attributeMatching';
import {
  verdictsFromPairs,
  type AttributeVerdicts,
  type GeneratedVerdict,
  type PairwiseJudgements,
  type ReferenceVerdict,
} from './attributeVerdicts';
import { scoreMatcherAsPairwise, type PairwiseMatcher, type SyncPairwiseMatcher } from './pairwiseMatchers';
import type { MatchDomain } from './partVocabulary';

export interface ReferenceAttributes {
  required: readonly string[];
  likely: readonly string[];
}

export interface BestMatch {
  text: string;
  index: number;
  score: number;
}

export interface ReferenceAlignment {
  text: string;
  kind: AttributeKind;
  status: ReferenceVerdict;
  /** Best generated attribute, also when below the threshold (shown as "closest"). */
  best?: BestMatch;
  reason: string;
  matcherId: string;
}

export interface GeneratedAlignment {
  text: string;
  status: GeneratedVerdict;
  best?: BestMatch & { kind: AttributeKind };
  reason: string;
  matcherId: string;
}

export interface AlignmentSummary {
  requiredTotal: number;
  requiredMentioned: number;
  /** requiredMentioned / requiredTotal; undefined with no required attributes. */
  requiredRecall: number | undefined;
  likelyTotal: number;
  likelyMentioned: number;
  /** Reference attributes a generated one contradicts. */
  referenceContradicted: number;
  generatedTotal: number;
  generatedSupported: number;
  generatedContradicted: number;
  generatedUnsupported: number;
  /** Generic attributes ("two wings") count neither for nor against precision. */
  generatedGeneric: number;
  /** generatedSupported / (generatedTotal - generatedGeneric); undefined when that is 0. */
  precision: number | undefined;
}

export interface AttributeAlignment {
  matcherId: string;
  threshold: number;
  reference: ReferenceAlignment[];
  generated: GeneratedAlignment[];
  summary: AlignmentSummary;
}

interface ReferenceItem {
  text: string;
  kind: AttributeKind;
}

function referenceItems(reference: ReferenceAttributes): ReferenceItem[] {
  return [
    ...reference.required.map((text) => ({ text, kind: 'required' as const })),
    ...reference.likely.map((text) => ({ text, kind: 'likely' as const })),
  ];
}

type AnyMatcher = AttributeMatcher | AsyncAttributeMatcher | PairwiseMatcher;

const isPairwise = (m: AnyMatcher): m is PairwiseMatcher => 'judgeAll' in m;
const thresholdOf = (m: AnyMatcher): number => ('threshold' in m ? m.threshold : 0.5);

/** Aligns with a synchronous matcher: a score matcher (token) or a pairwise one (structured). */
export function alignAttributes(
  generated: readonly string[],
  reference: ReferenceAttributes,
  matcher: AttributeMatcher | SyncPairwiseMatcher,
  domain: MatchDomain = 'generic',
): AttributeAlignment {
  const refs = referenceItems(reference);
  const pairwise = isPairwise(matcher) ? matcher : scoreMatcherAsPairwise(matcher);
  const judgements = pairwise.judgeAll(
    generated,
    refs.map((r) => r.text),
    domain,
  );
  return alignFromJudgements(generated, refs, judgements, pairwise.id, thresholdOf(matcher));
}

/** Aligns with any matcher, also one that calls out (embeddings, an LLM judge). */
export async function alignAttributesAsync(
  generated: readonly string[],
  reference: ReferenceAttributes,
  matcher: AnyMatcher,
  domain: MatchDomain = 'generic',
): Promise<AttributeAlignment> {
  const refs = referenceItems(reference);
  const texts = refs.map((r) => r.text);
  let judgements: PairwiseJudgements;
  if (isPairwise(matcher)) {
    judgements = await matcher.judgeAll(generated, texts, domain);
  } else {
    const pairs = [];
    for (const g of generated) {
      const scores = await Promise.all(texts.map((r) => matcher.score(g, r)));
      pairs.push(
        scores.map((score) => ({
          relation: score >= matcher.threshold ? ('supports' as const) : ('unrelated' as const),
          score,
          reason: `${matcher.id} score ${score.toFixed(2)} ${score >= matcher.threshold ? '≥' : '<'} ${matcher.threshold}`,
        })),
      );
    }
    judgements = { pairs, generic: generated.map(() => null) };
  }
  return alignFromJudgements(generated, refs, judgements, matcher.id, thresholdOf(matcher));
}

function alignFromJudgements(
  generated: readonly string[],
  refs: readonly ReferenceItem[],
  judgements: PairwiseJudgements,
  matcherId: string,
  threshold: number,
): AttributeAlignment {
  const verdicts: AttributeVerdicts = verdictsFromPairs(
    generated,
    refs.map((r) => r.text),
    judgements,
    matcherId,
  );
  const requiredCount = refs.filter((r) => r.kind === 'required').length;
  const reference: ReferenceAlignment[] = verdicts.reference.map((v, r) => ({
    text: v.text,
    kind: refs[r]?.kind ?? 'required',
    status: v.verdict,
    ...(v.match ? { best: { text: v.match.text, index: v.match.index, score: v.match.score } } : {}),
    reason: v.reason,
    matcherId: v.matcherId,
  }));
  // `best.index` is the position within the reference list of its kind.
  const generatedOut: GeneratedAlignment[] = verdicts.generated.map((v) => {
    const kind = v.match ? (refs[v.match.index]?.kind ?? 'required') : 'required';
    return {
      text: v.text,
      status: v.verdict,
      ...(v.match
        ? {
            best: {
              text: v.match.text,
              index: kind === 'required' ? v.match.index : v.match.index - requiredCount,
              score: v.match.score,
              kind,
            },
          }
        : {}),
      reason: v.reason,
      matcherId: v.matcherId,
    };
  });
  const count = (kind: AttributeKind, mentioned: boolean): number =>
    reference.filter((r) => r.kind === kind && (!mentioned || r.status === 'mentioned')).length;
  const generatedWith = (status: GeneratedVerdict): number =>
    generatedOut.filter((g) => g.status === status).length;
  const requiredTotal = count('required', false);
  const requiredMentioned = count('required', true);
  const generatedGeneric = generatedWith('generic');
  const judged = generatedOut.length - generatedGeneric;
  const generatedSupported = generatedWith('supported');
  return {
    matcherId,
    threshold,
    reference,
    generated: generatedOut,
    summary: {
      requiredTotal,
      requiredMentioned,
      requiredRecall: requiredTotal === 0 ? undefined : requiredMentioned / requiredTotal,
      likelyTotal: count('likely', false),
      likelyMentioned: count('likely', true),
      referenceContradicted: reference.filter((r) => r.status === 'contradicted').length,
      generatedTotal: generatedOut.length,
      generatedSupported,
      generatedContradicted: generatedWith('contradicted'),
      generatedUnsupported: generatedWith('unsupported'),
      generatedGeneric,
      precision: judged === 0 ? undefined : generatedSupported / judged,
    },
  };
}
