// The port semantic matchers use to cache their results in the store (table match_cache,
// keyed by matcher id + model + a hash of the inputs), and the running count of their costs.
import { createHash } from 'node:crypto';

export interface CachedMatchEntry {
  resultJson: string;
  promptTokens: number;
  completionTokens: number;
}

/** What FinerStore offers (cachedMatch / saveMatches); tests may use an in-memory map. */
export interface MatchCachePort {
  cachedMatch(matcherId: string, model: string, inputHash: string): CachedMatchEntry | undefined;
  saveMatches(
    entries: readonly { matcherId: string; model: string; inputHash: string; result: CachedMatchEntry }[],
  ): void;
}

export interface MatcherCosts {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** Inputs answered from the cache (no request). */
  cacheHits: number;
  /** US dollars at the endpoint's prices; null without pricing. */
  costUsd: number | null;
}

export const emptyCosts = (): MatcherCosts => ({
  requests: 0,
  promptTokens: 0,
  completionTokens: 0,
  cacheHits: 0,
  costUsd: null,
});

export function inputHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}
