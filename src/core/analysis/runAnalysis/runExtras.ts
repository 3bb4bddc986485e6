// The smaller sections of a run's failure map: its protocol (never a key), failure-mode tags per
// run and per class, and cost, tokens and latency (median and 95th percentile).
import type { Dataset } from '../../model';
import type { RunRecord } from '../../runs/runTypes';
import type { RequestFigures, RunAnalysisQueries } from '../../store/runAnalysisQueries';
import { sliceOf } from './levelsAndClasses';
import type { CostSection, RunProtocolInfo, Spread, TagsSection } from './types';

export function protocolInfo(run: RunRecord, dataset: Dataset | undefined): RunProtocolInfo {
  return {
    run_id: run.id,
    name: run.name,
    dataset_id: run.datasetId,
    dataset: dataset?.name ?? `dataset ${run.datasetId}`,
    model: run.model,
    strategy: run.strategy,
    levels: [...run.levels],
    gold_conditioning: run.goldConditioning,
    protocol: run.protocol,
    template_family: run.templateFamily,
    template_hash: run.templateHash,
    decoding: {
      temperature: run.params.temperature,
      max_tokens: run.params.maxTokens,
      seed: run.params.seed ?? null,
    },
    endpoint: { name: run.endpoint.name, kind: run.endpoint.kind },
    status: run.status,
    created_at: run.createdAt,
    finished_at: run.finishedAt,
  };
}

export function tagsSection(q: RunAnalysisQueries, datasetId: number, runId: number): TagsSection {
  return {
    run: q.tagCounts(datasetId, runId, false).map((t) => ({
      tag: t.ref,
      name: t.name,
      count: t.count,
      slice: sliceOf(datasetId, { kind: 'tagged', tag: t.ref, runId }),
    })),
    classes: q.tagCounts(datasetId, runId, true).map((t) => ({
      tag: t.ref,
      name: t.name,
      label: t.fine ?? '',
      count: t.count,
      slice: sliceOf(
        datasetId,
        { kind: 'tagged', tag: t.ref, runId },
        { kind: 'gold', level: 'fine', classKeys: [t.fine ?? ''] },
      ),
    })),
  };
}

/** Nearest-rank percentile of a sorted list; null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

/** Median: the middle value, or the mean of the two middle values. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function spread(sorted: readonly number[]): Spread {
  return { median: median(sorted), p95: percentile(sorted, 95) };
}

export function costSection(f: RequestFigures): CostSection {
  return {
    requests: f.requests,
    cache_hits: f.cacheHits,
    input_tokens: f.inputTokens,
    output_tokens: f.outputTokens,
    cost: f.cost,
    latency_ms: spread(f.latencyMs),
    tokens_per_request: spread(f.tokens),
  };
}
