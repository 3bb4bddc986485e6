// The common shape of every verdict-giving matcher (structured, token, embedding, judge), and
// adapters: a score-only AttributeMatcher becomes a pairwise matcher by its threshold.
import type { AttributeMatcher } from './attributeMatching';
import type { PairJudgement, PairwiseJudgements } from './attributeVerdicts';
import type { MatchDomain } from './partVocabulary';
import { StructuredMatcher } from './structuredMatcher';

export interface PairwiseMatcher {
  readonly id: string;
  readonly describe: string;
  judgeAll(
    generated: readonly string[],
    reference: readonly string[],
    domain: MatchDomain,
  ): PairwiseJudgements | Promise<PairwiseJudgements>;
}

/** A synchronous pairwise matcher (structured, token): usable where no await is possible. */
export interface SyncPairwiseMatcher extends PairwiseMatcher {
  judgeAll(
    generated: readonly string[],
    reference: readonly string[],
    domain: MatchDomain,
  ): PairwiseJudgements;
}

/** Score-only matchers: at or above the threshold supports, else unrelated; never generic. */
export function scoreMatcherAsPairwise(matcher: AttributeMatcher): SyncPairwiseMatcher {
  return {
    id: matcher.id,
    describe: matcher.describe,
    judgeAll(generated, reference): PairwiseJudgements {
      const pairs = generated.map((g) =>
        reference.map((r): PairJudgement => {
          const score = matcher.score(g, r);
          return score >= matcher.threshold
            ? {
                relation: 'supports',
                score,
                reason: `${matcher.id} score ${score.toFixed(2)} ≥ ${matcher.threshold}`,
              }
            : {
                relation: 'unrelated',
                score,
                reason: `${matcher.id} score ${score.toFixed(2)} < ${matcher.threshold}`,
              };
        }),
      );
      return { pairs, generic: generated.map(() => null) };
    },
  };
}

/** The structured matcher; it keeps one parse cache per family. */
export function structuredPairwise(): SyncPairwiseMatcher {
  return new StructuredMatcher();
}
