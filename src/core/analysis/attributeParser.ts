// Parses an attribute phrase ("two white wing bars", "no crest", "twin under-wing engines")
// into clauses of part + descriptors: colours, tone, patterns, shape/size words, count,
// presence (negation) and leftover words. The structured matcher compares these; the rules
// are in docs/attribute-matching.md. Pure and deterministic.
import { COLOUR_WORDS, PATTERN_WORDS, TONE_WORDS } from './colourVocabulary';
import {
  BORDER_WORDS,
  COUNT_WORDS,
  FILLER_WORDS,
  LOCATIVE_WORDS,
  MANY_WORDS,
  NEGATION_WORDS,
  POSITION_WORDS,
  SHAPE_WORDS,
} from './descriptorVocabulary';
import { partsForParsing, type MatchDomain } from './partVocabulary';

/** One part and what is said of it. */
export interface AttributeClause {
  /** Canonical parts; 'body' when the phrase names none ("iridescent sheen"). */
  parts: string[];
  /** True when the phrase named a part (false for the implied 'body'). */
  partNamed: boolean;
  colours: string[];
  /** Tone words without a colour ("dark back"): dark, pale, light, bright. */
  tones: string[];
  patterns: string[];
  shapes: string[];
  /** A number, 'many' ("several"), or undefined. */
  count: number | 'many' | undefined;
  /** False for "no wing bars", "lacks a crest". */
  present: boolean;
  /** Words the vocabularies do not know, lightly stemmed ("chrome", "hexagonal"). */
  others: string[];
  /** Where the part sits: parts after a preposition, rear/front ("engines under the wings"). */
  locations: string[];
  /** Colours of an edge or border ("bordered with white"). */
  edgeColours: string[];
}

export interface ParsedAttribute {
  text: string;
  clauses: AttributeClause[];
}

type Lexeme =
  | { kind: 'part'; value: string }
  | { kind: 'colour'; value: string }
  | { kind: 'tone'; value: string }
  | { kind: 'pattern'; value: string }
  | { kind: 'shape'; value: string }
  | { kind: 'count'; value: number | 'many' }
  | { kind: 'negation' }
  | { kind: 'joiner'; value: 'and' | 'with' | ',' }
  | { kind: 'article' }
  | { kind: 'locative' }
  | { kind: 'border' }
  | { kind: 'position'; value: string }
  | { kind: 'other'; value: string };

const MAX_PHRASE_WORDS = 4;

/** Phrase (space-joined words) -> lexeme, for the non-part vocabularies. */
const DESCRIPTOR_PHRASES: Map<string, Lexeme> = (() => {
  const map = new Map<string, Lexeme>();
  const add = (words: string, lexeme: Lexeme): void => {
    if (!map.has(words)) map.set(words, lexeme);
  };
  for (const [value, words] of Object.entries(COLOUR_WORDS)) {
    add(value, { kind: 'colour', value });
    for (const w of words) add(w, { kind: 'colour', value });
  }
  for (const [word, value] of Object.entries(TONE_WORDS)) add(word, { kind: 'tone', value });
  for (const [value, words] of Object.entries(PATTERN_WORDS)) {
    add(value.replace('_', ' '), { kind: 'pattern', value });
    for (const w of words) add(w, { kind: 'pattern', value });
  }
  for (const [value, words] of Object.entries(SHAPE_WORDS)) {
    for (const w of words) add(w, { kind: 'shape', value });
  }
  for (const [word, value] of Object.entries(COUNT_WORDS)) add(word, { kind: 'count', value });
  for (const word of MANY_WORDS) add(word, { kind: 'count', value: 'many' });
  return map;
})();

/** Shape word -> group, for part words that also say a kind ("turboprops", "hardtop"). */
const SHAPE_OF: Map<string, string> = new Map(
  Object.entries(SHAPE_WORDS).flatMap(([group, words]) => words.map((w) => [w, group] as const)),
);

const PART_PHRASES = new Map<MatchDomain, Map<string, string>>();

function partPhrases(domain: MatchDomain): Map<string, string> {
  let map = PART_PHRASES.get(domain);
  if (map === undefined) {
    map = new Map();
    // Later entries win, so a family's own table overrides the common parts ("body" -> fuselage).
    for (const [part, words] of Object.entries(partsForParsing(domain))) {
      map.set(part, part);
      for (const w of words) map.set(w, part);
    }
    PART_PHRASES.set(domain, map);
  }
  return map;
}

/** Plural "s" off ("bars" -> "bar"), leaving "ss" words and short words alone. */
export function stemLite(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

function normalizeWords(text: string): string[] {
  const s = text
    .toLowerCase()
    .replace(/salt[\s-]+and[\s-]+pepper/g, 'grizzled')
    .replace(/(\d)\s*-\s*(?=[a-z])/g, '$1 ')
    .replace(/[-_/]/g, ' ')
    .replace(/[,;]/g, ' , ')
    .replace(/[^\p{L}\p{N}\s,]/gu, ' ');
  return s.split(/\s+/).filter((w) => w !== '');
}

/** A part from a "-ed" adjective: "tailed" -> tail, "bellied" -> belly, "billed" -> beak. */
function partFromAdjective(word: string, parts: Map<string, string>): string | undefined {
  if (!word.endsWith('ed') || word.length < 5) return undefined;
  const stems = [word.slice(0, -2), word.slice(0, -1), `${word.slice(0, -3)}y`];
  for (const s of stems) {
    const found = parts.get(s) ?? parts.get(`${s}s`);
    if (found !== undefined) return found;
  }
  return undefined;
}

function lex(words: readonly string[], domain: MatchDomain): Lexeme[] {
  const parts = partPhrases(domain);
  const out: Lexeme[] = [];
  let i = 0;
  while (i < words.length) {
    let matched = false;
    for (let n = Math.min(MAX_PHRASE_WORDS, words.length - i); n >= 1 && !matched; n--) {
      const slice = words.slice(i, i + n);
      const phrase = slice.join(' ');
      const stemmed = [...slice.slice(0, -1), stemLite(slice[n - 1] ?? '')].join(' ');
      const part = parts.get(phrase) ?? parts.get(stemmed);
      if (part !== undefined) {
        out.push({ kind: 'part', value: part });
        // "turboprops", "hardtop": the part word also says what kind it is.
        for (const w of slice) {
          const kind = SHAPE_OF.get(w) ?? SHAPE_OF.get(stemLite(w));
          if (kind !== undefined) out.push({ kind: 'shape', value: kind });
        }
        i += n;
        matched = true;
        break;
      }
      if (n > 1) {
        const descriptor = DESCRIPTOR_PHRASES.get(phrase);
        if (descriptor !== undefined) {
          out.push(descriptor);
          i += n;
          matched = true;
        }
      }
    }
    if (matched) continue;
    const word = words[i] ?? '';
    i += 1;
    out.push(lexWord(word, parts));
  }
  return out;
}

function lexWord(word: string, parts: Map<string, string>): Lexeme {
  if (word === ',') return { kind: 'joiner', value: ',' };
  if (word === 'and' || word === 'plus') return { kind: 'joiner', value: 'and' };
  if (word === 'with' || word === 'featuring') return { kind: 'joiner', value: 'with' };
  if (word === 'a' || word === 'an') return { kind: 'article' };
  if (NEGATION_WORDS.has(word)) return { kind: 'negation' };
  if (LOCATIVE_WORDS.has(word)) return { kind: 'locative' };
  if (BORDER_WORDS.has(word)) return { kind: 'border' };
  const position = POSITION_WORDS[word];
  if (position !== undefined && parts.get(word) === undefined) return { kind: 'position', value: position };
  if (/^\d+$/.test(word)) return { kind: 'count', value: Number(word) };
  const known = DESCRIPTOR_PHRASES.get(word) ?? DESCRIPTOR_PHRASES.get(stemLite(word));
  if (known !== undefined) return known;
  // "reddish", "greyish-brown": a colour with a suffix.
  const base = word.replace(/(ish|y)$/, '');
  const colour = DESCRIPTOR_PHRASES.get(base);
  if (colour?.kind === 'colour') return colour;
  const part = partFromAdjective(word, parts);
  if (part !== undefined) return { kind: 'part', value: part };
  return { kind: 'other', value: stemLite(word) };
}

function emptyClause(): AttributeClause {
  return {
    parts: [],
    partNamed: false,
    colours: [],
    tones: [],
    patterns: [],
    shapes: [],
    count: undefined,
    present: true,
    others: [],
    locations: [],
    edgeColours: [],
  };
}

function hasDescriptors(c: AttributeClause): boolean {
  return c.colours.length + c.tones.length + c.patterns.length + c.shapes.length + c.others.length > 0;
}

const pushUnique = (list: string[], value: string): void => {
  if (!list.includes(value)) list.push(value);
};

interface RawClause {
  clause: AttributeClause;
  joinedBy: 'and' | 'with' | ',' | undefined;
  hadArticle: boolean;
  negated: boolean;
  /** After a preposition that follows a part: further parts are locations. */
  locating: boolean;
  bordering: boolean;
}

/** Splits at "and", "with" and commas, where each side has its own words. */
function rawClauses(lexemes: readonly Lexeme[]): RawClause[] {
  const raws: RawClause[] = [];
  const fresh = (joinedBy: RawClause['joinedBy']): RawClause => ({
    clause: emptyClause(),
    joinedBy,
    hadArticle: false,
    negated: false,
    locating: false,
    bordering: false,
  });
  let current = fresh(undefined);
  let started = false;
  for (const l of lexemes) {
    if (l.kind === 'joiner') {
      if (l.value === 'with' && started && current.bordering) continue; // "bordered with white"
      if (started) raws.push(current);
      current = fresh(l.value);
      started = false;
      continue;
    }
    const c = current.clause;
    started = true;
    switch (l.kind) {
      case 'part':
        if (current.locating) {
          pushUnique(c.locations, POSITION_WORDS[l.value] ?? l.value);
        } else {
          pushUnique(c.parts, l.value);
          c.partNamed = true;
        }
        break;
      case 'colour':
        pushUnique(current.bordering ? c.edgeColours : c.colours, l.value);
        break;
      case 'locative':
        if (c.parts.length > 0) current.locating = true;
        break;
      case 'border':
        current.bordering = true;
        break;
      case 'position':
        pushUnique(c.locations, l.value);
        break;
      case 'tone':
        pushUnique(c.tones, l.value);
        break;
      case 'pattern':
        pushUnique(c.patterns, l.value);
        break;
      case 'shape':
        pushUnique(c.shapes, l.value);
        break;
      case 'count':
        c.count = l.value;
        break;
      case 'negation':
        current.negated = true;
        break;
      case 'article':
        current.hadArticle = true;
        break;
      case 'other':
        if (!FILLER_WORDS.has(l.value)) pushUnique(c.others, l.value);
        break;
    }
  }
  if (started) raws.push(current);
  return raws;
}

/** Negation: of a pattern alone ("no streaks on the breast") means plain; else the part is absent. */
function applyNegation(raw: RawClause): void {
  if (!raw.negated) return;
  const c = raw.clause;
  const onlyPattern =
    c.patterns.length > 0 && c.colours.length === 0 && c.shapes.length === 0 && c.others.length === 0;
  if (onlyPattern && !c.patterns.includes('plain')) c.patterns = ['plain'];
  else c.present = false;
}

export function parseAttribute(text: string, domain: MatchDomain): ParsedAttribute {
  const raws = rawClauses(lex(normalizeWords(text), domain));
  // A negation before "and" carries over ("no crest and no ear tufts" is explicit either way).
  raws.forEach((raw, i) => {
    const prev = raws[i - 1];
    if (prev && raw.joinedBy === 'and' && prev.negated && !raw.negated && !hasDescriptors(raw.clause)) {
      raw.negated = true;
    }
  });
  raws.forEach(applyNegation);
  // A clause naming no part describes the part of its neighbour ("black and white wings",
  // "red crown with a black stripe").
  const withPart: RawClause[] = [];
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i] as RawClause;
    // An unknown noun heads a clause that names no known part ("a short rear deck").
    if (
      raw.clause.parts.length === 0 &&
      raw.clause.others.length > 0 &&
      raws.length > 1 &&
      raw.joinedBy !== 'with'
    ) {
      raw.clause.parts = [raw.clause.others.pop() as string];
      raw.clause.partNamed = true;
    }
    if (raw.clause.parts.length > 0) {
      withPart.push(raw);
      continue;
    }
    const next = raws.slice(i + 1).find((r) => r.clause.parts.length > 0);
    const target = raw.joinedBy === 'with' || next === undefined ? withPart[withPart.length - 1] : next;
    if (target === undefined) {
      withPart.push(raw);
      continue;
    }
    mergeInto(target.clause, raw.clause);
  }
  // "black head and throat": a bare part joined by "and" shares the previous descriptors.
  for (let i = 1; i < withPart.length; i++) {
    const raw = withPart[i] as RawClause;
    const prev = (withPart[i - 1] as RawClause).clause;
    if (
      raw.joinedBy === 'and' &&
      !raw.hadArticle &&
      !hasDescriptors(raw.clause) &&
      raw.clause.count === undefined
    ) {
      raw.clause.colours = [...prev.colours];
      raw.clause.tones = [...prev.tones];
      raw.clause.patterns = [...prev.patterns];
      raw.clause.shapes = [...prev.shapes];
      raw.clause.present = prev.present;
    }
  }
  const clauses = withPart.map((r) => r.clause);
  for (const c of clauses) {
    if (c.parts.length === 0) c.parts = ['body'];
    // "white bars on the wings" is what a birder calls white wing bars.
    if (domain === 'bird' && c.parts.length === 1 && c.parts[0] === 'wing' && c.patterns.includes('barred')) {
      c.parts = ['wingbar'];
      c.patterns = c.patterns.filter((p) => p !== 'barred');
    }
    // A tone next to a colour only shades it ("dark brown"); kept only when alone.
    if (c.colours.length > 0) c.tones = [];
  }
  return { text, clauses: clauses.length > 0 ? clauses : [{ ...emptyClause(), parts: ['body'] }] };
}

function mergeInto(target: AttributeClause, source: AttributeClause): void {
  for (const v of source.colours) pushUnique(target.colours, v);
  for (const v of source.tones) pushUnique(target.tones, v);
  for (const v of source.patterns) pushUnique(target.patterns, v);
  for (const v of source.shapes) pushUnique(target.shapes, v);
  for (const v of source.others) pushUnique(target.others, v);
  for (const v of source.locations) pushUnique(target.locations, v);
  for (const v of source.edgeColours) pushUnique(target.edgeColours, v);
  if (source.count !== undefined) target.count = source.count;
  if (!source.present) target.present = false;
}

/** "breast: colour yellow; pattern spotted" - for reasons and debugging. */
export function describeClause(c: AttributeClause): string {
  const bits: string[] = [];
  if (!c.present) bits.push('absent');
  if (c.count !== undefined) bits.push(`count ${c.count}`);
  if (c.colours.length > 0) bits.push(`colour ${c.colours.join('/')}`);
  if (c.tones.length > 0) bits.push(`tone ${c.tones.join('/')}`);
  if (c.patterns.length > 0) bits.push(`pattern ${c.patterns.join('/')}`);
  if (c.shapes.length > 0) bits.push(`shape ${c.shapes.join('/')}`);
  if (c.locations.length > 0) bits.push(`at ${c.locations.join('/')}`);
  if (c.edgeColours.length > 0) bits.push(`edged ${c.edgeColours.join('/')}`);
  if (c.others.length > 0) bits.push(c.others.join(' '));
  return `${c.parts.join('+')}${bits.length > 0 ? `: ${bits.join('; ')}` : ''}`;
}
