// One strategy on one sample, for the editor: each turn streams (onDelta), the result is saved
// as a one-sample run, and the parsed attributes, answer and scores come back per level.
import { FinerLensError } from '../errors';
import type { LvlmClient } from '../lvlm/lvlmClient';
import type { LvlmEndpoint } from '../lvlm/lvlmEndpoint';
import { RequestLimiter } from '../lvlm/requestLimiter';
import type { LabelLevel } from '../model';
import type { PromptProtocol } from '../prompts/promptProtocols';
import type { TemplateOverrides } from '../prompts/templateOverrides';
import { builderForRun, createRunFromRequest, type LevelChoice } from './runSetup';
import type { RunStore } from './runStore';
import { DatasetImageReader } from '../images/datasetImageFile';
import { loadTaskSample } from './sampleImages';
import { executeTask, type SendTurn } from './runTasks';
import type { PredictionRow, RunStrategy } from './runTypes';

export interface SingleSampleRequest {
  sampleId: number;
  strategy: Exclude<RunStrategy, 'attribute-generation'>;
  level: LevelChoice;
  endpoint: LvlmEndpoint;
  /** Default: the protocol's own (on under finer-reference, off under finer-lens-v1). */
  goldConditioning?: boolean;
  /** Prompt protocol (default finer-reference). */
  protocol?: PromptProtocol;
  templates?: TemplateOverrides | null;
  seed?: number;
  temperature?: number;
  maxTokens?: number;
  /** Counterfactual: the turn-1 attribute text to answer from. */
  counterfactualAttributes?: string;
  signal?: AbortSignal;
  /** Streamed text as it arrives; turn 1 = attributes (ATTRSEEK) or the only turn, 2 = ATTRSEEK answer. */
  onDelta?: (event: { level: LabelLevel; turn: 1 | 2; text: string }) => void;
  /** A retry starts after text was streamed: drop what `onDelta` gave for this turn so far. */
  onDiscard?: (event: { level: LabelLevel; turn: 1 | 2 }) => void;
  /** Called when a level's result is stored. */
  onLevelDone?: (result: PredictionRow) => void;
  imageMaxSide?: number;
  /** Largest image file read, in bytes (default 50 MB). */
  maxImageBytes?: number;
}

export interface SingleSampleResult {
  runId: number;
  /** Per level: parsed attributes (turn1 / attribute list), raw texts, answer, FINER EM (lenient), strict EM, F1, error. */
  results: PredictionRow[];
}

interface SingleSampleDeps {
  store: RunStore;
  createClient: (endpoint: LvlmEndpoint, limiter: RequestLimiter) => LvlmClient;
}

export async function runSingleSample(
  deps: SingleSampleDeps,
  request: SingleSampleRequest,
): Promise<SingleSampleResult> {
  const { store } = deps;
  const sample = store.getSample(request.sampleId);
  if (!sample) throw new FinerLensError(`Sample ${request.sampleId} does not exist.`);
  const dataset = store.getDataset(sample.datasetId);
  if (!dataset) throw new FinerLensError(`The dataset of sample ${request.sampleId} is gone.`);
  const run = createRunFromRequest(store, {
    datasetId: sample.datasetId,
    strategy: request.strategy,
    level: request.level,
    endpoint: request.endpoint,
    slice: { kind: 'samples', sampleIds: [sample.id] },
    name: `${request.strategy} on sample ${sample.idx} · ${request.endpoint.model}`,
    ...(request.goldConditioning === undefined ? {} : { goldConditioning: request.goldConditioning }),
    ...(request.protocol === undefined ? {} : { protocol: request.protocol }),
    templates: request.templates ?? null,
    concurrency: 1,
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.maxTokens === undefined ? {} : { maxTokens: request.maxTokens }),
    ...(request.counterfactualAttributes === undefined
      ? {}
      : { counterfactualAttributes: { [String(sample.id)]: request.counterfactualAttributes } }),
  });
  const builder = builderForRun(run);
  store.updateRunState(run.id, { status: 'running', totalTasks: run.levels.length });
  const reader = new DatasetImageReader(dataset.rootDir, request.maxImageBytes);
  const input = await loadTaskSample(store, run.strategy, reader, sample, request.imageMaxSide);
  const client = deps.createClient(request.endpoint, new RequestLimiter({ concurrency: 1 }));
  const results: PredictionRow[] = [];
  try {
    for (const level of run.levels) {
      const send: SendTurn = async (messages, params, turn) => {
        const result = await client.chat(
          messages,
          { ...params, stream: true },
          {
            ...(request.signal ? { signal: request.signal } : {}),
            onDelta: (text) => request.onDelta?.({ level, turn, text }),
            onDiscard: () => request.onDiscard?.({ level, turn }),
          },
        );
        return { result, fromCache: false };
      };
      const row = await executeTask(run, builder, input, level, send);
      await store.saveRunResults(run.id, [row]);
      results.push(row);
      request.onLevelDone?.(row);
    }
  } catch (error) {
    store.updateRunState(run.id, { status: 'cancelled' });
    throw error;
  }
  store.updateRunState(run.id, { status: 'done' });
  return { runId: run.id, results };
}
