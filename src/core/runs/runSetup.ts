// Turns what a user asked for (dataset, slice, strategy, level or "all", endpoint, parameters)
// into a stored run, and sets a stored run up again (prompt builder, plan) to resume or export.
import { FinerLensError } from '../errors';
import type { LvlmEndpoint } from '../lvlm/lvlmEndpoint';
import type { Dataset, LabelLevel } from '../model';
import { familyForDataset } from '../prompts/datasetFamily';
import { PromptBuilder } from '../prompts/promptBuilder';
import {
  DEFAULT_PROTOCOL,
  isPromptProtocol,
  protocolDecoding,
  type PromptProtocol,
} from '../prompts/promptProtocols';
import { DATASET_FAMILIES, type DatasetFamily } from '../prompts/promptTypes';
import type { TemplateOverrides } from '../prompts/templateOverrides';
import { planRun, type RunPlan } from './runPlan';
import type { RunStore } from './runStore';
import type { NewRunRecord, RunRecord, RunSlice, RunSource, RunStrategy, StoredEndpoint } from './runTypes';

export type LevelChoice = LabelLevel | 'all';

export interface RunRequest {
  datasetId: number;
  strategy: RunStrategy;
  level: LevelChoice;
  endpoint: LvlmEndpoint;
  slice?: RunSlice;
  name?: string;
  goldConditioning?: boolean;
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  templates?: TemplateOverrides | null;
  /** Prompt protocol (default DEFAULT_PROTOCOL, finer-reference). */
  protocol?: PromptProtocol;
  /** Template family; guessed from the dataset name when absent. */
  family?: DatasetFamily;
  concurrency?: number;
  requestsPerMinute?: number;
  source?: RunSource;
  counterfactualAttributes?: Record<string, string>;
}

/** The levels a strategy answers for a level choice; throws for combinations that make no sense. */
export function levelsFor(strategy: RunStrategy, choice: LevelChoice): LabelLevel[] {
  switch (strategy) {
    case 'direct':
      return choice === 'all' ? ['superordinate', 'coarse', 'fine'] : [choice];
    case 'attrseek':
    case 'counterfactual':
      if (choice === 'superordinate') {
        throw new FinerLensError(`${strategy} asks for coarse or fine labels, not superordinate.`);
      }
      return choice === 'all' ? ['coarse', 'fine'] : [choice];
    case 'text-only':
    case 'attribute-generation':
      if (choice !== 'all' && choice !== 'fine') {
        throw new FinerLensError(`${strategy} works at the fine level only.`);
      }
      return ['fine'];
  }
}

/** The endpoint as stored: no headers (they may carry tokens), never a key. */
export function storedEndpoint(endpoint: LvlmEndpoint): StoredEndpoint {
  const stored: StoredEndpoint = {
    name: endpoint.name,
    baseUrl: endpoint.baseUrl,
    model: endpoint.model,
    kind: endpoint.kind,
  };
  if (endpoint.azureApiVersion !== undefined) stored.azureApiVersion = endpoint.azureApiVersion;
  if (endpoint.azureDeployment !== undefined) stored.azureDeployment = endpoint.azureDeployment;
  if (endpoint.pricing !== undefined) stored.pricing = { ...endpoint.pricing };
  if (endpoint.tokenLimitParam !== undefined) stored.tokenLimitParam = endpoint.tokenLimitParam;
  return stored;
}

export function createRunFromRequest(store: RunStore, request: RunRequest): RunRecord {
  const id = store.createRun(newRunRecordFor(store, request));
  const run = store.getRun(id);
  if (!run) throw new FinerLensError(`Run ${id} vanished right after it was created.`);
  return run;
}

/** The run a request describes, not stored (createRunFromRequest stores it; --dry-run does not). */
export function newRunRecordFor(store: RunStore, request: RunRequest): NewRunRecord {
  const dataset = store.getDataset(request.datasetId);
  if (!dataset) throw new FinerLensError(`Dataset ${request.datasetId} does not exist.`);
  const levels = levelsFor(request.strategy, request.level);
  const family = request.family ?? familyForDataset(dataset.name);
  const protocol = request.protocol ?? DEFAULT_PROTOCOL;
  const builder = new PromptBuilder(family, request.templates ?? null, protocol);
  const kind =
    request.strategy === 'attribute-generation'
      ? 'attribute-generation'
      : request.strategy === 'text-only'
        ? 'knowledge-probe'
        : 'fine';
  const decoding = protocolDecoding(protocol, kind);
  const fixedBudget = decoding.maxTokens !== protocolDecoding(protocol, 'fine').maxTokens;
  const seed = request.seed ?? request.endpoint.defaults.seed;
  // The endpoint's defaults (FINER's 0.2 / 512 unless the user changed them) apply unless the
  // request overrides them; prompts with their own shorter budget in the protocol (attribute
  // generation, and the probe under finer-reference: 256) keep it.
  const params: RunRecord['params'] = {
    temperature: request.temperature ?? request.endpoint.defaults.temperature ?? decoding.temperature,
    maxTokens:
      request.maxTokens ??
      (fixedBudget ? decoding.maxTokens : (request.endpoint.defaults.maxTokens ?? decoding.maxTokens)),
  };
  if (seed !== undefined) params.seed = seed;
  const when = new Date().toISOString().replace('T', ' ').slice(0, 19);
  return {
    datasetId: dataset.id,
    name: request.name ?? `${request.strategy} ${request.level} · ${request.endpoint.model} · ${when}`,
    strategy: request.strategy,
    levels,
    slice: request.slice ?? { kind: 'dataset' },
    endpoint: storedEndpoint(request.endpoint),
    model: request.endpoint.model,
    params,
    goldConditioning: request.goldConditioning ?? protocol === 'finer-reference',
    protocol,
    templateFamily: family,
    templateHash: builder.templateHash,
    templates: request.templates ?? null,
    concurrency: request.concurrency ?? 8,
    requestsPerMinute: request.requestsPerMinute ?? null,
    source: request.source ?? 'live',
    ...(request.counterfactualAttributes
      ? { counterfactualAttributes: request.counterfactualAttributes }
      : {}),
    status: 'pending',
  };
}

/** The prompt builder a stored run was planned with; refuses when its templates changed. */
export function builderForRun(run: RunRecord): PromptBuilder {
  const family = (DATASET_FAMILIES as readonly string[]).includes(run.templateFamily)
    ? (run.templateFamily as DatasetFamily)
    : 'generic';
  const protocol = isPromptProtocol(run.protocol) ? run.protocol : 'finer-lens-v1';
  const builder = new PromptBuilder(family, run.templates, protocol);
  if (run.templateHash !== '' && builder.templateHash !== run.templateHash) {
    throw new FinerLensError(
      `Run ${run.id} was made with other templates (hash ${run.templateHash.slice(0, 12)}); the built-in templates changed since. Start a new run.`,
    );
  }
  return builder;
}

export interface StoredRunSetup {
  run: RunRecord;
  dataset: Dataset;
  builder: PromptBuilder;
  plan: RunPlan;
}

/** A stored run ready to execute or export: its dataset, prompt builder and what is left to do. */
export function setupStoredRun(
  store: RunStore,
  runId: number,
  options: { retryErrors?: boolean } = {},
): StoredRunSetup {
  const run = store.getRun(runId);
  if (!run) throw new FinerLensError(`Run ${runId} does not exist.`);
  const dataset = store.getDataset(run.datasetId);
  if (!dataset) throw new FinerLensError(`The dataset of run ${runId} is gone.`);
  const builder = builderForRun(run);
  return { run, dataset, builder, plan: planRun(store, run, { retryErrors: options.retryErrors ?? false }) };
}
