// What the simulated server answers to the semantic matchers: deterministic embeddings (a
// hashed bag of words and character trigrams, so shared words give a high cosine) and LLM-judge
// verdicts (the structured matcher's, so the judge path - prompt, JSON reply, cache, costs -
// runs over real HTTP). Neither says anything about how a real embedding model or LLM judges.
import { createHash } from 'node:crypto';
import { parseMatchDomain } from '../analysis/partVocabulary';
import { JUDGE_MARKER, readJudgeRequest, type JudgeVerdict } from '../analysis/semantic/judgePrompt';
import { StructuredMatcher } from '../analysis/structuredMatcher';
import type { RequestMessage } from './requestClassifier';

export const SIMULATED_EMBEDDING_DIMENSIONS = 256;

function bucket(feature: string): { index: number; sign: number } {
  const h = createHash('sha256').update(feature).digest();
  return { index: h.readUInt16BE(0) % SIMULATED_EMBEDDING_DIMENSIONS, sign: (h[2] ?? 0) & 1 ? 1 : -1 };
}

export function simulatedEmbedding(text: string): number[] {
  const v = new Array<number>(SIMULATED_EMBEDDING_DIMENSIONS).fill(0);
  const words = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '')
    .map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w));
  for (const w of words) {
    const b = bucket(`w:${w}`);
    v[b.index] = (v[b.index] ?? 0) + 2 * b.sign;
    const padded = `#${w}#`;
    for (let i = 0; i + 3 <= padded.length; i++) {
      const t = bucket(`t:${padded.slice(i, i + 3)}`);
      v[t.index] = (v[t.index] ?? 0) + 0.5 * t.sign;
    }
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return norm === 0 ? v : v.map((x) => Math.round((x / norm) * 1e6) / 1e6);
}

const judges = new Map<string, StructuredMatcher>();

/** The judge's JSON reply, or undefined when the conversation is not a judge request. */
export function simulatedJudgeReply(messages: readonly RequestMessage[]): string | undefined {
  const system = messages.find((m) => m.role === 'system')?.texts.join('\n') ?? '';
  if (!system.startsWith(JUDGE_MARKER)) return undefined;
  const user =
    messages
      .filter((m) => m.role === 'user')
      .at(-1)
      ?.texts.join('\n') ?? '';
  const request = readJudgeRequest(user);
  if (!request) return 'I could not read the pairs.';
  const domain = parseMatchDomain(request.domain) ?? 'generic';
  let matcher = judges.get(domain);
  if (!matcher) {
    matcher = new StructuredMatcher({ domain });
    judges.set(domain, matcher);
  }
  const verdicts: JudgeVerdict[] = request.pairs.map((p) => {
    const generic = matcher.genericReason(p.generated);
    if (generic !== null) return { id: p.id, relation: 'generic', reason: generic };
    const j = matcher.judgePair(p.generated, p.reference);
    return { id: p.id, relation: j.relation, reason: j.reason || 'different parts' };
  });
  return `\`\`\`json\n${JSON.stringify({ verdicts })}\n\`\`\``;
}
