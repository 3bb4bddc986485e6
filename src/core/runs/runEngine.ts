// Executes a run: plans the (sample, level) tasks not yet stored, sends them through the
// request limiter with the client's retries and timeout, stores each result as soon as it
// completes (group commit, durable before it is counted), reports progress, and on
// cancellation keeps every completed result and marks the run 'cancelled' (resumable).
import { onAbort } from '../lvlm/abortSubscriptions';
import { chatWithCache, type ResponseCache } from '../lvlm/responseCache';
import type { LvlmClient } from '../lvlm/lvlmClient';
import type { LvlmEndpoint } from '../lvlm/lvlmEndpoint';
import { RequestLimiter } from '../lvlm/requestLimiter';
import { ResultWriter } from './resultWriter';
import { StoreResponseCache } from './storeResponseCache';
import { createRunFromRequest, setupStoredRun, type RunRequest } from './runSetup';
import type { RunStore } from './runStore';
import { SampleImages } from './sampleImages';
import { executeTask, isAbort, type SendTurn } from './runTasks';
import {
  ConsecutiveFatalFailures,
  DEFAULT_MAX_CONSECUTIVE_FATAL,
  RunErrorLog,
  type EarlyStop,
  type ErrorKindSummary,
} from './runFailures';
import type { PredictionRow, RunProgress, RunRecord, RunStatus } from './runTypes';
import { runSingleSample, type SingleSampleRequest, type SingleSampleResult } from './singleSampleRun';

/** Makes the client for an endpoint; the caller supplies the API key (never stored). */
export type LvlmClientFactory = (endpoint: LvlmEndpoint, limiter: RequestLimiter) => LvlmClient;

export interface RunEngineDeps {
  store: RunStore;
  createClient: LvlmClientFactory;
  /** Response cache; default: the store's response_cache table. */
  cache?: ResponseCache;
}

export interface RunExecutionOptions {
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  /** Send failed requests again (default: failures count as done). */
  retryErrors?: boolean;
  /** Use the response cache (default true). */
  useCache?: boolean;
  /** Overrides the run's stored concurrency / RPM limit. */
  concurrency?: number;
  requestsPerMinute?: number;
  /** Endpoint to send to (e.g. with headers); default: the one stored with the run. */
  endpoint?: LvlmEndpoint;
  /** Longest image side sent (default 1024). */
  imageMaxSide?: number;
  /** Largest image file read, in bytes (default DEFAULT_MAX_IMAGE_BYTES, 50 MB). */
  maxImageBytes?: number;
  /**
   * Results completing within this window share one durable journal write (default 100 ms):
   * fewer lock / fsync round trips blocking the event loop, at the price of acknowledging a
   * result (counting it in progress) up to this much later.
   */
  commitWindowMs?: number;
  /**
   * Stop after this many consecutive 401/403/404 answers (default 5; 0 = never): a wrong key
   * or model fails every sample, so one failed request per sample only costs time and quota.
   */
  maxConsecutiveFatal?: number;
}

export interface RunOutcome {
  runId: number;
  status: RunStatus;
  progress: RunProgress;
  /** Results of this execution cut off at the token limit (finish_reason "length"): scored, flagged. */
  truncated: number;
  /** Results of this execution where the model refused: kept with their text, not scored, not errors. */
  refusals: number;
  /** The errors stored in this execution by kind, most frequent first, with the first few. */
  errors: ErrorKindSummary[];
  /** Set when the run stopped on consecutive 401/403/404 answers (status 'failed', resumable). */
  earlyStop?: EarlyStop;
}

/** The stored endpoint with the run's parameters as defaults, ready for a client. */
export function endpointOfRun(run: RunRecord): LvlmEndpoint {
  const e = run.endpoint;
  const endpoint: LvlmEndpoint = {
    name: e.name,
    baseUrl: e.baseUrl,
    model: e.model,
    kind: e.kind,
    defaults: { temperature: run.params.temperature, maxTokens: run.params.maxTokens },
  };
  if (run.params.seed !== undefined) endpoint.defaults.seed = run.params.seed;
  if (e.azureApiVersion !== undefined) endpoint.azureApiVersion = e.azureApiVersion;
  if (e.azureDeployment !== undefined) endpoint.azureDeployment = e.azureDeployment;
  if (e.pricing !== undefined) endpoint.pricing = { ...e.pricing };
  if (e.tokenLimitParam !== undefined) endpoint.tokenLimitParam = e.tokenLimitParam;
  return endpoint;
}

export class RunEngine {
  constructor(private readonly deps: RunEngineDeps) {}

  /** Creates the run and executes it. */
  async startRun(request: RunRequest, options: RunExecutionOptions = {}): Promise<RunOutcome> {
    const run = createRunFromRequest(this.deps.store, request);
    return this.execute(run.id, { endpoint: request.endpoint, ...options });
  }

  /** One strategy on one sample with streamed turns, saved as a one-sample run. */
  runSingleSample(request: SingleSampleRequest): Promise<SingleSampleResult> {
    return runSingleSample(this.deps, request);
  }

  /** Executes (or resumes) a stored run until every task has a result or the signal aborts. */
  async execute(runId: number, options: RunExecutionOptions = {}): Promise<RunOutcome> {
    const lease = this.deps.store.claimRun(runId);
    try {
      return await this.executeClaimed(runId, options);
    } finally {
      lease.release();
    }
  }

  private async executeClaimed(runId: number, options: RunExecutionOptions): Promise<RunOutcome> {
    const { store } = this.deps;
    const { run, dataset, builder, plan } = setupStoredRun(store, runId, options);
    const progress: RunProgress = {
      done: plan.done,
      total: plan.total,
      ratePerSecond: 0,
      errors: plan.errors,
      ...store.runTotals(runId),
    };
    const started = performance.now();
    let completedNow = 0;
    let truncated = 0;
    let refusals = 0;
    const errorLog = new RunErrorLog((sampleId) => store.getSample(sampleId)?.idx ?? null);
    const onDurable = (rows: PredictionRow[]): void => {
      for (const row of rows) {
        errorLog.add(row);
        completedNow++;
        progress.done++;
        if (row.error !== null) progress.errors++;
        if (row.finishReason === 'length') truncated++;
        if (row.refusal !== null) refusals++;
        progress.inputTokens += row.inputTokens ?? 0;
        progress.outputTokens += row.outputTokens ?? 0;
        progress.cost += row.cost ?? 0;
        if (row.cacheHit) progress.cacheHits++;
      }
      progress.ratePerSecond = completedNow / Math.max((performance.now() - started) / 1000, 1e-3);
      options.onProgress?.({ ...progress });
    };
    store.updateRunState(runId, { status: 'running', totalTasks: plan.total });
    options.onProgress?.({ ...progress });

    const writer = new ResultWriter(store, runId, onDurable, options.commitWindowMs ?? 100);
    const concurrency = Math.max(1, options.concurrency ?? run.concurrency);
    const limiter = new RequestLimiter({
      concurrency,
      ...((options.requestsPerMinute ?? run.requestsPerMinute)
        ? { requestsPerMinute: options.requestsPerMinute ?? run.requestsPerMinute ?? undefined }
        : {}),
    });
    const client = this.deps.createClient(options.endpoint ?? endpointOfRun(run), limiter);
    const cache =
      options.useCache === false ? null : (this.deps.cache ?? new StoreResponseCache(store, writer));
    // The run's own signal: the caller's, or the early stop on consecutive fatal failures.
    const stopper = new AbortController();
    const unlink = options.signal ? onAbort(options.signal, () => stopper.abort()) : () => {};
    const signal = stopper.signal;
    const fatal = new ConsecutiveFatalFailures(options.maxConsecutiveFatal ?? DEFAULT_MAX_CONSECUTIVE_FATAL);
    const sendOnce: SendTurn = async (messages, params) => {
      if (cache === null)
        return { result: await client.chat(messages, params, { signal }), fromCache: false };
      const { result, fromCache } = await chatWithCache(client, cache, messages, params, { signal });
      return { result, fromCache };
    };
    const send: SendTurn = async (messages, params, turn) => {
      try {
        const reply = await sendOnce(messages, params, turn);
        fatal.succeeded();
        return reply;
      } catch (error) {
        if (fatal.failed(error)) stopper.abort();
        throw error;
      }
    };
    const images = new SampleImages(
      store,
      run.strategy,
      dataset.rootDir,
      { maxSide: options.imageMaxSide, maxBytes: options.maxImageBytes },
      plan.pending,
    );
    let next = 0;
    let cancelled = signal?.aborted ?? false;
    let writeFailure: unknown = null;
    const worker = async (): Promise<void> => {
      while (!cancelled && writeFailure === null) {
        const task = plan.pending[next++];
        if (task === undefined) return;
        const input = await images.acquire(task.sample);
        try {
          const row = await executeTask(run, builder, input, task.level, send, task.resumeTurn1);
          // The next request need not wait for this one's fsync; progress counts it once durable.
          writer.write(row).catch((error: unknown) => {
            writeFailure ??= error;
          });
        } catch (error) {
          if (isAbort(error) || signal?.aborted) {
            cancelled = true;
            return;
          }
          throw error;
        } finally {
          images.release(task.sample);
        }
      }
    };
    const workers = Array.from({ length: Math.min(plan.pending.length, concurrency * 2) }, worker);
    const settled = await Promise.allSettled(workers);
    unlink();
    await writer.drain();
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure || writeFailure !== null) {
      store.updateRunState(runId, { status: 'failed' });
      throw failure ? failure.reason : writeFailure;
    }
    const earlyStop = fatal.earlyStop;
    const status: RunStatus =
      earlyStop !== undefined ? 'failed' : cancelled || next < plan.pending.length ? 'cancelled' : 'done';
    store.updateRunState(runId, { status });
    return {
      runId,
      status,
      progress: { ...progress },
      truncated,
      refusals,
      errors: errorLog.summary(),
      ...(earlyStop === undefined ? {} : { earlyStop }),
    };
  }
}
