// `finer-lens match`: verdicts on attribute pairs from a JSONL file, one line per case:
// {"reference": [str], "generated": [str], "domain"?: str}. Prints, per generated attribute,
// its verdict, score, matched reference attribute and reason; bad lines are reported with
// file:line and the others are still judged.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { alignAttributesAsync, type AttributeAlignment } from '../core/analysis/attributeAlignment';
import { TokenOverlapMatcher } from '../core/analysis/attributeMatching';
import { scoreMatcherAsPairwise, type PairwiseMatcher } from '../core/analysis/pairwiseMatchers';
import { parseMatchDomain, type MatchDomain } from '../core/analysis/partVocabulary';
import { EmbeddingMatcher } from '../core/analysis/semantic/embeddingMatcher';
import { JudgeMatcher } from '../core/analysis/semantic/judgeMatcher';
import type { MatcherCosts } from '../core/analysis/semantic/matchCache';
import { StructuredMatcher } from '../core/analysis/structuredMatcher';
import { InputError } from '../core/errors';
import { EmbeddingClient } from '../core/lvlm/embeddingClient';
import { LvlmClient } from '../core/lvlm/lvlmClient';
import { validateEndpoint, type LvlmEndpoint } from '../core/lvlm/lvlmEndpoint';
import type { FinerStore } from '../core/store/finerStore';
import { printJson, requireOption, UsageError, type CliIo } from './cliIo';
import { apiKeyFromEnv, numberOption, openExistingStore } from './runCliSupport';

export const matchUsage = `finer-lens match --input PAIRS.jsonl [--matcher structured|token|embedding|judge] [--domain bird|aircraft|car|dog|generic] [--json]
    [--endpoint URL --model NAME [--api-key-env VAR] [--price-input PER_1M] [--price-output PER_1M]] [--db PATH] [--threshold COSINE]
  Each line: {"reference": [str], "generated": [str], "domain"?: str}; --domain is the default domain.
  embedding and judge call the endpoint (OpenAI-compatible /v1/embeddings, /v1/chat/completions);
  with --db their results are cached in that database and reused.
  Bad lines are reported on stderr as file:line and skipped; exit code 1 only when no line could be read.`;

const MATCHERS = ['structured', 'token', 'embedding', 'judge'] as const;
type MatcherName = (typeof MATCHERS)[number];

export interface MatchCase {
  line: number;
  domain: MatchDomain;
  reference: string[];
  generated: string[];
}

export interface MatchFile {
  cases: MatchCase[];
  problems: { line: number; message: string }[];
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Reads the pairs file; bad lines become problems naming file:line and the field. */
export function parseMatchFile(text: string, fileLabel: string, defaultDomain: MatchDomain): MatchFile {
  const cases: MatchCase[] = [];
  const problems: MatchFile['problems'] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const problem = (message: string): void => {
      problems.push({ line, message: `${fileLabel}:${line}: ${message}` });
    };
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problem(`not valid JSON (${(error as Error).message})`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problem('expected a JSON object');
      return;
    }
    const o = value as Record<string, unknown>;
    if (!isStringList(o['reference'])) return problem('field "reference" must be a list of strings');
    if (!isStringList(o['generated'])) return problem('field "generated" must be a list of strings');
    let domain = defaultDomain;
    if (o['domain'] !== undefined) {
      const parsed = typeof o['domain'] === 'string' ? parseMatchDomain(o['domain']) : undefined;
      if (parsed === undefined) return problem('field "domain" must be bird, aircraft, car, dog or generic');
      domain = parsed;
    }
    cases.push({ line, domain, reference: o['reference'], generated: o['generated'] });
  });
  return { cases, problems };
}

function endpointFromFlags(values: Record<string, unknown>): LvlmEndpoint {
  const priceIn = numberOption(values, 'price-input', { min: 0 });
  const priceOut = numberOption(values, 'price-output', { min: 0 });
  return validateEndpoint({
    name: 'cli',
    baseUrl: requireOption(values, 'endpoint'),
    model: requireOption(values, 'model'),
    ...(priceIn !== undefined || priceOut !== undefined
      ? { pricing: { inputPerMTok: priceIn ?? 0, outputPerMTok: priceOut ?? 0 } }
      : {}),
  });
}

function buildMatcher(
  name: MatcherName,
  values: Record<string, unknown>,
  store: FinerStore | undefined,
): PairwiseMatcher & { costs?: MatcherCosts } {
  switch (name) {
    case 'structured':
      return new StructuredMatcher();
    case 'token':
      return scoreMatcherAsPairwise(new TokenOverlapMatcher());
    case 'embedding': {
      const endpoint = endpointFromFlags(values);
      const threshold = numberOption(values, 'threshold', { min: -1, max: 1 });
      return new EmbeddingMatcher({
        client: new EmbeddingClient(endpoint, {
          apiKey: apiKeyFromEnv(values['api-key-env'] as string | undefined),
        }),
        ...(store ? { cache: store } : {}),
        ...(threshold === undefined ? {} : { supportThreshold: threshold }),
      });
    }
    case 'judge': {
      const endpoint = endpointFromFlags(values);
      return new JudgeMatcher({
        client: new LvlmClient(endpoint, {
          apiKey: apiKeyFromEnv(values['api-key-env'] as string | undefined),
        }),
        ...(store ? { cache: store } : {}),
      });
    }
  }
}

function printCase(io: CliIo, c: MatchCase, a: AttributeAlignment): void {
  io.out(`line ${c.line} (${c.domain}):`);
  for (const g of a.generated) {
    const match = g.best ? ` ~ "${g.best.text}"` : '';
    const score = g.status === 'generic' ? '' : ` ${(g.best?.score ?? 0).toFixed(2)}`;
    io.out(`  ${g.status.padEnd(12)} "${g.text}"${score}${match} - ${g.reason}`);
  }
  const missed = a.reference.filter((r) => r.status !== 'mentioned');
  for (const r of missed)
    io.out(`  reference ${r.status}: "${r.text}"${r.status === 'contradicted' ? ` - ${r.reason}` : ''}`);
}

export async function runMatchCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      input: { type: 'string' },
      matcher: { type: 'string', default: 'structured' },
      domain: { type: 'string', default: 'generic' },
      endpoint: { type: 'string' },
      model: { type: 'string' },
      'api-key-env': { type: 'string' },
      'price-input': { type: 'string' },
      'price-output': { type: 'string' },
      threshold: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const inputPath = resolve(requireOption(values, 'input'));
  const name = values.matcher as MatcherName;
  if (!MATCHERS.includes(name))
    throw new UsageError(`--matcher must be one of ${MATCHERS.join(', ')}, not "${name}"`);
  const defaultDomain = parseMatchDomain(values.domain ?? 'generic');
  if (defaultDomain === undefined)
    throw new UsageError('--domain must be bird, aircraft, car, dog or generic');
  let text: string;
  try {
    text = readFileSync(inputPath, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${inputPath}: ${(error as Error).message}`, inputPath);
  }
  const file = parseMatchFile(text, inputPath, defaultDomain);
  const store = values.db ? await openExistingStore(values.db) : undefined;
  try {
    const matcher = buildMatcher(name, values, store);
    const results: { line: number; domain: MatchDomain; alignment: AttributeAlignment }[] = [];
    for (const c of file.cases) {
      const alignment = await alignAttributesAsync(
        c.generated,
        { required: c.reference, likely: [] },
        matcher,
        c.domain,
      );
      results.push({ line: c.line, domain: c.domain, alignment });
    }
    for (const p of file.problems) io.err(`finer-lens match: ${p.message}`);
    if (values.json) {
      printJson(io, {
        matcher: matcher.id,
        cases: results.map((r) => ({
          line: r.line,
          domain: r.domain,
          generated: r.alignment.generated.map((g) => ({
            text: g.text,
            verdict: g.status,
            score: g.best?.score ?? 0,
            match: g.best?.text ?? null,
            reason: g.reason,
            matcherId: g.matcherId,
          })),
          reference: r.alignment.reference.map((x) => ({
            text: x.text,
            verdict: x.status,
            reason: x.reason,
          })),
          summary: r.alignment.summary,
        })),
        problems: file.problems.map((p) => p.message),
        ...(matcher.costs ? { costs: matcher.costs } : {}),
      });
    } else {
      for (const r of results)
        printCase(io, file.cases.find((c) => c.line === r.line) as MatchCase, r.alignment);
      const c = matcher.costs;
      if (c) {
        const cost = c.costUsd === null ? '' : `, $${c.costUsd.toFixed(4)}`;
        io.out(
          `${matcher.id}: ${c.requests} request(s), ${c.promptTokens} prompt + ${c.completionTokens} completion tokens, ${c.cacheHits} from the cache${cost}`,
        );
      }
    }
    return file.problems.length > 0 && results.length === 0 ? 1 : 0;
  } finally {
    await store?.close();
  }
}
