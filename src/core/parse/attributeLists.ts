// Reads attribute lists out of model replies: ATTRSEEK turn 1 ("Attributes:") and attribute
// generation ("Required:" / "Likely:"). Models format these loosely: markdown headers or bold,
// other capitalisation, bullets of several kinds, numbered lists, or one comma/semicolon line.
// The raw reply is always kept next to what was parsed.

export interface ParsedAttributeList {
  raw: string;
  items: string[];
  /** False when no "Attributes:" header was found and the whole reply was read as the list. */
  headerFound: boolean;
}

export interface ParsedRequiredLikely {
  raw: string;
  required: string[];
  likely: string[];
  /** False when neither header was found; then every item is in `required`. */
  headersFound: boolean;
}

type HeaderName = 'attributes' | 'required' | 'likely' | 'answer';

/**
 * A header line: optional markdown ("###", "**"), the name, up to 40 characters of description
 * ("Required attributes (discriminative)"), a colon, and possibly items on the same line.
 */
const HEADER_WITH_COLON =
  /^[ \t]*(?:#{1,6}[ \t]*)?(?:[-*+•][ \t]+)?[*_]{0,3}[ \t]*(?:visible[ \t]+)?(attributes|required|likely|answer)\b([^:\n]{0,40}?)[*_]{0,3}[ \t]*:[*_]{0,3}[ \t]*(.*)$/i;
/** A header without colon, only when marked as a heading: "### Required", "**Likely**". */
const HEADER_BARE =
  /^[ \t]*(?:#{1,6}[ \t]*|[*_]{2,3})(attributes|required|likely)(?:[ \t]+attributes)?[*_]{0,3}[ \t]*$/i;
const BULLET = /^[ \t]*(?:[-*+•‣◦·▪]|\d{1,2}[.)])[ \t]+(.*)$/;
const NO_ATTRIBUTE = /^(?:none|n\/a|nothing|none visible|not visible)$/i;

interface Section {
  name: HeaderName;
  /** Text after the header on the same line. */
  inline: string;
  lines: string[];
}

function headerOf(line: string): { name: HeaderName; rest: string } | null {
  const m = HEADER_WITH_COLON.exec(line);
  if (m !== null) {
    const name = (m[1] as string).toLowerCase() as HeaderName;
    // "Answer is clear: ..." is prose, not a header; "Answer:" must have nothing before the colon.
    if (name === 'answer' && (m[2] ?? '').trim() !== '') return null;
    return { name, rest: m[3] ?? '' };
  }
  const b = HEADER_BARE.exec(line);
  return b === null ? null : { name: (b[1] as string).toLowerCase() as HeaderName, rest: '' };
}

/** Splits the reply into sections at header lines; text before the first header is dropped. */
function sectionsOf(text: string): Section[] {
  const sections: Section[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const header = headerOf(line);
    if (header !== null) {
      sections.push({ name: header.name, inline: header.rest, lines: [] });
    } else {
      sections.at(-1)?.lines.push(line);
    }
  }
  return sections;
}

function cleanItem(item: string): string {
  return item
    .replace(/\*\*|__|`/g, '')
    .replace(/^[ \t]*(?:and|&)[ \t]+/i, '')
    .replace(/^[*_\s]+|[*_\s]+$/g, '')
    .replace(/[.;,]+$/, '')
    .trim();
}

/**
 * Items of a list: bullet lines when there are any (prose around them is dropped), else the
 * lines up to the first blank line after some content, split on ";" or ",". Items given on the
 * header line itself ("Attributes: brown body") come first.
 */
function itemsOf(sections: readonly Section[]): string[] {
  const items: string[] = [];
  for (const section of sections) {
    items.push(...splitInline(section.inline));
    const bullets = section.lines.map((l) => BULLET.exec(l)?.[1]).filter((b): b is string => b !== undefined);
    if (bullets.length > 0) {
      items.push(...bullets);
      continue;
    }
    let started = section.inline.trim() !== '';
    for (const line of section.lines) {
      if (line.trim() === '') {
        if (started) break;
        continue;
      }
      started = true;
      items.push(...splitInline(line));
    }
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of items) {
    const item = cleanItem(raw);
    const key = item.toLowerCase();
    if (item === '' || NO_ATTRIBUTE.test(item) || seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

function splitInline(line: string): string[] {
  if (line.trim() === '') return [];
  if (line.includes(';')) return line.split(';');
  return line.split(',');
}

/** ATTRSEEK turn 1: the list after "Attributes:", or the whole reply when the header is missing. */
export function parseAttributeList(raw: string): ParsedAttributeList {
  const sections = sectionsOf(raw);
  const attrs = sections.filter((s) => s.name === 'attributes');
  if (attrs.length > 0) return { raw, items: itemsOf(attrs), headerFound: true };
  // No header: read everything before an "Answer:" line, if any.
  const lines = raw.split(/\r\n|\r|\n/);
  const stop = lines.findIndex((l) => headerOf(l)?.name === 'answer');
  const whole: Section = {
    name: 'attributes',
    inline: '',
    lines: stop === -1 ? lines : lines.slice(0, stop),
  };
  return { raw, items: itemsOf([whole]), headerFound: false };
}

/** Attribute generation: the "Required:" and "Likely:" lists. */
export function parseRequiredLikely(raw: string): ParsedRequiredLikely {
  const sections = sectionsOf(raw);
  const required = sections.filter((s) => s.name === 'required');
  const likely = sections.filter((s) => s.name === 'likely');
  if (required.length === 0 && likely.length === 0) {
    return { raw, required: parseAttributeList(raw).items, likely: [], headersFound: false };
  }
  return {
    raw,
    required: itemsOf(required),
    likely: itemsOf(likely),
    headersFound: true,
  };
}
