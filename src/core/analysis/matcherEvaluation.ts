// Scores a matcher on a labelled evaluation set (bench/data/attribute-eval/*.jsonl): one
// generated attribute against a reference list, with the verdict a person expects. Gives
// precision and recall per verdict and the confusion matrix.
import { GENERATED_VERDICTS, verdictsFromPairs, type GeneratedVerdict } from './attributeVerdicts';
import type { PairwiseMatcher } from './pairwiseMatchers';
import type { MatchDomain } from './partVocabulary';

export interface EvaluationCase {
  id: string;
  domain: MatchDomain;
  reference: string[];
  generated: string;
  expected: GeneratedVerdict;
}

export interface VerdictFigures {
  precision: number | undefined;
  recall: number | undefined;
  /** Cases predicted with this verdict / expected with it. */
  predicted: number;
  expected: number;
}

export interface MatcherEvaluation {
  matcherId: string;
  cases: number;
  accuracy: number;
  perVerdict: Record<GeneratedVerdict, VerdictFigures>;
  /** confusion[expected][predicted] = count. */
  confusion: Record<GeneratedVerdict, Record<GeneratedVerdict, number>>;
  mistakes: {
    id: string;
    generated: string;
    expected: GeneratedVerdict;
    got: GeneratedVerdict;
    reason: string;
  }[];
}

export async function evaluateMatcher(
  matcher: PairwiseMatcher,
  cases: readonly EvaluationCase[],
): Promise<MatcherEvaluation> {
  const zeroRow = (): Record<GeneratedVerdict, number> => ({
    supported: 0,
    contradicted: 0,
    unsupported: 0,
    generic: 0,
  });
  const confusion = {
    supported: zeroRow(),
    contradicted: zeroRow(),
    unsupported: zeroRow(),
    generic: zeroRow(),
  };
  const mistakes: MatcherEvaluation['mistakes'] = [];
  let correct = 0;
  for (const c of cases) {
    const judgements = await matcher.judgeAll([c.generated], c.reference, c.domain);
    const v = verdictsFromPairs([c.generated], c.reference, judgements, matcher.id).generated[0];
    const got = v?.verdict ?? 'unsupported';
    confusion[c.expected][got] += 1;
    if (got === c.expected) correct += 1;
    else
      mistakes.push({ id: c.id, generated: c.generated, expected: c.expected, got, reason: v?.reason ?? '' });
  }
  const perVerdict = {} as Record<GeneratedVerdict, VerdictFigures>;
  for (const verdict of GENERATED_VERDICTS) {
    const tp = confusion[verdict][verdict];
    const predicted = GENERATED_VERDICTS.reduce((sum, e) => sum + confusion[e][verdict], 0);
    const expected = GENERATED_VERDICTS.reduce((sum, p) => sum + confusion[verdict][p], 0);
    perVerdict[verdict] = {
      precision: predicted === 0 ? undefined : tp / predicted,
      recall: expected === 0 ? undefined : tp / expected,
      predicted,
      expected,
    };
  }
  return {
    matcherId: matcher.id,
    cases: cases.length,
    accuracy: cases.length === 0 ? 0 : correct / cases.length,
    perVerdict,
    confusion,
    mistakes,
  };
}
