// Where the dashboard's numbers come from: the core's analyzeRun / compareRuns, converted for
// the page (slices -> refs, a new generation per analysis), plus what the pickers offer (other
// runs of the dataset, coarse groups) and the cliff-chart lines of overlaid runs. The
// assignments to DashboardAnalysis / ComparisonView below are the compile-time check that the
// core's JSON still has every field the page reads.
import { performance } from 'node:perf_hooks';
import { isOneSampleRun } from '../../core/analysis/reviewChoices';
import { analyzeRun } from '../../core/analysis/runAnalysis/analyzeRun';
import { compareRuns } from '../../core/analysis/runAnalysis/compareRuns';
import {
  groundingDomainOf,
  groundingLevelOf,
  groundingSection,
  type GroundingData,
} from '../../core/analysis/runAnalysis/grounding';
import { computeGroundingInWorker } from '../../core/analysis/runAnalysis/groundingInWorker';
import type { GroundingSection } from '../../core/analysis/runAnalysis/types';
import type { Concept } from '../../core/model';
import type { FinerStore } from '../../core/store/finerStore';
import type { AttributeListRow } from '../../core/store/runAnalysisQueries';
import type {
  CliffSeries,
  CompareView,
  ComparisonView,
  DashboardAnalysis,
  DashboardChoices,
  DashboardData,
  GroundingReply,
  GroundingView,
  RunChoice,
} from '../../shared/dashboardProtocol';
import type { DashboardSource } from './dashboardPanel';
import type { SliceRegistry } from './dashboardSlices';

/** Attributes in the most-missed / most-unsupported lists (analyzeRun's default). */
const GROUNDING_ATTRIBUTES = 15;

function runChoices(store: FinerStore, datasetId: number, except: number): RunChoice[] {
  return store
    .listRuns(datasetId)
    .filter((r) => r.id !== except && !isOneSampleRun(r))
    .reverse()
    .map((r) => ({
      id: r.id,
      name: r.name || `run ${r.id}`,
      model: r.model,
      strategy: r.strategy,
      levels: [...r.levels],
    }));
}

function overlaySeries(store: FinerStore, datasetId: number, runIds: readonly number[]): CliffSeries[] {
  const series: CliffSeries[] = [];
  for (const id of runIds) {
    const run = store.getRun(id);
    if (!run || run.datasetId !== datasetId) continue;
    series.push({
      runId: id,
      name: run.name || `run ${id}`,
      points: store.runLevelMetrics(id).map((m) => ({ level: m.level, finer_em: m.finerEm, n: m.count })),
    });
  }
  return series;
}

export function loadDashboardData(
  store: FinerStore,
  runId: number,
  choices: DashboardChoices,
  slices: SliceRegistry,
): Omit<DashboardData, 'clickTarget'> {
  const started = performance.now();
  // The grounding runs the matcher over every attribute list (most of the time at 100k): the
  // page gets it in a second request, so everything else shows at once.
  const analysis = analyzeRun(store, runId, {
    skipGrounding: true,
    ...(choices.textRunId !== null ? { textRunId: choices.textRunId } : {}),
    ...(choices.matrixCoarse !== null ? { matrixCoarse: choices.matrixCoarse } : {}),
  });
  const analysisMs = performance.now() - started;
  const generation = slices.nextGeneration();
  const view: DashboardAnalysis = slices.withRefs(analysis);
  const coarseGroups = [
    ...new Set(analysis.classes.filter((c) => c.level === 'fine').map((c) => c.coarse)),
  ].sort();
  return {
    generation,
    analysis: view,
    overlays: overlaySeries(store, analysis.run.dataset_id, choices.overlayRunIds),
    runs: runChoices(store, analysis.run.dataset_id, runId),
    coarseGroups,
    analysisMs,
  };
}

export function loadComparison(
  store: FinerStore,
  runId: number,
  otherRunId: number,
  slices: SliceRegistry,
): CompareView {
  const comparison: ComparisonView = slices.withRefs(compareRuns(store, runId, otherRunId));
  const name = (id: number): string => store.getRun(id)?.name || `run ${id}`;
  return {
    generation: slices.generation,
    a: { run_id: runId, name: name(runId) },
    b: { run_id: otherRunId, name: name(otherRunId) },
    comparison,
  };
}

/** Attribute lists and concepts read per page on the host, which yields between pages. */
const GROUNDING_READ_PAGE = 2_000;

/** Where the run is grounded: its dataset, the level and the matcher's vocabulary (as analyzeRun). */
function groundingScope(
  store: FinerStore,
  runId: number,
): Pick<GroundingData, 'datasetId' | 'level' | 'domain' | 'attributeLimit'> | null {
  const run = store.getRun(runId);
  if (!run) throw new Error(`Run ${runId} is not in the database.`);
  const level = groundingLevelOf(store.runLevelMetrics(runId).map((m) => m.level));
  if (level === undefined) return null;
  return {
    datasetId: run.datasetId,
    level,
    domain: groundingDomainOf(store.getDataset(run.datasetId)?.name),
    attributeLimit: GROUNDING_ATTRIBUTES,
  };
}

/** What the grounding needs, read a page at a time with a turn of the event loop between pages. */
async function readGroundingData(
  store: FinerStore,
  runId: number,
  signal: AbortSignal | undefined,
): Promise<GroundingData | null> {
  const scope = groundingScope(store, runId);
  if (scope === null) return null;
  const turn = async (): Promise<void> => {
    await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
  };
  const rows: AttributeListRow[] = [];
  for (const page of store.attributeListPages(runId, scope.level, GROUNDING_READ_PAGE)) {
    rows.push(...page);
    await turn();
  }
  const concepts: Concept[] = [];
  for (const page of store.conceptPages(scope.datasetId, GROUNDING_READ_PAGE)) {
    concepts.push(...page);
    await turn();
  }
  return { ...scope, rows, concepts };
}

function groundingReply(section: GroundingSection | null, slices: SliceRegistry): GroundingReply {
  const grounding: GroundingView | null = section === null ? null : slices.withRefs(section);
  return { generation: slices.generation, grounding };
}

/**
 * The grounding section computed on this thread, as the dashboard did before the worker: the
 * benchmark's "before" (it blocks the thread for the whole computation).
 */
export function loadGrounding(store: FinerStore, runId: number, slices: SliceRegistry): GroundingReply {
  const scope = groundingScope(store, runId);
  const section =
    scope === null
      ? null
      : groundingSection({
          ...scope,
          q: store.analysisQueries(),
          runId,
          concepts: store.listConcepts(scope.datasetId),
        });
  return groundingReply(section, slices);
}

/**
 * The grounding section computed in a worker thread: the host only reads the attribute lists and
 * concepts (a page at a time, yielding between pages) and attaches the slice refs, so it stays
 * responsive meanwhile. Rejects with an AbortError when `signal` aborts (the worker is
 * terminated).
 */
export async function loadGroundingInWorker(
  store: FinerStore,
  runId: number,
  slices: SliceRegistry,
  options: { workerPath: string; signal?: AbortSignal },
): Promise<GroundingReply> {
  const data = await readGroundingData(store, runId, options.signal);
  const section = data === null ? null : await computeGroundingInWorker(data, options);
  return groundingReply(section, slices);
}

/** The dashboard's data from the core; the grounding runs in the worker at `groundingWorkerPath`. */
export function coreDashboardSource(groundingWorkerPath: string): DashboardSource {
  return {
    load: loadDashboardData,
    compare: loadComparison,
    grounding: (store, runId, slices, signal) =>
      loadGroundingInWorker(store, runId, slices, { workerPath: groundingWorkerPath, signal }),
  };
}
