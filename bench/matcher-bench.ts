// Attribute matchers on the labelled evaluation set (bench/data/attribute-eval): precision and
// recall of "supported" and of "contradicted" per matcher, on the development file (written
// while building the structured matcher) and the held-out file (written after, never tuned on).
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StructuredMatcher } from '../src/core/analysis/structuredMatcher';
import { TokenOverlapMatcher } from '../src/core/analysis/attributeMatching';
import { readEvaluationCases } from '../src/core/analysis/evaluationCases';
import { evaluateMatcher } from '../src/core/analysis/matcherEvaluation';
import {
  scoreMatcherAsPairwise,
  structuredPairwise,
  type PairwiseMatcher,
} from '../src/core/analysis/pairwiseMatchers';
import { EmbeddingMatcher } from '../src/core/analysis/semantic/embeddingMatcher';
import { JudgeMatcher } from '../src/core/analysis/semantic/judgeMatcher';
import { EmbeddingClient } from '../src/core/lvlm/embeddingClient';
import { LvlmClient } from '../src/core/lvlm/lvlmClient';
import { validateEndpoint } from '../src/core/lvlm/lvlmEndpoint';

const DATA = join(__dirname, '..', '..', 'bench', 'data', 'attribute-eval');

/**
 * The semantic matchers need a real endpoint: FINER_LENS_BENCH_EMBEDDING_MODEL and/or
 * FINER_LENS_BENCH_JUDGE_MODEL with FINER_LENS_BENCH_ENDPOINT (and FINER_LENS_BENCH_API_KEY).
 */
function semanticMatchers(): PairwiseMatcher[] {
  const env = process.env;
  const baseUrl = env['FINER_LENS_BENCH_ENDPOINT'];
  if (!baseUrl) return [];
  const apiKey = env['FINER_LENS_BENCH_API_KEY'];
  const out: PairwiseMatcher[] = [];
  const embedding = env['FINER_LENS_BENCH_EMBEDDING_MODEL'];
  if (embedding) {
    const endpoint = validateEndpoint({ name: 'bench', baseUrl, model: embedding });
    out.push(new EmbeddingMatcher({ client: new EmbeddingClient(endpoint, apiKey ? { apiKey } : {}) }));
  }
  const judge = env['FINER_LENS_BENCH_JUDGE_MODEL'];
  if (judge) {
    const endpoint = validateEndpoint({ name: 'bench', baseUrl, model: judge });
    out.push(new JudgeMatcher({ client: new LvlmClient(endpoint, apiKey ? { apiKey } : {}) }));
  }
  return out;
}

export async function runMatcherBench(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const matchers = [
    structuredPairwise(),
    scoreMatcherAsPairwise(new TokenOverlapMatcher()),
    ...semanticMatchers(),
  ];
  for (const file of ['dev', 'heldout']) {
    const { cases, problems } = readEvaluationCases(join(DATA, `${file}.jsonl`));
    if (problems.length > 0) throw new Error(problems.join('\n'));
    figures[`${file}.cases`] = cases.length;
    for (const matcher of matchers) {
      const e = await evaluateMatcher(matcher, cases);
      const round = (v: number | undefined): number => Math.round((v ?? 0) * 1000) / 1000;
      const key = `${file}.${matcher.id}`;
      figures[`${key}.supported.precision`] = round(e.perVerdict.supported.precision);
      figures[`${key}.supported.recall`] = round(e.perVerdict.supported.recall);
      figures[`${key}.contradicted.precision`] = round(e.perVerdict.contradicted.precision);
      figures[`${key}.contradicted.recall`] = round(e.perVerdict.contradicted.recall);
      figures[`${key}.accuracy`] = round(e.accuracy);
    }
  }
  figures['structured.pairsPerSecond'] = structuredThroughput();
  return figures;
}

/** Pairs judged per second on fresh phrases (parse cache cold), the panel's and CLI's cost. */
function structuredThroughput(): number {
  const { cases } = readEvaluationCases(join(DATA, 'dev.jsonl'));
  const matcher = new StructuredMatcher();
  let pairs = 0;
  const start = performance.now();
  for (let round = 0; round < 20; round++) {
    for (const c of cases) {
      // A new suffix per round defeats the parse cache, as new phrases would.
      const generated = [`${c.generated} ${round === 0 ? '' : `r${round}`}`];
      matcher.forDomain(c.domain).judgeAll(generated, c.reference);
      pairs += c.reference.length;
    }
  }
  return Math.round(pairs / ((performance.now() - start) / 1000));
}
