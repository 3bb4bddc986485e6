// Where the dashboard's numbers come from: the core's analyzeRun / compareRuns, converted for
// the page (slices -> refs, a new generation per analysis), plus what the pickers offer (other
// runs of the dataset, coarse groups) and the cliff-chart lines of overlaid runs. The
// assignments to DashboardAnalysis / ComparisonView below are the compile-time check that the
// core's JSON still has every field the page reads.
import { performance } from 'node:perf_hooks';
import { isOneSampleRun } from '../../core/analysis/reviewChoices';
import { analyzeRun } from '../../core/analysis/runAnalysis/analyzeRun';
import { compareRuns } from '../../core/analysis/runAnalysis/compareRuns';
import { groundingSection } from '../../core/analysis/runAnalysis/grounding';
import { domainForFamily } from '../../core/analysis/partVocabulary';
import { familyForDataset } from '../../core/prompts/datasetFamily';
import type { FinerStore } from '../../core/store/finerStore';
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

/** The grounding section exactly as analyzeRun computes it (same level, concepts and vocabulary). */
export function loadGrounding(store: FinerStore, runId: number, slices: SliceRegistry): GroundingReply {
  const run = store.getRun(runId);
  if (!run) throw new Error(`Run ${runId} is not in the database.`);
  const q = store.analysisQueries();
  const levels = store.runLevelMetrics(runId).map((m) => m.level);
  const level = levels.includes('fine') ? 'fine' : levels[0];
  const section =
    level === undefined
      ? null
      : groundingSection({
          q,
          datasetId: run.datasetId,
          runId,
          level,
          concepts: store.listConcepts(run.datasetId),
          domain: domainForFamily(familyForDataset(store.getDataset(run.datasetId)?.name ?? '')),
          attributeLimit: GROUNDING_ATTRIBUTES,
        });
  const grounding: GroundingView | null = section === null ? null : slices.withRefs(section);
  return { generation: slices.generation, grounding };
}

export const coreDashboardSource: DashboardSource = {
  load: loadDashboardData,
  compare: loadComparison,
  grounding: loadGrounding,
};
