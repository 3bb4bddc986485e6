// LLM-judge matcher: asks the user's own chat-completions endpoint for a JSON verdict per
// (generated, reference) pair - supports / contradicts / unrelated / generic - with a short
// reason. Pairs already judged (same model, domain, texts, prompt version) come from the store.
import { LvlmError } from '../../lvlm/lvlmErrors';
import type { LvlmClient } from '../../lvlm/lvlmClient';
import { estimateCostUsd } from '../../lvlm/lvlmEndpoint';
import type { PairJudgement, PairwiseJudgements } from '../attributeVerdicts';
import type { PairwiseMatcher } from '../pairwiseMatchers';
import type { MatchDomain } from '../partVocabulary';
import {
  judgeSystemPrompt,
  judgeUserPrompt,
  parseJudgeReply,
  type JudgePair,
  type JudgeRelation,
} from './judgePrompt';
import { emptyCosts, inputHash, type MatchCachePort, type MatcherCosts } from './matchCache';

/** Bumped when the judge prompt changes, so cached verdicts of the old prompt are not reused. */
export const JUDGE_PROMPT_VERSION = '1';
/** Pairs per request: keeps replies short enough for small local models. */
const PAIRS_PER_REQUEST = 40;
const SCORE: Record<JudgeRelation, number> = { supports: 0.9, contradicts: 0.5, unrelated: 0, generic: 0 };

export interface JudgeMatcherOptions {
  client: LvlmClient;
  cache?: MatchCachePort;
}

interface CachedVerdict {
  relation: JudgeRelation;
  reason: string;
}

export class JudgeMatcher implements PairwiseMatcher {
  readonly id = 'judge';
  readonly describe: string;
  readonly threshold = 0.5;
  readonly costs: MatcherCosts = emptyCosts();
  private readonly client: LvlmClient;
  private readonly cache: MatchCachePort | undefined;

  constructor(options: JudgeMatcherOptions) {
    this.client = options.client;
    this.cache = options.cache;
    this.describe = `LLM judge (${this.client.endpoint.model}), one JSON verdict per pair`;
  }

  private key(domain: string, pair: { generated: string; reference: string }): string {
    return inputHash(JUDGE_PROMPT_VERSION, domain, pair.generated, pair.reference);
  }

  async judgeAll(
    generated: readonly string[],
    reference: readonly string[],
    domain: MatchDomain,
  ): Promise<PairwiseJudgements> {
    const model = this.client.endpoint.model;
    const verdicts = new Map<string, CachedVerdict>();
    const todo: JudgePair[] = [];
    generated.forEach((g, gi) =>
      reference.forEach((r, ri) => {
        const key = this.key(domain, { generated: g, reference: r });
        if (verdicts.has(key) || todo.some((p) => this.key(domain, p) === key)) return;
        const cached = this.cache?.cachedMatch(this.id, model, key);
        if (cached) {
          verdicts.set(key, JSON.parse(cached.resultJson) as CachedVerdict);
          this.costs.cacheHits += 1;
        } else {
          todo.push({ id: gi * reference.length + ri, generated: g, reference: r });
        }
      }),
    );
    for (let i = 0; i < todo.length; i += PAIRS_PER_REQUEST) {
      const batch = todo.slice(i, i + PAIRS_PER_REQUEST);
      for (const [key, v] of await this.ask(domain, batch)) verdicts.set(key, v);
    }
    const pairs = generated.map((g) =>
      reference.map((r): PairJudgement => {
        const v = verdicts.get(this.key(domain, { generated: g, reference: r }));
        if (!v) return { relation: 'unrelated', score: 0, reason: 'the judge gave no verdict for this pair' };
        const relation = v.relation === 'generic' ? 'unrelated' : v.relation;
        return { relation, score: SCORE[v.relation], reason: `judge: ${v.reason || v.relation}` };
      }),
    );
    const generic = generated.map((g) => {
      const said = reference
        .map((r) => verdicts.get(this.key(domain, { generated: g, reference: r })))
        .find((v) => v?.relation === 'generic');
      return said ? `judge: ${said.reason || 'generic'}` : null;
    });
    return { pairs, generic };
  }

  private async ask(domain: string, batch: readonly JudgePair[]): Promise<Map<string, CachedVerdict>> {
    const result = await this.client.chat(
      [
        { role: 'system', content: judgeSystemPrompt() },
        { role: 'user', content: judgeUserPrompt(domain, batch) },
      ],
      { temperature: 0, maxTokens: 60 + 40 * batch.length },
    );
    this.costs.requests += 1;
    const promptTokens = result.usage?.input ?? 0;
    const completionTokens = result.usage?.output ?? 0;
    this.costs.promptTokens += promptTokens;
    this.costs.completionTokens += completionTokens;
    const cost = estimateCostUsd(this.client.endpoint, this.costs.promptTokens, this.costs.completionTokens);
    if (cost !== null) this.costs.costUsd = cost;
    let verdicts;
    try {
      verdicts = parseJudgeReply(result.text);
    } catch (error) {
      throw new LvlmError(
        `The judge's reply could not be read: ${(error as Error).message}.`,
        'bad-response',
      );
    }
    const out = new Map<string, CachedVerdict>();
    const entries = [];
    for (const v of verdicts) {
      const pair = batch.find((p) => p.id === v.id);
      if (!pair) continue;
      const key = this.key(domain, pair);
      const value = { relation: v.relation, reason: v.reason };
      out.set(key, value);
      entries.push({
        matcherId: this.id,
        model: this.client.endpoint.model,
        inputHash: key,
        result: {
          resultJson: JSON.stringify(value),
          promptTokens: entries.length === 0 ? promptTokens : 0,
          completionTokens: entries.length === 0 ? completionTokens : 0,
        },
      });
    }
    this.cache?.saveMatches(entries);
    return out;
  }
}
