// Works out what a chat request asks, the way a test double must: from the structure first
// (is there an image? a previous assistant turn?) and then from the wording of the question
// (an "Attributes:" or "Required:"/"Likely:" answer format, which label the question names).
import type { LabelLevel } from '../model';
import type { SimulatorCatalog, SimulatorClass } from './simulatorCatalog';

export interface RequestMessage {
  role: string;
  texts: string[];
  imageUrls: string[];
}

export type SimulatedTask =
  | { kind: 'label'; level: LabelLevel; mode: 'direct' | 'attrseek' }
  | { kind: 'attrseek-attributes' }
  | { kind: 'probe' }
  | { kind: 'attribute-generation' }
  | { kind: 'coarse-naming' }
  | { kind: 'chat' };

/** Reads the `messages` of a chat completions body into texts and image URLs; null if malformed. */
export function readRequestMessages(messages: unknown): RequestMessage[] | null {
  if (!Array.isArray(messages)) return null;
  const out: RequestMessage[] = [];
  for (const m of messages) {
    if (typeof m !== 'object' || m === null) return null;
    const { role, content } = m as { role?: unknown; content?: unknown };
    if (typeof role !== 'string') return null;
    const msg: RequestMessage = { role, texts: [], imageUrls: [] };
    if (typeof content === 'string') msg.texts.push(content);
    else if (Array.isArray(content)) {
      for (const part of content as Array<Record<string, unknown>>) {
        if (part?.['type'] === 'text' && typeof part['text'] === 'string') msg.texts.push(part['text']);
        const image = part?.['image_url'] as { url?: unknown } | string | undefined;
        if (part?.['type'] === 'image_url') {
          const url = typeof image === 'string' ? image : image?.url;
          if (typeof url === 'string') msg.imageUrls.push(url);
        }
      }
    } else if (content !== null && content !== undefined) return null;
    out.push(msg);
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const labelPatterns = new Map<string, RegExp>();

/** Whether `text` names `label` as a whole word (case-insensitive); patterns are compiled once. */
function mentions(text: string, label: string): boolean {
  let pattern = labelPatterns.get(label);
  if (!pattern) {
    pattern = new RegExp(`(^|[^\\p{L}])${escapeRegExp(label)}($|[^\\p{L}])`, 'iu');
    if (labelPatterns.size > 50_000) labelPatterns.clear();
    labelPatterns.set(label, pattern);
  }
  return pattern.test(text);
}

const GENERIC_SUBJECTS =
  /^(organism|object|thing|animal|living thing|creature|item|vehicle|subject|aircraft|car|dog)s?$/i;
const LABEL = "[\\p{L}][\\p{L}0-9' -]*?";

/** The noun the question asks about: "what is the name of the Warbler in this image" -> "Warbler". */
export function questionSubject(question: string): string | undefined {
  const end = '(?=\\s+(?:in|shown|pictured|depicted|visible|from|that)\\b|\\s*[?.,:;!]|\\s*$)';
  const patterns = [
    new RegExp(`\\bname of (?:the|this|that) (${LABEL})${end}`, 'imu'),
    new RegExp(`\\b(?:which|what) (?:kind|type|species|model|breed|variant) of (${LABEL})${end}`, 'imu'),
    new RegExp(
      `\\b(?:which|what) (?:kind|type|species|model|breed|variant) of (${LABEL}) (?:is|are|does)\\b`,
      'imu',
    ),
    new RegExp(`\\b(?:which|what) (${LABEL}) is (?:this|it|shown|described|pictured)\\b`, 'imu'),
  ];
  for (const p of patterns) {
    const m = p.exec(question);
    if (m?.[1]) return m[1].trim().replace(/^(?:the|a|an) /i, '');
  }
  return undefined;
}

/** Options of a closed list ("Choose one of: Bird, Insect, Plant."), if the question has one:
 * three or more short comma-separated items after a colon or "one of". */
export function closedListOptions(question: string): string[] {
  for (const line of question.split('\n')) {
    const m = /(?:\bone of\b|:)\s*([^:]+)$/i.exec(line);
    if (!m?.[1]) continue;
    const items = m[1]
      .replace(/[.?!]\s*$/, '')
      .split(/\s*,\s*(?:or\s+)?|\s+or\s+/)
      .map((o) => o.trim())
      .filter((o) => o.length > 0);
    if (items.length >= 3 && items.every((o) => o.split(/\s+/).length <= 5)) return items;
  }
  return [];
}

/** The question without its worked example, whose labels belong to some other concept. */
function withoutExamples(question: string): string {
  return question
    .split('\n')
    .filter((line) => !/\b(for instance|for example|e\.g\.|example)\b/i.test(line))
    .join('\n')
    .replace(/"[^"]*"/g, ' ');
}

/** Equal ignoring case and a plural "s" ("Birds" in a category list names the label "Bird"). */
const same = (a: string, b: string): boolean => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x === `${y}s` || y === `${x}s`;
};

/**
 * The label level a question asks for. In order: a closed list of superordinates; the subject
 * of the question (a superordinate -> coarse is asked, a coarse label -> fine); labels of the
 * sample named outside the worked example; finally the wording ("group" vs "specific").
 */
export function detectLevel(
  question: string,
  catalog: SimulatorCatalog,
  cls: SimulatorClass | undefined,
): LabelLevel {
  const classes = Object.values(catalog.classes);
  const isSuperordinate = (x: string): boolean =>
    catalog.superordinates.some((s) => same(s, x)) || (cls !== undefined && same(cls.superordinate, x));
  const isCoarse = (x: string): boolean => classes.some((c) => c.coarse.some((k) => same(k, x)));
  const options = closedListOptions(question);
  if (options.some(isSuperordinate) && !options.some(isCoarse)) return 'superordinate';
  if (options.length > 0 && options.some(isCoarse)) return 'coarse';
  const subject = questionSubject(question);
  if (subject !== undefined && !GENERIC_SUBJECTS.test(subject)) {
    if (isSuperordinate(subject)) return 'coarse';
    if (isCoarse(subject)) return 'fine';
  }
  const plain = withoutExamples(question);
  if (cls) {
    if (cls.coarse.some((c) => mentions(plain, c))) return 'fine';
    if (mentions(plain, cls.superordinate)) return 'coarse';
  }
  // The FINER reference prompts say which granularity their worked example shows.
  if (/\bfine-grained\b/i.test(question)) return 'fine';
  if (/\bcoarse-grained\b/i.test(question)) return 'coarse';
  if (/\b(group|manufacturer|body type|genus|family)\b|not the exact/i.test(plain)) return 'coarse';
  if (/\b(specific|exact|precise|species|make and model|model and year)\b/i.test(plain)) return 'fine';
  if (subject !== undefined && GENERIC_SUBJECTS.test(subject) && /\bname of\b/i.test(plain)) return 'coarse';
  return 'superordinate';
}

/** Finds the concept whose reference attributes a text-only prompt lists (most matched wins). */
export function identifyConceptByAttributes(
  text: string,
  catalog: SimulatorCatalog,
): SimulatorClass | undefined {
  const lower = text.toLowerCase();
  let best: SimulatorClass | undefined;
  let bestScore = 0;
  for (const c of Object.values(catalog.classes)) {
    if (c.required.length === 0) continue;
    const hit = c.required.filter((a) => lower.includes(a.toLowerCase())).length;
    const score = hit / c.required.length + (c.fine.some((f) => mentions(text, f)) ? 1 : 0);
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return bestScore >= 0.5 ? best : undefined;
}

/** Finds the concept an attribute-generation prompt asks about: the fine label named last
 * (the worked example comes first), the longer one on a tie. */
export function identifyConceptByName(text: string, catalog: SimulatorCatalog): SimulatorClass | undefined {
  let best: SimulatorClass | undefined;
  let bestAt = -1;
  let bestLength = 0;
  const lower = text.toLowerCase();
  for (const c of Object.values(catalog.classes)) {
    for (const f of c.fine) {
      if (!mentions(text, f)) continue;
      const at = lower.lastIndexOf(f.toLowerCase());
      if (at > bestAt || (at === bestAt && f.length > bestLength)) {
        best = c;
        bestAt = at;
        bestLength = f.length;
      }
    }
  }
  return best;
}

export function classifyRequest(
  messages: readonly RequestMessage[],
  catalog: SimulatorCatalog,
  cls: SimulatorClass | undefined,
): SimulatedTask {
  const hasImage = messages.some((m) => m.imageUrls.length > 0);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const question = lastUser?.texts.join('\n') ?? '';
  const afterAssistant = messages.findIndex((m) => m.role === 'assistant') >= 0;
  const asksAnswer = /answer\s*:/i.test(question);
  if (!hasImage) {
    if (/required\s*:/i.test(question) && /likely\s*:/i.test(question))
      return { kind: 'attribute-generation' };
    // Coarse-label generation at import (src/core/import/native/coarseLabels.ts).
    if (/\bcoarse category\b/i.test(question) && asksAnswer) return { kind: 'coarse-naming' };
    if (identifyConceptByAttributes(question, catalog)) return { kind: 'probe' };
    return { kind: 'chat' };
  }
  if (afterAssistant) return { kind: 'label', level: detectLevel(question, catalog, cls), mode: 'attrseek' };
  if (/attributes\s*:/i.test(question) && !asksAnswer) return { kind: 'attrseek-attributes' };
  return { kind: 'label', level: detectLevel(question, catalog, cls), mode: 'direct' };
}
