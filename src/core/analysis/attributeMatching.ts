// Decides whether a generated attribute ("blue cap") says the same thing as a reference
// attribute ("bright blue crown"). Pluggable: the default is a cheap, explainable token
// matcher; an embedding or LLM-judge matcher can implement AsyncAttributeMatcher.
// The method and its limits are described in docs/attribute-matching.md.

export interface AttributeMatcher {
  readonly id: string;
  readonly describe: string;
  /** Similarity in 0..1; pairs at or above `threshold` count as the same attribute. */
  readonly threshold: number;
  score(generated: string, reference: string): number;
}

/** For matchers that call out (embeddings, an LLM judge). */
export interface AsyncAttributeMatcher {
  readonly id: string;
  readonly describe: string;
  readonly threshold: number;
  score(generated: string, reference: string): Promise<number>;
}

export const DEFAULT_MATCH_THRESHOLD = 0.5;

/** Words that carry no visual information in an attribute phrase. */
const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'with',
  'has',
  'have',
  'having',
  'its',
  'it',
  'is',
  'are',
  'visible',
  'of',
  'and',
  'on',
  'in',
  'to',
  'some',
  'very',
  'quite',
  'rather',
  'slightly',
  'appears',
  'seems',
  'which',
  'that',
  'this',
  'bird',
  'birds',
]);

const NEGATIONS = new Set(['no', 'not', 'without', 'lacks', 'lacking', 'absent', 'none']);

/** Canonical colour -> words that name it (the canonical word names itself). */
const COLOUR_SYNONYMS: Record<string, readonly string[]> = {
  grey: ['gray', 'slate', 'ashy', 'ash', 'silver', 'silvery', 'greyish', 'grayish'],
  red: ['scarlet', 'crimson', 'rose', 'rosy', 'reddish', 'ruby', 'vermilion'],
  yellow: ['lemon', 'saffron', 'golden', 'gold', 'yellowish'],
  orange: ['ember', 'fiery', 'tangerine', 'orangish'],
  blue: ['azure', 'cerulean', 'bluish', 'sky', 'cobalt'],
  brown: ['chestnut', 'rufous', 'tawny', 'russet', 'brownish', 'buff', 'cinnamon'],
  black: ['dark', 'blackish', 'sooty', 'jet'],
  white: ['whitish', 'pale', 'snowy'],
  green: ['olive', 'greenish'],
  pink: ['pinkish'],
  purple: ['violet', 'purplish'],
};

/** Canonical part -> single words that name it. */
const PART_SYNONYMS: Record<string, readonly string[]> = {
  crown: ['cap', 'crest'],
  throat: ['chin'],
  breast: ['chest'],
  wingbar: ['wingbars'],
  eyering: ['eyerings', 'spectacles', 'spectacle'],
  beak: ['bill'],
  tail: [],
  wing: [],
  back: ['mantle'],
  belly: ['underparts', 'abdomen'],
  head: [],
  eye: [],
  leg: ['feet', 'foot'],
  nape: [],
  face: [],
  cheek: [],
  flank: ['side'],
  rump: [],
  collar: [],
};

/** Multi-word phrases rewritten before tokenizing (longest first matters: "outer tail feathers"). */
const PHRASES: readonly (readonly [RegExp, string])[] = [
  [/\bhead top\b/g, 'crown'],
  [/\btop of (the )?head\b/g, 'crown'],
  [/\bwing ?bars?\b/g, 'wingbar'],
  [/\beye ?rings?\b/g, 'eyering'],
  [/\bouter tail feathers?\b/g, 'tail'],
  [/\btail feathers?\b/g, 'tail'],
];

const COLOUR_OF = invert(COLOUR_SYNONYMS);
const PART_OF = invert(PART_SYNONYMS);

function invert(table: Record<string, readonly string[]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [canonical, words] of Object.entries(table)) {
    map.set(canonical, canonical);
    for (const w of words) map.set(w, canonical);
  }
  return map;
}

export type TokenRole = 'colour' | 'part' | 'other';

export interface CanonicalAttribute {
  /** Canonical tokens, deduplicated, in order of appearance. */
  tokens: string[];
  roles: Map<string, TokenRole>;
  negated: boolean;
}

/** Plural "s" off ("bars" -> "bar"), leaving "ss" words and short words alone. */
function stemLite(word: string): string {
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Lowercased, hyphens split, punctuation gone, phrases and synonyms mapped to canonical words. */
export function canonicalizeAttribute(text: string): CanonicalAttribute {
  let s = text
    .toLowerCase()
    .replace(/[-_/]/g, ' ')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ');
  s = s.replace(/\s+/g, ' ').trim();
  for (const [pattern, replacement] of PHRASES) s = s.replace(pattern, replacement);
  const tokens: string[] = [];
  const roles = new Map<string, TokenRole>();
  let negated = false;
  for (const raw of s.split(' ')) {
    if (raw === '') continue;
    if (NEGATIONS.has(raw)) {
      negated = true;
      continue;
    }
    if (STOP_WORDS.has(raw)) continue;
    const colour = COLOUR_OF.get(raw) ?? COLOUR_OF.get(stemLite(raw));
    const part = PART_OF.get(raw) ?? PART_OF.get(stemLite(raw));
    const token = colour ?? part ?? stemLite(raw);
    const role: TokenRole = colour !== undefined ? 'colour' : part !== undefined ? 'part' : 'other';
    if (!roles.has(token)) {
      tokens.push(token);
      roles.set(token, role);
    }
  }
  return { tokens, roles, negated };
}

export interface TokenOverlapOptions {
  threshold?: number;
  /** Weight of colour and part words relative to other words (default 2). */
  keyWordWeight?: number;
  /** Factor applied when both name a colour (or a part) and none is shared (default 0.5). */
  disagreementFactor?: number;
  /** Factor applied when exactly one side is negated ("no wing bars") (default 0.3). */
  negationFactor?: number;
}

/**
 * Weighted Dice overlap of canonical tokens, where colours and parts weigh more, damped when
 * both name colours (or parts) and share none, or when one side is negated.
 */
export class TokenOverlapMatcher implements AttributeMatcher {
  readonly id = 'token-overlap';
  readonly describe =
    'Token overlap (weighted Dice) after normalizing words, plurals, and colour and body-part synonyms';
  readonly threshold: number;
  private readonly keyWordWeight: number;
  private readonly disagreementFactor: number;
  private readonly negationFactor: number;
  private readonly cache = new Map<string, CanonicalAttribute>();

  constructor(options: TokenOverlapOptions = {}) {
    this.threshold = options.threshold ?? DEFAULT_MATCH_THRESHOLD;
    this.keyWordWeight = options.keyWordWeight ?? 2;
    this.disagreementFactor = options.disagreementFactor ?? 0.5;
    this.negationFactor = options.negationFactor ?? 0.3;
  }

  score(generated: string, reference: string): number {
    const a = this.canonical(generated);
    const b = this.canonical(reference);
    if (a.tokens.length === 0 || b.tokens.length === 0) return 0;
    const weight = (roles: Map<string, TokenRole>, t: string): number =>
      roles.get(t) === 'other' ? 1 : this.keyWordWeight;
    const total = (x: CanonicalAttribute): number => x.tokens.reduce((sum, t) => sum + weight(x.roles, t), 0);
    let shared = 0;
    for (const t of a.tokens) if (b.roles.has(t)) shared += weight(a.roles, t);
    let score = (2 * shared) / (total(a) + total(b));
    for (const role of ['colour', 'part'] as const) {
      const ours = a.tokens.filter((t) => a.roles.get(t) === role);
      const theirs = b.tokens.filter((t) => b.roles.get(t) === role);
      if (ours.length > 0 && theirs.length > 0 && !ours.some((t) => theirs.includes(t))) {
        score *= this.disagreementFactor;
      }
    }
    if (a.negated !== b.negated) score *= this.negationFactor;
    return Math.round(score * 1000) / 1000;
  }

  private canonical(text: string): CanonicalAttribute {
    let found = this.cache.get(text);
    if (found === undefined) {
      found = canonicalizeAttribute(text);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(text, found);
    }
    return found;
  }
}
