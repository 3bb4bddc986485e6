// `finer-lens run`: a batch run of a strategy over a dataset against an OpenAI-compatible endpoint,
// or (--batch-export) the run's requests written as OpenAI Batch JSONL instead of being sent,
// or (--dry-run) the exact request bodies written as JSONL with an estimate, nothing sent or stored.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FinerLensError } from '../core/errors';
import { LvlmClient } from '../core/lvlm/lvlmClient';
import { validateEndpoint, type LvlmEndpoint } from '../core/lvlm/lvlmEndpoint';
import { loadTemplateOverrides } from '../core/prompts/templateOverrides';
import { TOKEN_LIMIT_PARAMS } from '../core/lvlm/chatMessages';
import { DEFAULT_PROTOCOL, PROMPT_PROTOCOLS, isPromptProtocol } from '../core/prompts/promptProtocols';
import { writeDryRun, type DryRunSummary } from '../core/runs/dryRun';
import { exportBatchRequests } from '../core/runs/openAiBatch';
import { endpointOfRun, RunEngine, type RunOutcome } from '../core/runs/runEngine';
import {
  createRunFromRequest,
  newRunRecordFor,
  type LevelChoice,
  type RunRequest,
} from '../core/runs/runSetup';
import type { LabelLevel } from '../core/model';
import { RUN_STRATEGIES, type RunSlice, type RunStrategy } from '../core/runs/runTypes';
import type { FinerStore } from '../core/store/finerStore';
import { printJson, requireOption, UsageError, type CliIo } from './cliIo';
import { apiKeyFromEnv, numberOption, openExistingStore, resumeCommand } from './runCliSupport';
import { RunProgressDisplay, type ProgressStream } from './runProgressDisplay';
import { reportRunOutcome } from './runReport';

export const runUsage = `finer-lens run --db PATH --dataset NAME --strategy direct|attrseek|text-only|attribute-generation
    --level superordinate|coarse|fine|all --endpoint URL --model NAME [--api-key-env VAR] [--concurrency N]
    [--rpm N] [--limit N] [--protocol ${PROMPT_PROTOCOLS.join('|')}] [--gold-conditioning | --no-gold-conditioning]
    [--seed S] [--temperature T] [--max-tokens N] [--token-param max_tokens|max_completion_tokens] [--timeout-ms N]
    [--max-consecutive-fatal N] [--price-input PER_1M] [--price-output PER_1M] [--no-cache] [--retry-errors] [--templates FILE]
    [--tag TAG | --misclassified RUN_ID:LEVEL | --samples ID,ID,...] [--max-image-mb MB] [--batch-export FILE | --dry-run FILE] [--json]
  finer-lens run --db PATH --resume RUN_ID [--api-key-env VAR] [--retry-errors] [...]
  --protocol: prompt protocol (default ${DEFAULT_PROTOCOL}; see docs/prompts.md). Gold conditioning defaults to on
  under finer-reference (as in the reference scripts) and off under finer-lens-v1.
  --token-param max_completion_tokens: send the token limit in that field (OpenAI's newer models reject max_tokens).
  --dry-run FILE: write the exact request bodies as JSONL (images as their SHA-256 and size) and print an
  estimate of requests and tokens; nothing is sent and no run is stored.
  --timeout-ms: limit for each attempt of a request (default 60000); timeouts, 5xx, 429 and malformed
  answers are retried (4 attempts in all, exponential backoff with jitter).
  --max-consecutive-fatal N: stop after N consecutive 401/403/404 answers (default 5, 0 = never); exit code 1.
  At the end the errors are listed by kind (count, first 3 with sample idx); exit code 1 when every request failed.
  The API key is read only from the environment variable named by --api-key-env ("none" is sent without it).
  --max-image-mb: image files larger than this are refused per sample (default 50).
  Ctrl-C cancels cleanly (exit code 130); every completed result is kept and --resume continues the run.`;

const LEVELS = ['superordinate', 'coarse', 'fine', 'all'];

export interface RunCommandEnv {
  /** Where progress goes (default process.stderr). */
  progress?: ProgressStream;
  /** Cancels the run (default: SIGINT). */
  signal?: AbortSignal;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      dataset: { type: 'string' },
      strategy: { type: 'string' },
      level: { type: 'string' },
      endpoint: { type: 'string' },
      model: { type: 'string' },
      'api-key-env': { type: 'string' },
      concurrency: { type: 'string' },
      rpm: { type: 'string' },
      limit: { type: 'string' },
      'gold-conditioning': { type: 'boolean' },
      'no-gold-conditioning': { type: 'boolean' },
      protocol: { type: 'string' },
      'token-param': { type: 'string' },
      'dry-run': { type: 'string' },
      seed: { type: 'string' },
      temperature: { type: 'string' },
      'max-tokens': { type: 'string' },
      'timeout-ms': { type: 'string' },
      'max-consecutive-fatal': { type: 'string' },
      'price-input': { type: 'string' },
      'price-output': { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      resume: { type: 'string' },
      'retry-errors': { type: 'boolean', default: false },
      templates: { type: 'string' },
      'batch-export': { type: 'string' },
      tag: { type: 'string' },
      misclassified: { type: 'string' },
      samples: { type: 'string' },
      'max-image-mb': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
}

type RunValues = ReturnType<typeof parse>['values'];

function endpointFromFlags(values: RunValues): LvlmEndpoint {
  const priceIn = numberOption(values, 'price-input', { min: 0 });
  const priceOut = numberOption(values, 'price-output', { min: 0 });
  const tokenParam = values['token-param'];
  if (tokenParam !== undefined && !(TOKEN_LIMIT_PARAMS as readonly string[]).includes(tokenParam)) {
    throw new UsageError(`--token-param must be ${TOKEN_LIMIT_PARAMS.join(' or ')}, not "${tokenParam}"`);
  }
  return validateEndpoint({
    name: 'cli',
    baseUrl: requireOption(values, 'endpoint'),
    model: requireOption(values, 'model'),
    ...(tokenParam === undefined ? {} : { tokenLimitParam: tokenParam }),
    ...(priceIn !== undefined || priceOut !== undefined
      ? { pricing: { inputPerMTok: priceIn ?? 0, outputPerMTok: priceOut ?? 0 } }
      : {}),
  });
}

function sliceFromFlags(values: RunValues): RunSlice {
  const chosen = [values.tag, values.misclassified, values.samples].filter((v) => v !== undefined);
  if (chosen.length > 1) throw new UsageError('give at most one of --tag, --misclassified, --samples');
  if (values.tag !== undefined) return { kind: 'tag', tag: values.tag };
  if (values.misclassified !== undefined) {
    const m = /^(\d+):(superordinate|coarse|fine)$/.exec(values.misclassified);
    if (!m) throw new UsageError('--misclassified takes RUN_ID:LEVEL, e.g. 3:fine');
    return { kind: 'misclassified', runId: Number(m[1]), level: m[2] as LabelLevel };
  }
  if (values.samples !== undefined) {
    const ids = values.samples.split(',').map((id) => Number(id.trim()));
    if (ids.some((id) => !Number.isInteger(id) || id < 1))
      throw new UsageError('--samples takes sample ids, e.g. 4,17,23');
    return { kind: 'samples', sampleIds: ids };
  }
  return { kind: 'dataset' };
}

function goldConditioningFromFlags(values: RunValues): boolean | undefined {
  if (values['gold-conditioning'] && values['no-gold-conditioning'])
    throw new UsageError('give --gold-conditioning or --no-gold-conditioning, not both');
  if (values['gold-conditioning']) return true;
  if (values['no-gold-conditioning']) return false;
  return undefined;
}

async function runRequestFromFlags(store: FinerStore, values: RunValues): Promise<RunRequest> {
  const datasetName = requireOption(values, 'dataset');
  const dataset = store.findDatasetByName(datasetName);
  if (!dataset) throw new FinerLensError(`no dataset named "${datasetName}" in the database`);
  const strategy = requireOption(values, 'strategy');
  if (!(RUN_STRATEGIES as readonly string[]).includes(strategy) || strategy === 'counterfactual') {
    throw new UsageError(
      `--strategy must be direct, attrseek, text-only or attribute-generation, not "${strategy}"`,
    );
  }
  const level = requireOption(values, 'level');
  if (!LEVELS.includes(level))
    throw new UsageError(`--level must be one of ${LEVELS.join(', ')}, not "${level}"`);
  const limit = numberOption(values, 'limit', { integer: true, min: 1 });
  const seed = numberOption(values, 'seed', { integer: true });
  const temperature = numberOption(values, 'temperature', { min: 0, max: 2 });
  const maxTokens = numberOption(values, 'max-tokens', { integer: true, min: 1 });
  const concurrency = numberOption(values, 'concurrency', { integer: true, min: 1 });
  const rpm = numberOption(values, 'rpm', { integer: true, min: 1 });
  const templates = values.templates ? await loadTemplateOverrides(resolve(values.templates)) : null;
  const protocol = values.protocol ?? DEFAULT_PROTOCOL;
  if (!isPromptProtocol(protocol))
    throw new UsageError(`--protocol must be one of ${PROMPT_PROTOCOLS.join(', ')}, not "${protocol}"`);
  const gold = goldConditioningFromFlags(values);
  return {
    datasetId: dataset.id,
    strategy: strategy as RunStrategy,
    level: level as LevelChoice,
    endpoint: endpointFromFlags(values),
    slice: { ...sliceFromFlags(values), ...(limit === undefined ? {} : { limit }) },
    protocol,
    ...(gold === undefined ? {} : { goldConditioning: gold }),
    templates,
    source: values['batch-export'] ? 'batch' : 'live',
    ...(seed === undefined ? {} : { seed }),
    ...(temperature === undefined ? {} : { temperature }),
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(rpm === undefined ? {} : { requestsPerMinute: rpm }),
  };
}

async function createRun(store: FinerStore, values: RunValues): Promise<number> {
  return createRunFromRequest(store, await runRequestFromFlags(store, values)).id;
}

function printDryRun(io: CliIo, summary: DryRunSummary, json: boolean): void {
  if (json) {
    printJson(io, { dryRun: true, ...summary });
    return;
  }
  io.out(`dry run: ${summary.requests} requests written to ${summary.file}; nothing was sent`);
  io.out(
    `estimate: ~${summary.estimatedInputTokens} input tokens, at most ${summary.maxOutputTokens} output tokens`,
  );
  if (summary.errors > 0) {
    io.out(`${summary.errors} tasks could not be built:`);
    for (const e of summary.firstErrors) io.out(`  ${e}`);
  }
  if (summary.dependentRequests > 0)
    io.out(
      `${summary.dependentRequests} ATTRSEEK turn-2 requests carry turn 1's reply, unknown before the run: ` +
        'their lines say "dependsOn": "turn1", hold a placeholder for it, and are estimated with turn 1\'s token limit.',
    );
}

export async function runRunCommand(argv: string[], io: CliIo, env: RunCommandEnv = {}): Promise<number> {
  const { values } = parse(argv);
  const dbOption = requireOption(values, 'db');
  const apiKey = apiKeyFromEnv(values['api-key-env']);
  // Checked before the run is created, so a bad value leaves no run behind.
  const maxImageMb = numberOption(values, 'max-image-mb', { min: 0.001 });
  const imageLimit = maxImageMb === undefined ? {} : { maxImageBytes: Math.round(maxImageMb * 1024 * 1024) };
  const store = await openExistingStore(dbOption);
  try {
    if (values['dry-run'] !== undefined) {
      if (values.resume !== undefined || values['batch-export'] !== undefined)
        throw new UsageError('--dry-run describes a new run: not with --resume or --batch-export');
      const request = await runRequestFromFlags(store, values);
      const summary = await writeDryRun(
        store,
        newRunRecordFor(store, request),
        request.endpoint,
        resolve(values['dry-run']),
        imageLimit,
      );
      printDryRun(io, summary, values.json === true);
      return 0;
    }
    const resumeId = numberOption(values, 'resume', { integer: true, min: 1 });
    const runId = resumeId ?? (await createRun(store, values));
    const run = store.getRun(runId);
    if (!run) throw new FinerLensError(`run ${runId} does not exist`);
    const resumeHint = resumeCommand(dbOption, runId, values['api-key-env']);
    const about = `${run.strategy}, ${run.levels.join('+')}, ${run.model}`;
    // First, before anything can fail or be killed: the id is what the user needs to resume.
    if (values['batch-export']) io.err(`run ${runId} created (${about})`);
    else
      io.err(
        `run ${runId} ${resumeId === undefined ? 'created' : 'resumed'} (${about}); resume with: ${resumeHint}`,
      );
    if (values['batch-export']) {
      const summary = await exportBatchRequests(store, runId, resolve(values['batch-export']), imageLimit);
      if (values.json) printJson(io, { runId, ...summary });
      else
        io.out(
          `run ${runId}: ${summary.requests} requests written to ${summary.file} (${summary.errors} errors stored)`,
        );
      return 0;
    }
    const timeoutMs = numberOption(values, 'timeout-ms', { integer: true, min: 1 });
    const engine = new RunEngine({
      store,
      createClient: (endpoint, limiter) =>
        new LvlmClient(endpoint, {
          limiter,
          ...(apiKey ? { apiKey } : {}),
          ...(timeoutMs ? { timeoutMs } : {}),
        }),
    });
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    if (env.signal) env.signal.addEventListener('abort', onSigint, { once: true });
    else process.once('SIGINT', onSigint);
    const display = new RunProgressDisplay(env.progress ?? process.stderr);
    let outcome: RunOutcome;
    try {
      const concurrency = numberOption(values, 'concurrency', { integer: true, min: 1 });
      const rpm = numberOption(values, 'rpm', { integer: true, min: 1 });
      const maxConsecutiveFatal = numberOption(values, 'max-consecutive-fatal', { integer: true, min: 0 });
      outcome = await engine.execute(runId, {
        signal: controller.signal,
        onProgress: (p) => display.update(p),
        retryErrors: values['retry-errors'] === true,
        ...(maxConsecutiveFatal === undefined ? {} : { maxConsecutiveFatal }),
        useCache: values['no-cache'] !== true,
        endpoint: values.endpoint && resumeId === undefined ? endpointFromFlags(values) : endpointOfRun(run),
        ...imageLimit,
        ...(resumeId !== undefined && concurrency !== undefined ? { concurrency } : {}),
        ...(resumeId !== undefined && rpm !== undefined ? { requestsPerMinute: rpm } : {}),
      });
    } finally {
      display.finish();
      process.removeListener('SIGINT', onSigint);
    }
    return reportRunOutcome(io, store, outcome, values.json === true, resumeHint);
  } finally {
    await store.close();
  }
}
