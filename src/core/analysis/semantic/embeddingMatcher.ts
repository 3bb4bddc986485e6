// Embedding matcher: embeds every attribute through the user's own `/v1/embeddings` endpoint
// and compares pairs by cosine similarity. At or above `supportThreshold` a pair supports;
// below it is unrelated (cosine cannot tell a contradiction from a paraphrase, so this matcher
// never says "contradicted" or "generic"). Vectors are cached per text in the store.
import type { EmbeddingClient } from '../../lvlm/embeddingClient';
import { estimateCostUsd } from '../../lvlm/lvlmEndpoint';
import type { PairJudgement, PairwiseJudgements } from '../attributeVerdicts';
import type { PairwiseMatcher } from '../pairwiseMatchers';
import { emptyCosts, inputHash, type MatchCachePort, type MatcherCosts } from './matchCache';

/** Default cosine threshold; see docs/attribute-matching.md for how it was chosen. */
export const DEFAULT_EMBEDDING_SUPPORT_THRESHOLD = 0.8;
/** Texts per embeddings request. */
const BATCH = 64;

export interface EmbeddingMatcherOptions {
  client: EmbeddingClient;
  cache?: MatchCachePort;
  supportThreshold?: number;
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export class EmbeddingMatcher implements PairwiseMatcher {
  readonly id = 'embedding';
  readonly describe: string;
  readonly threshold: number;
  readonly costs: MatcherCosts = emptyCosts();
  private readonly client: EmbeddingClient;
  private readonly cache: MatchCachePort | undefined;
  private readonly vectors = new Map<string, number[]>();

  constructor(options: EmbeddingMatcherOptions) {
    this.client = options.client;
    this.cache = options.cache;
    this.threshold = options.supportThreshold ?? DEFAULT_EMBEDDING_SUPPORT_THRESHOLD;
    this.describe = `Embeddings (${this.client.endpoint.model}), cosine ≥ ${this.threshold} supports`;
  }

  private get model(): string {
    return this.client.endpoint.model;
  }

  /** Vectors for every text: memory, then the store's cache, then the endpoint. */
  async vectorsFor(texts: readonly string[], signal?: AbortSignal): Promise<Map<string, number[]>> {
    const missing: string[] = [];
    for (const text of new Set(texts)) {
      if (this.vectors.has(text)) continue;
      const cached = this.cache?.cachedMatch(this.id, this.model, inputHash(text));
      if (cached) {
        this.vectors.set(text, JSON.parse(cached.resultJson) as number[]);
        this.costs.cacheHits += 1;
      } else {
        missing.push(text);
      }
    }
    for (let i = 0; i < missing.length; i += BATCH) {
      const batch = missing.slice(i, i + BATCH);
      const result = await this.client.embed(batch, signal);
      this.costs.requests += 1;
      this.costs.promptTokens += result.promptTokens;
      const cost = estimateCostUsd(this.client.endpoint, this.costs.promptTokens, 0);
      if (cost !== null) this.costs.costUsd = cost;
      batch.forEach((text, j) => this.vectors.set(text, result.vectors[j] ?? []));
      this.cache?.saveMatches(
        batch.map((text, j) => ({
          matcherId: this.id,
          model: this.model,
          inputHash: inputHash(text),
          result: {
            resultJson: JSON.stringify(result.vectors[j] ?? []),
            // The request's tokens, shared out so the sum stays right.
            promptTokens: j === 0 ? result.promptTokens : 0,
            completionTokens: 0,
          },
        })),
      );
    }
    return this.vectors;
  }

  async judgeAll(generated: readonly string[], reference: readonly string[]): Promise<PairwiseJudgements> {
    const vectors = await this.vectorsFor([...generated, ...reference]);
    const pairs = generated.map((g) =>
      reference.map((r): PairJudgement => {
        const score = Math.round(cosine(vectors.get(g) ?? [], vectors.get(r) ?? []) * 1000) / 1000;
        const supports = score >= this.threshold;
        return {
          relation: supports ? 'supports' : 'unrelated',
          score: Math.max(0, score),
          reason: `cosine ${score.toFixed(2)} ${supports ? '≥' : '<'} ${this.threshold}`,
        };
      }),
    );
    return { pairs, generic: generated.map(() => null) };
  }
}
