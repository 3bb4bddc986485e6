// Lines up the attributes a model said it sees (ATTRSEEK turn 1) with a concept's reference
// attributes: which reference attributes it mentioned or missed, and which of its own are
// supported by the reference or unsupported (possible hallucinations). Pure.
import type { AttributeKind } from '../model';
import type { AsyncAttributeMatcher, AttributeMatcher } from './attributeMatching';

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
  status: 'mentioned' | 'missed';
  /** Best generated attribute, also when below the threshold (shown as "closest"). */
  best?: BestMatch;
}

export interface GeneratedAlignment {
  text: string;
  status: 'supported' | 'unsupported';
  best?: BestMatch & { kind: AttributeKind };
}

export interface AlignmentSummary {
  requiredTotal: number;
  requiredMentioned: number;
  /** requiredMentioned / requiredTotal; undefined with no required attributes. */
  requiredRecall: number | undefined;
  likelyTotal: number;
  likelyMentioned: number;
  generatedTotal: number;
  generatedSupported: number;
  /** generatedSupported / generatedTotal; undefined with nothing generated. */
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

/** Aligns with a synchronous matcher (the default token matcher). */
export function alignAttributes(
  generated: readonly string[],
  reference: ReferenceAttributes,
  matcher: AttributeMatcher,
): AttributeAlignment {
  const refs = referenceItems(reference);
  const scores = generated.map((g) => refs.map((r) => matcher.score(g, r.text)));
  return alignFromScores(generated, refs, scores, matcher.id, matcher.threshold);
}

/** Aligns with a matcher that calls out (embeddings, an LLM judge); same result shape. */
export async function alignAttributesAsync(
  generated: readonly string[],
  reference: ReferenceAttributes,
  matcher: AttributeMatcher | AsyncAttributeMatcher,
): Promise<AttributeAlignment> {
  const refs = referenceItems(reference);
  const scores: number[][] = [];
  for (const g of generated) {
    scores.push(await Promise.all(refs.map((r) => matcher.score(g, r.text))));
  }
  return alignFromScores(generated, refs, scores, matcher.id, matcher.threshold);
}

/** `scores[g][r]` is the similarity of generated g and reference r. */
function alignFromScores(
  generated: readonly string[],
  refs: readonly ReferenceItem[],
  scores: readonly (readonly number[])[],
  matcherId: string,
  threshold: number,
): AttributeAlignment {
  const reference: ReferenceAlignment[] = refs.map((ref, r) => {
    let best: BestMatch | undefined;
    generated.forEach((text, g) => {
      const score = scores[g]?.[r] ?? 0;
      if (score > 0 && (best === undefined || score > best.score)) best = { text, index: g, score };
    });
    const status = best !== undefined && best.score >= threshold ? 'mentioned' : 'missed';
    return { text: ref.text, kind: ref.kind, status, ...(best ? { best } : {}) };
  });
  const requiredCount = refs.filter((r) => r.kind === 'required').length;
  // `best.index` is the position within the reference list of its kind.
  const generatedOut: GeneratedAlignment[] = generated.map((text, g) => {
    let best: (BestMatch & { kind: AttributeKind }) | undefined;
    refs.forEach((ref, r) => {
      const score = scores[g]?.[r] ?? 0;
      if (score > 0 && (best === undefined || score > best.score)) {
        best = {
          text: ref.text,
          index: ref.kind === 'required' ? r : r - requiredCount,
          score,
          kind: ref.kind,
        };
      }
    });
    const status = best !== undefined && best.score >= threshold ? 'supported' : 'unsupported';
    return { text, status, ...(best ? { best } : {}) };
  });
  const count = (kind: AttributeKind, mentioned: boolean): number =>
    reference.filter((r) => r.kind === kind && (!mentioned || r.status === 'mentioned')).length;
  const requiredTotal = count('required', false);
  const requiredMentioned = count('required', true);
  const generatedSupported = generatedOut.filter((g) => g.status === 'supported').length;
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
      generatedTotal: generatedOut.length,
      generatedSupported,
      precision: generatedOut.length === 0 ? undefined : generatedSupported / generatedOut.length,
    },
  };
}
