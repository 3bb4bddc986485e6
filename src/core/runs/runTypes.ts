// Types of batch runs: what a run asks (slice, strategy, levels, endpoint, parameters), what
// each request stored, and the progress / metrics reported while and after it runs.
import type { TokenLimitParam } from '../lvlm/chatMessages';
import type { LabelLevel } from '../model';
import type { TemplateOverrides } from '../prompts/templateOverrides';
import type { StoredResolution } from '../scoring/classResolution';

export type RunStrategy = 'direct' | 'attrseek' | 'text-only' | 'attribute-generation' | 'counterfactual';
export const RUN_STRATEGIES: readonly RunStrategy[] = [
  'direct',
  'attrseek',
  'text-only',
  'attribute-generation',
  'counterfactual',
];

/** Which samples a run covers. `limit` keeps the first N (by idx) and is part of the run, so resume sees the same set. */
export type RunSlice = (
  | { kind: 'dataset' }
  /** A node of the label tree: superordinate, optionally narrowed to a coarse and a fine label (primary labels). */
  | { kind: 'class'; superordinate: string; coarse?: string; fine?: string }
  | { kind: 'tag'; tag: string }
  /** Samples whose prediction at `level` in run `runId` scored FINER EM 0 or failed. */
  | { kind: 'misclassified'; runId: number; level: LabelLevel }
  | { kind: 'samples'; sampleIds: number[] }
) & { limit?: number };

/** Where a run's responses come from. */
export type RunSource = 'live' | 'batch' | 'import';

export type RunStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

/** Sampling parameters stored with the run (the effective values sent). */
export interface RunParams {
  temperature: number;
  maxTokens: number;
  seed?: number;
}

/** The endpoint as stored with a run: never a key (keys are not part of LvlmEndpoint). */
export interface StoredEndpoint {
  name: string;
  baseUrl: string;
  model: string;
  kind: 'openai' | 'azure';
  azureApiVersion?: string;
  azureDeployment?: string;
  pricing?: { inputPerMTok: number; outputPerMTok: number };
  /** Absent: "max_tokens". */
  tokenLimitParam?: TokenLimitParam;
}

export interface NewRunRecord {
  datasetId: number;
  name: string;
  strategy: RunStrategy;
  levels: LabelLevel[];
  slice: RunSlice;
  endpoint: StoredEndpoint;
  model: string;
  params: RunParams;
  goldConditioning: boolean;
  /** Prompt protocol (promptProtocols.ts); runs stored before protocols existed are 'finer-lens-v1'. */
  protocol: string;
  templateFamily: string;
  templateHash: string;
  /** Template overrides in effect (not secret), so resume and batch import rebuild the same prompts. */
  templates: TemplateOverrides | null;
  concurrency: number;
  requestsPerMinute: number | null;
  source: RunSource;
  /** ATTRSEEK turn-1 text per sample id for counterfactual runs. */
  counterfactualAttributes?: Record<string, string>;
  status: RunStatus;
}

export interface RunRecord extends NewRunRecord {
  id: number;
  createdAt: string;
  finishedAt: string | null;
  /** (sample, level) tasks planned when the run last started; null before. */
  totalTasks: number | null;
}

/** 'turn1' = ATTRSEEK turn 1 stored, turn 2 pending (batch runs); 'done' = final. */
export type PredictionStage = 'turn1' | 'done';

export interface PredictionRow {
  sampleId: number;
  level: LabelLevel;
  stage: PredictionStage;
  /** The resolved prompt (all turns, image slots as placeholders), as JSON. */
  prompt: unknown;
  /** ATTRSEEK / counterfactual turn-1 text (the attribute list the model gave). */
  turn1Raw: string | null;
  /** Parsed attributes: ATTRSEEK string[]; attribute generation {required, likely}. */
  attributes: unknown;
  rawResponse: string | null;
  answer: string | null;
  finerEm: number | null;
  strictEm: number | null;
  f1: number | null;
  latencyMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cost: number | null;
  error: string | null;
  cacheHit: boolean;
  imageSha256: string | null;
  /** The final reply's finish_reason ("stop", "length" = truncated, ...); null when not reported. */
  finishReason: string | null;
  /** The model's refusal text (OpenAI `message.refusal`); such a result has no answer and no score. */
  refusal: string | null;
}

/** A stored result; the resolution (schema 6) is computed by the store when it is saved. */
export interface StoredPrediction extends PredictionRow, StoredResolution {
  id: number;
  runId: number;
  createdAt: string;
}

export interface RunProgress {
  done: number;
  total: number;
  /** Completed tasks per second since the run (re)started. */
  ratePerSecond: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  /** US dollars, at the endpoint's prices; 0 without pricing. */
  cost: number;
  cacheHits: number;
}

/** Means on a 0-1 scale; `finerEm` is the lenient FINER substring EM, `strictEm` normalized equality. */
export interface LevelMetrics {
  level: LabelLevel;
  /** Stored results at this level (errors included). */
  count: number;
  /** Results with scores (no error). */
  scored: number;
  errors: number;
  /** Results whose reply was cut off at the token limit (finish_reason "length"); scored, flagged. */
  truncated: number;
  /** Results where the model refused (not scored, not errors). */
  refusals: number;
  finerEm: number | null;
  strictEm: number | null;
  f1: number | null;
}

export interface ClassMetrics extends LevelMetrics {
  classLabel: string;
}

export interface RunSummary {
  run: RunRecord;
  levels: LevelMetrics[];
  inputTokens: number;
  outputTokens: number;
  cost: number;
  cacheHits: number;
}
