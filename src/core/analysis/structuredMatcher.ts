// The default attribute matcher: parses both phrases into part + descriptors
// (attributeParser.ts) and compares them slot by slot. Same part and an agreeing descriptor
// = supports; same part and a clashing colour, pattern, shape, count or presence =
// contradicts; different parts = unrelated. Bare universal parts ("two wings", "four
// wheels") are generic. Rules and vocabularies: docs/attribute-matching.md.
import { parseAttribute, type AttributeClause, type ParsedAttribute } from './attributeParser';
import type { AttributeMatcher } from './attributeMatching';
import type { PairJudgement, PairwiseJudgements } from './attributeVerdicts';
import { COMPATIBLE_PATTERNS, NEAR_COLOURS, TONE_COLOURS } from './colourVocabulary';
import { OPPOSITE_SHAPES, SIMILAR_SHAPES } from './descriptorVocabulary';
import { genericPartsOf, type MatchDomain } from './partVocabulary';

const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
const NEAR = new Set(NEAR_COLOURS.map(([a, b]) => pairKey(a, b)));
const PATTERN_OK = new Set(COMPATIBLE_PATTERNS.map(([a, b]) => pairKey(a, b)));
const OPPOSITE = new Set(OPPOSITE_SHAPES.map(([a, b]) => pairKey(a, b)));
const SIMILAR = new Set(SIMILAR_SHAPES.map(([a, b]) => pairKey(a, b)));
/** Parts whose colour is the colour of the whole animal ("mottled brown plumage", "red coat"). */
const WHOLE_PARTS = new Set(['body', 'coat']);
/** Feathered or furred parts, which take the whole body's colour (eyes, bills, legs and markings do not). */
const CLOTHED_PARTS = new Set([
  'head',
  'crown',
  'crest',
  'throat',
  'breast',
  'belly',
  'flank',
  'back',
  'nape',
  'neck',
  'rump',
  'wing',
  'tail',
  'face',
  'cheek',
  'ear',
  'chest',
  'underside',
  'top',
]);
/** Parts that contain or overlap each other: agreeing colours support, clashes do not contradict. */
const RELATED_PARTS = new Set(
  [
    ['head', 'crown'],
    ['head', 'face'],
    ['face', 'cheek'],
    ['face', 'mask'],
    ['face', 'muzzle'],
    ['wing', 'wingbar'],
    ['wing', 'wingpatch'],
    ['wing', 'winglet'],
    ['breast', 'belly'],
    ['breast', 'chest'],
    ['belly', 'flank'],
    ['tail', 'fin'],
    ['neck', 'nape'],
    ['neck', 'collar'],
    ['neck', 'throat'],
    ['throat', 'collar'],
    ['window', 'windshield'],
    ['coat', 'body'],
  ].map(([a, b]) => pairKey(a as string, b as string)),
);
/** Patterns that say "no marks" or "a sheen": they sit with any single colour. */
const COLOUR_FRIENDLY_PATTERNS = new Set(['plain', 'iridescent', 'two_tone']);

const DOMAIN_NOUN: Record<MatchDomain, string> = {
  bird: 'bird',
  aircraft: 'airplane',
  car: 'car',
  dog: 'dog',
  generic: 'object',
};

type SlotOutcome = { agree: string[]; clash: string[] };

/** One shared colour agrees; near colours ("yellow" / "orange") only when each side names one. */
function coloursAgree(a: readonly string[], b: readonly string[]): boolean {
  if (a.some((x) => b.includes(x))) return true;
  const [x, y] = [a[0], b[0]];
  return a.length === 1 && b.length === 1 && x !== undefined && y !== undefined && NEAR.has(pairKey(x, y));
}

function toneAgreesWithColours(tones: readonly string[], colours: readonly string[]): boolean {
  return tones.some((t) => colours.some((c) => TONE_COLOURS[t]?.includes(c) ?? false));
}

function patternsAgree(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.some((y) => x === y || PATTERN_OK.has(pairKey(x, y))));
}

function shapesClash(a: readonly string[], b: readonly string[]): [string, string] | undefined {
  for (const x of a) for (const y of b) if (OPPOSITE.has(pairKey(x, y))) return [x, y];
  return undefined;
}

/** Compares the descriptors of two clauses about the same part. */
function compareSlots(g: AttributeClause, r: AttributeClause): SlotOutcome {
  const agree: string[] = [];
  const clash: string[] = [];
  if (g.count !== undefined && r.count !== undefined) {
    const same =
      g.count === r.count || (g.count === 'many' ? r.count !== 1 : r.count === 'many' && g.count !== 1);
    (same ? agree : clash).push(same ? `count ${g.count}` : `count ${r.count} vs ${g.count}`);
  }
  if (g.colours.length > 0 && r.colours.length > 0) {
    if (coloursAgree(g.colours, r.colours)) agree.push(`colour ${g.colours.join('/')}`);
    else clash.push(`colour ${r.colours.join('/')} vs ${g.colours.join('/')}`);
  } else if (g.tones.length > 0 || r.tones.length > 0) {
    const tones = g.tones.length > 0 ? g.tones : r.tones;
    const colours = g.tones.length > 0 ? r.colours : g.colours;
    const otherTones = g.tones.length > 0 ? r.tones : g.tones;
    if (colours.length > 0) {
      if (toneAgreesWithColours(tones, colours))
        agree.push(`colour ${colours.join('/')} is ${tones.join('/')}`);
      else clash.push(`colour ${colours.join('/')} vs ${tones.join('/')}`);
    } else if (otherTones.length > 0) {
      const same = tones.some(
        (t) => otherTones.includes(t) || (t !== 'dark' && !otherTones.includes('dark')),
      );
      (same ? agree : clash).push(
        same ? `tone ${tones.join('/')}` : `tone ${r.tones.join('/')} vs ${g.tones.join('/')}`,
      );
    }
  }
  if (g.patterns.length > 0 && r.patterns.length > 0) {
    if (patternsAgree(g.patterns, r.patterns)) agree.push(`pattern ${g.patterns.join('/')}`);
    else clash.push(`pattern ${r.patterns.join('/')} vs ${g.patterns.join('/')}`);
  }
  if (g.shapes.length > 0 && r.shapes.length > 0) {
    const opposite = shapesClash(g.shapes, r.shapes);
    const shared = g.shapes.filter((s) => r.shapes.some((t) => t === s || SIMILAR.has(pairKey(s, t))));
    if (opposite) clash.push(`shape ${opposite[1]} vs ${opposite[0]}`);
    else if (shared.length > 0) agree.push(`shape ${shared.join('/')}`);
  }
  if (g.locations.length > 0 && r.locations.length > 0) {
    const sharedPlaces = g.locations.filter((p) => r.locations.includes(p));
    if (sharedPlaces.length > 0) agree.push(`location ${sharedPlaces.join('/')}`);
    else clash.push(`location ${r.locations.join('/')} vs ${g.locations.join('/')}`);
  }
  if (g.edgeColours.length > 0 && r.edgeColours.length > 0 && coloursAgree(g.edgeColours, r.edgeColours)) {
    agree.push(`edge ${g.edgeColours.join('/')}`);
  }
  const sharedOthers = g.others.filter((o) => r.others.includes(o));
  if (sharedOthers.length > 0) agree.push(sharedOthers.join(' '));
  return { agree, clash };
}

/** A pattern said of a part the reference gives one plain colour ("spotted" vs "yellow"). */
function colourPatternClash(g: AttributeClause, r: AttributeClause): string | undefined {
  const gMarked = g.patterns.filter((p) => !COLOUR_FRIENDLY_PATTERNS.has(p));
  const rMarked = r.patterns.filter((p) => !COLOUR_FRIENDLY_PATTERNS.has(p));
  if (gMarked.length > 0 && r.patterns.length === 0 && r.colours.length === 1 && g.colours.length === 0) {
    return `colour ${r.colours.join('/')} vs pattern ${gMarked.join('/')}`;
  }
  if (rMarked.length > 0 && g.patterns.length === 0 && g.colours.length === 1 && r.colours.length === 0) {
    return `pattern ${rMarked.join('/')} vs colour ${g.colours.join('/')}`;
  }
  return undefined;
}

function descriptorCount(c: AttributeClause): number {
  return (
    c.colours.length +
    c.tones.length +
    c.patterns.length +
    c.shapes.length +
    c.others.length +
    c.locations.length +
    (c.count === undefined ? 0 : 1)
  );
}

function slotNames(c: AttributeClause): string {
  const names: string[] = [];
  if (c.count !== undefined) names.push(`count ${c.count}`);
  if (c.colours.length > 0) names.push(`colour ${c.colours.join('/')}`);
  if (c.tones.length > 0) names.push(`tone ${c.tones.join('/')}`);
  if (c.patterns.length > 0) names.push(`pattern ${c.patterns.join('/')}`);
  if (c.shapes.length > 0) names.push(`shape ${c.shapes.join('/')}`);
  if (c.locations.length > 0) names.push(`location ${c.locations.join('/')}`);
  if (c.others.length > 0) names.push(`"${c.others.join(' ')}"`);
  return names.join(', ');
}

/** One generated clause against one reference clause. */
export function compareClauses(g: AttributeClause, r: AttributeClause): PairJudgement {
  const shared = g.parts.filter((p) => r.parts.includes(p));
  if (shared.length === 0) return compareAcrossParts(g, r);
  const part = `same part: ${shared.join(', ')}`;
  if (g.present !== r.present) {
    return {
      relation: 'contradicts',
      score: 0.4,
      reason: `${part}; reference says ${r.present ? 'present' : 'absent'}, generated says ${g.present ? 'present' : 'absent'}`,
    };
  }
  if (!g.present) return { relation: 'supports', score: 0.9, reason: `${part}; both say absent` };
  const { agree, clash } = compareSlots(g, r);
  if (clash.length > 0)
    return { relation: 'contradicts', score: 0.4, reason: `${part}; ${clash.join('; ')}` };
  if (agree.length === 0) {
    const cross = colourPatternClash(g, r);
    if (cross !== undefined) return { relation: 'contradicts', score: 0.35, reason: `${part}; ${cross}` };
  }
  const said = descriptorCount(g);
  if (said === 0) {
    return { relation: 'supports', score: 0.6, reason: `${part}; named without details` };
  }
  if (descriptorCount(r) === 0) {
    return {
      relation: 'supports',
      score: 0.65,
      reason: `${part}; reference names the part, details unchecked`,
    };
  }
  if (agree.length === 0) {
    return {
      relation: 'unrelated',
      score: 0.3,
      reason: `${part}; reference says ${slotNames(r)}, not ${slotNames(g)}`,
    };
  }
  const score = Math.min(1, 0.6 + (0.4 * agree.length) / Math.max(1, Math.min(said, 3)));
  return {
    relation: 'supports',
    score: Math.round(score * 1000) / 1000,
    reason: `${part}; ${agree.join('; ')} ${agree.length === 1 ? 'agrees' : 'agree'}`,
  };
}

/** Different parts: a whole-body colour or a containing part can still speak to the colour. */
function compareAcrossParts(g: AttributeClause, r: AttributeClause): PairJudgement {
  if (g.colours.length === 0 || r.colours.length === 0 || !g.present || !r.present) {
    return { relation: 'unrelated', score: 0, reason: '' };
  }
  const gParts = g.parts.join(', ');
  const rParts = r.parts.join(', ');
  const agree = coloursAgree(g.colours, r.colours);
  const colours = `colour ${r.colours.join('/')} vs ${g.colours.join('/')}`;
  const whole = r.partNamed && r.parts.some((p) => WHOLE_PARTS.has(p));
  if (whole && g.parts.every((p) => CLOTHED_PARTS.has(p))) {
    return agree
      ? {
          relation: 'supports',
          score: 0.55,
          strength: 'indirect',
          reason: `${gParts} in the colour of the whole ${rParts}: ${g.colours.join('/')}`,
        }
      : {
          relation: 'contradicts',
          score: 0.3,
          strength: 'indirect',
          reason: `${gParts} against the whole ${rParts}; ${colours}`,
        };
  }
  const related = g.parts.some((a) => r.parts.some((b) => RELATED_PARTS.has(pairKey(a, b))));
  if (!related) return { relation: 'unrelated', score: 0, reason: '' };
  return agree
    ? {
        relation: 'supports',
        score: 0.55,
        strength: 'indirect',
        reason: `related parts: ${gParts} / ${rParts}; colour ${g.colours.join('/')} agrees`,
      }
    : { relation: 'unrelated', score: 0.3, reason: `related parts: ${gParts} / ${rParts}; ${colours}` };
}

function combineClauses(g: ParsedAttribute, r: ParsedAttribute): PairJudgement {
  let bestSupport: PairJudgement | undefined;
  let bestContradiction: PairJudgement | undefined;
  let bestOther: PairJudgement | undefined;
  for (const gc of g.clauses) {
    for (const rc of r.clauses) {
      const j = compareClauses(gc, rc);
      const slot =
        j.relation === 'supports' ? 'support' : j.relation === 'contradicts' ? 'contradiction' : 'other';
      if (slot === 'support' && (!bestSupport || j.score > bestSupport.score)) bestSupport = j;
      if (slot === 'contradiction' && (!bestContradiction || j.score > bestContradiction.score))
        bestContradiction = j;
      if (slot === 'other' && (!bestOther || j.score > bestOther.score)) bestOther = j;
    }
  }
  // A clause the reference contradicts outweighs another clause it supports.
  return bestContradiction ?? bestSupport ?? bestOther ?? { relation: 'unrelated', score: 0, reason: '' };
}

/** Why a phrase is generic for the domain, or null. */
export function genericReason(parsed: ParsedAttribute, domain: MatchDomain): string | null {
  if (parsed.clauses.length !== 1) return null;
  const c = parsed.clauses[0] as AttributeClause;
  if (!c.present || !c.partNamed || c.parts.length !== 1) return null;
  if (c.colours.length + c.tones.length + c.patterns.length + c.shapes.length + c.others.length > 0)
    return null;
  const part = c.parts[0] as string;
  const generic = genericPartsOf(domain).find((p) => p.part === part);
  if (generic === undefined) return null;
  if (
    c.count !== undefined &&
    c.count !== generic.count &&
    !(c.count === 'many' && generic.count === undefined)
  ) {
    return null;
  }
  return `generic: nearly every ${DOMAIN_NOUN[domain]} has ${parsed.text.trim()}`;
}

export interface StructuredMatcherOptions {
  domain?: MatchDomain;
}

/**
 * The structured matcher. Also a plain AttributeMatcher (score 0..1, threshold 0.5) so class
 * diffs and tag suggestions keep working: a supported pair scores >= 0.55, anything else < 0.5.
 * `domain` picks the family vocabulary; `judgeAll` can ask for another family per call.
 */
export class StructuredMatcher implements AttributeMatcher {
  readonly id = 'structured';
  readonly describe = 'Structured: part + colour/pattern/shape/count/presence, per-family vocabularies';
  readonly threshold = 0.5;
  readonly domain: MatchDomain;
  private readonly cache = new Map<string, ParsedAttribute>();
  private readonly others = new Map<MatchDomain, StructuredMatcher>();

  constructor(options: StructuredMatcherOptions = {}) {
    this.domain = options.domain ?? 'generic';
  }

  /** The matcher for another family (parsing depends on the family's vocabulary). */
  forDomain(domain: MatchDomain): StructuredMatcher {
    if (domain === this.domain) return this;
    let m = this.others.get(domain);
    if (m === undefined) {
      m = new StructuredMatcher({ domain });
      this.others.set(domain, m);
    }
    return m;
  }

  parse(text: string): ParsedAttribute {
    let found = this.cache.get(text);
    if (found === undefined) {
      found = parseAttribute(text, this.domain);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(text, found);
    }
    return found;
  }

  judgePair(generated: string, reference: string): PairJudgement {
    return combineClauses(this.parse(generated), this.parse(reference));
  }

  genericReason(generated: string): string | null {
    return genericReason(this.parse(generated), this.domain);
  }

  judgeAll(
    generated: readonly string[],
    reference: readonly string[],
    domain?: MatchDomain,
  ): PairwiseJudgements {
    const m = this.forDomain(domain ?? this.domain);
    return {
      pairs: generated.map((g) => reference.map((r) => m.judgePair(g, r))),
      generic: generated.map((g) => m.genericReason(g)),
    };
  }

  score(generated: string, reference: string): number {
    const j = this.judgePair(generated, reference);
    return j.relation === 'supports' ? j.score : Math.min(0.45, j.score);
  }
}
