// The LLM judge's request and reply format, shared by the judge matcher and the simulated
// server (which answers it deterministically). The reply is JSON: one verdict per pair id.

/** First line of the judge's system message; the simulator recognises judge requests by it. */
export const JUDGE_MARKER = 'You compare visual attributes of one object.';

export type JudgeRelation = 'supports' | 'contradicts' | 'unrelated' | 'generic';
export const JUDGE_RELATIONS: readonly JudgeRelation[] = ['supports', 'contradicts', 'unrelated', 'generic'];

export interface JudgePair {
  id: number;
  generated: string;
  reference: string;
}

export interface JudgeVerdict {
  id: number;
  relation: JudgeRelation;
  reason: string;
}

export function judgeSystemPrompt(): string {
  return [
    JUDGE_MARKER,
    'For each pair, decide how the GENERATED attribute (what a model claims to see) relates to the',
    'REFERENCE attribute (what is known to be true of the object):',
    '- "supports": both describe the same part the same way (synonyms and paraphrases count);',
    '- "contradicts": same part, but a colour, pattern, shape, size, count or presence conflicts;',
    '- "unrelated": they describe different parts, or the reference says nothing about the claim;',
    '- "generic": the generated attribute is true of nearly every object of this kind (e.g. "two wings").',
    'Reply with JSON only: {"verdicts": [{"id": <pair id>, "relation": "...", "reason": "<few words>"}]}.',
  ].join('\n');
}

export function judgeUserPrompt(domain: string, pairs: readonly JudgePair[]): string {
  return `Object kind: ${domain}\nPairs:\n${JSON.stringify({ pairs })}`;
}

/** The pairs of a judge request (for the simulator); undefined when the text is not one. */
export function readJudgeRequest(userText: string): { domain: string; pairs: JudgePair[] } | undefined {
  const m = /^Object kind: (.*)\nPairs:\n([\s\S]*)$/.exec(userText);
  if (!m) return undefined;
  try {
    const body = JSON.parse(m[2] ?? '') as { pairs?: unknown };
    if (!Array.isArray(body.pairs)) return undefined;
    const pairs = body.pairs.filter(
      (p): p is JudgePair =>
        typeof p === 'object' &&
        p !== null &&
        typeof (p as JudgePair).id === 'number' &&
        typeof (p as JudgePair).generated === 'string' &&
        typeof (p as JudgePair).reference === 'string',
    );
    return { domain: m[1] ?? 'generic', pairs };
  } catch {
    return undefined;
  }
}

/**
 * Reads the judge's reply: JSON, possibly inside a ```json fence or after some prose. Throws
 * with a short reason when there is no usable verdict list.
 */
export function parseJudgeReply(text: string): JudgeVerdict[] {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) throw new Error('the reply holds no JSON object');
  let body: unknown;
  try {
    body = JSON.parse(text.slice(start, end + 1));
  } catch (error) {
    throw new Error(`the reply is not valid JSON (${(error as Error).message})`);
  }
  const list = (body as { verdicts?: unknown }).verdicts;
  if (!Array.isArray(list)) throw new Error('the reply has no "verdicts" list');
  const out: JudgeVerdict[] = [];
  for (const v of list) {
    if (typeof v !== 'object' || v === null) continue;
    const o = v as Record<string, unknown>;
    const relation = o['relation'];
    if (typeof o['id'] !== 'number' || !JUDGE_RELATIONS.includes(relation as JudgeRelation)) continue;
    out.push({
      id: o['id'],
      relation: relation as JudgeRelation,
      reason: typeof o['reason'] === 'string' ? o['reason'].slice(0, 300) : '',
    });
  }
  return out;
}
