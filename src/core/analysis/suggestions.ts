// Failure-mode tags suggested from one run's results for one sample. Pure: the caller gathers
// the sample's labels, the run's results, the classes of the dataset, the reference and
// generated attributes and the text-only probe (see suggestionsForSample.ts).
import type { LabelLevel } from '../model';
import { normalizeAnswer } from '../scoring/answerNormalization';
import { finerExactMatch } from '../scoring/finerMetrics';
import { alignAttributes } from './attributeAlignment';
import type { MatchDomain } from './partVocabulary';
import type { AttributeMatcher } from './attributeMatching';
import { TokenOverlapMatcher } from './attributeMatching';

/** Keys of the default taxonomy (seeded by schema migration 3). */
export const DEFAULT_TAG_KEYS = {
  wrongSuperordinate: 'wrong-superordinate',
  coarseRightFineWrong: 'coarse-right-fine-wrong',
  siblingConfusion: 'sibling-confusion',
  genericAnswer: 'generic-answer',
  refusal: 'refusal',
  hallucinatedAttribute: 'hallucinated-attribute',
  missedKeyAttribute: 'missed-key-attribute',
  textNotImage: 'text-not-image',
  labelNoise: 'label-noise',
  imageQuality: 'image-quality',
} as const;

export interface ResultForSuggestion {
  answer: string | null;
  finerEm: number | null;
  error: string | null;
}

export interface SuggestionInput {
  labels: { superordinate: string; coarse: readonly string[]; fine: readonly string[] };
  /** The run's final results for the sample, by level. */
  results: Partial<Record<LabelLevel, ResultForSuggestion>>;
  /** Fine labels of the other classes in the sample's coarse group. */
  siblingFineLabels: readonly string[];
  /** Coarse and superordinate labels of the dataset (a "generic" answer names one at fine level). */
  genericLabels: readonly string[];
  /** The concept's reference attributes, when known. */
  reference?: { required: readonly string[]; likely: readonly string[] };
  /** Attributes the model said it sees (ATTRSEEK turn 1 or attribute generation). */
  generatedAttributes?: readonly string[];
  /** Fine result of a text-only knowledge probe for the sample, when one ran. */
  textProbe?: ResultForSuggestion;
  matcher?: AttributeMatcher;
  /** Vocabulary family for the structured matcher (which attributes are generic). */
  domain?: MatchDomain;
}

export interface TagSuggestion {
  tagKey: string;
  reason: string;
}

const REFUSAL_PATTERNS: readonly RegExp[] = [
  /\bi (?:cannot|can't|can not|am unable to|am not able to)\b/i,
  /\bunable to (?:determine|identify|tell)\b/i,
  /\b(?:not possible|impossible) to (?:determine|identify|tell)\b/i,
  /\bi(?: do not|'m not| don't) (?:know|sure)\b/i,
  /^\s*(?:unknown|none|n\/a|no answer|sorry)\W*$/i,
  /\bsorry\b/i,
];

function isRefusal(result: ResultForSuggestion): string | undefined {
  if (result.error !== null) return `the request failed (${result.error})`;
  const answer = (result.answer ?? '').trim();
  if (answer === '') return 'the answer is empty';
  if (REFUSAL_PATTERNS.some((p) => p.test(answer))) return `"${answer}" is a refusal`;
  return undefined;
}

const wrong = (r: ResultForSuggestion | undefined): r is ResultForSuggestion =>
  r !== undefined && r.error === null && r.finerEm === 0;

function matchesAny(answer: string, labels: readonly string[]): string | undefined {
  return labels.find((label) => normalizeAnswer(label) !== '' && finerExactMatch(answer, label) === 1);
}

function equalsAny(answer: string, labels: readonly string[]): string | undefined {
  const a = normalizeAnswer(answer);
  return labels.find((label) => normalizeAnswer(label) === a);
}

function attributeSuggestions(input: SuggestionInput): TagSuggestion[] {
  const generated = input.generatedAttributes ?? [];
  if (input.reference === undefined || generated.length === 0) return [];
  const alignment = alignAttributes(
    generated,
    input.reference,
    input.matcher ?? new TokenOverlapMatcher(),
    input.domain,
  );
  const out: TagSuggestion[] = [];
  const missed = alignment.reference
    .filter((r) => r.kind === 'required' && r.status === 'missed')
    .map((r) => r.text);
  if (missed.length > 0) {
    out.push({
      tagKey: DEFAULT_TAG_KEYS.missedKeyAttribute,
      reason: `required attribute${missed.length > 1 ? 's' : ''} not mentioned: ${missed.map((m) => `"${m}"`).join(', ')}`,
    });
  }
  const unsupported = alignment.generated.filter((g) => g.status === 'unsupported').map((g) => `"${g.text}"`);
  const contradicted = alignment.generated
    .filter((g) => g.status === 'contradicted')
    .map((g) => `"${g.text}"`);
  if (unsupported.length + contradicted.length > 0) {
    const parts = [
      ...(contradicted.length > 0 ? [`contradicts the reference: ${contradicted.join(', ')}`] : []),
      ...(unsupported.length > 0 ? [`not supported by the reference: ${unsupported.join(', ')}`] : []),
    ];
    out.push({ tagKey: DEFAULT_TAG_KEYS.hallucinatedAttribute, reason: parts.join('; ') });
  }
  return out;
}

/** Suggestions in taxonomy order; each tag at most once. */
export function suggestTags(input: SuggestionInput): TagSuggestion[] {
  const out: TagSuggestion[] = [];
  const { results, labels } = input;
  const levels: LabelLevel[] = ['superordinate', 'coarse', 'fine'];
  const refusals = levels.flatMap((level) => {
    const r = results[level];
    const why = r === undefined ? undefined : isRefusal(r);
    return why === undefined ? [] : [`${level}: ${why}`];
  });

  const sup = results.superordinate;
  if (wrong(sup) && isRefusal(sup) === undefined) {
    out.push({
      tagKey: DEFAULT_TAG_KEYS.wrongSuperordinate,
      reason: `superordinate answer "${sup.answer ?? ''}" is not "${labels.superordinate}"`,
    });
  }

  const fine = results.fine;
  const fineAnswer = fine?.answer ?? '';
  const fineWrong = wrong(fine) && isRefusal(fine) === undefined;
  if (fineWrong) {
    const coarse = results.coarse;
    const coarseHit =
      coarse !== undefined ? coarse.finerEm === 1 : matchesAny(fineAnswer, labels.coarse) !== undefined;
    if (coarseHit) {
      const via =
        coarse !== undefined
          ? `coarse answer "${coarse.answer ?? ''}" is right`
          : `"${fineAnswer}" names the right group`;
      out.push({
        tagKey: DEFAULT_TAG_KEYS.coarseRightFineWrong,
        reason: `${via}; fine answer "${fineAnswer}" is wrong`,
      });
    }
    const sibling = matchesAny(fineAnswer, input.siblingFineLabels);
    if (sibling !== undefined) {
      out.push({
        tagKey: DEFAULT_TAG_KEYS.siblingConfusion,
        reason: `fine answer "${fineAnswer}" is "${sibling}", another class of the ${labels.coarse[0] ?? 'same'} group`,
      });
    }
    const generic = equalsAny(fineAnswer, [labels.superordinate, ...labels.coarse, ...input.genericLabels]);
    if (generic !== undefined) {
      out.push({
        tagKey: DEFAULT_TAG_KEYS.genericAnswer,
        reason: `fine answer "${fineAnswer}" is the broader label "${generic}"`,
      });
    }
  }

  if (refusals.length > 0) out.push({ tagKey: DEFAULT_TAG_KEYS.refusal, reason: refusals.join('; ') });

  const anyWrong = levels.some((level) => {
    const r = results[level];
    return r !== undefined && (r.error !== null || r.finerEm === 0);
  });
  if (anyWrong) out.push(...attributeSuggestions(input));

  const probe = input.textProbe;
  if (fine !== undefined && (fine.error !== null || fine.finerEm === 0) && probe?.finerEm === 1) {
    out.push({
      tagKey: DEFAULT_TAG_KEYS.textNotImage,
      reason: `the text-only probe answered "${probe.answer ?? ''}" (right); from the image: "${fineAnswer}"`,
    });
  }
  return out;
}

/** Attribute texts from a stored result: ATTRSEEK string[] or attribute generation {required, likely}. */
export function generatedAttributesOf(attributes: unknown): string[] {
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  if (Array.isArray(attributes)) return strings(attributes);
  if (attributes !== null && typeof attributes === 'object') {
    const o = attributes as Record<string, unknown>;
    return [...strings(o['required']), ...strings(o['likely'])];
  }
  return [];
}
