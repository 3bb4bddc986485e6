// analyzeRun: one plain-JSON failure map of a run (src/core/analysis/runAnalysis/types.ts), read
// from the store with a handful of grouped queries. The dashboard renders it; `finer-lens report`
// writes it (JSON) or renders it (Markdown, HTML).
import { StoreError } from '../../errors';
import { runTaxonomyScores } from '../../scoring/runTaxonomyScores';
import type { FinerStore } from '../../store/finerStore';
import { confusionMatrix, confusionRows, severitySection, worstCoarseGroup } from './confusions';
import { groundingDomainOf, groundingLevelOf, groundingSection } from './grounding';
import { classRows, hierarchicalConsistency, levelSummaries } from './levelsAndClasses';
import { isImageRun, modalityGapSection, newestPartner, strategyComparison } from './modality';
import { costSection, protocolInfo, tagsSection } from './runExtras';
import type { AnalyzeRunOptions, ConfusionMatrix, RunAnalysis } from './types';

export type AnalysisStore = Pick<
  FinerStore,
  | 'getRun'
  | 'getDataset'
  | 'listRuns'
  | 'listConcepts'
  | 'analysisQueries'
  | 'samplesOfSlice'
  | 'runPredictionBriefs'
>;

function requireRun(store: AnalysisStore, runId: number) {
  const run = store.getRun(runId);
  if (run === undefined) throw new StoreError(`Run ${runId} does not exist.`, 'not-found');
  return run;
}

export function analyzeRun(
  store: AnalysisStore,
  runId: number,
  options: AnalyzeRunOptions = {},
): RunAnalysis {
  const run = requireRun(store, runId);
  const dataset = store.getDataset(run.datasetId);
  const q = store.analysisQueries();
  const datasetId = run.datasetId;
  const levels = levelSummaries(q, datasetId, runId);
  const answeredLevels = levels.map((l) => l.level);
  const runs = store.listRuns(datasetId);

  const matrices: ConfusionMatrix[] = [];
  const size = options.matrixSize ?? 10;
  if (answeredLevels.includes('coarse')) {
    const m = confusionMatrix(q, datasetId, runId, 'coarse', size);
    if (m !== null) matrices.push(m);
  }
  if (answeredLevels.includes('fine')) {
    const group = options.matrixCoarse ?? worstCoarseGroup(q, runId);
    if (group !== undefined) {
      const m = confusionMatrix(q, datasetId, runId, 'fine', size, group);
      if (m !== null) matrices.push(m);
    }
  }

  let modality = null;
  if (isImageRun(run) && answeredLevels.includes('fine')) {
    const textRun =
      options.textRunId !== undefined
        ? requireRun(store, options.textRunId)
        : newestPartner(runs, run, (r) => r.strategy === 'text-only' && r.levels.includes('fine'));
    if (textRun !== undefined) {
      if (textRun.datasetId !== datasetId) {
        throw new StoreError(`Run ${textRun.id} is of another dataset than run ${runId}.`, 'invalid');
      }
      modality = modalityGapSection(q, datasetId, runId, textRun);
    }
  }

  let strategies = null;
  if (run.strategy === 'attrseek' || run.strategy === 'direct') {
    const other = run.strategy === 'attrseek' ? 'direct' : 'attrseek';
    const partner =
      options.strategyRunId !== undefined
        ? requireRun(store, options.strategyRunId)
        : newestPartner(runs, run, (r) => r.strategy === other);
    if (partner !== undefined && partner.datasetId === datasetId && partner.strategy === other) {
      strategies =
        run.strategy === 'attrseek'
          ? strategyComparison(q, datasetId, run.id, partner.id)
          : strategyComparison(q, datasetId, partner.id, run.id);
    }
  }

  const groundingLevel = groundingLevelOf(answeredLevels);
  const grounding =
    options.skipGrounding === true || groundingLevel === undefined
      ? null
      : groundingSection({
          q,
          datasetId,
          runId,
          level: groundingLevel,
          concepts: store.listConcepts(datasetId),
          domain: groundingDomainOf(dataset?.name),
          attributeLimit: options.attributeLimit ?? 15,
        });

  return {
    kind: 'finer-lens-run-analysis',
    version: 1,
    run: protocolInfo(run, dataset),
    levels,
    hierarchical_consistency: hierarchicalConsistency(q, datasetId, runId, answeredLevels),
    classes: classRows(q, datasetId, runId, answeredLevels),
    confusions: confusionRows(q, datasetId, runId, answeredLevels, options.confusionLimit ?? 200),
    confusion_matrices: matrices,
    severity: answeredLevels.includes('fine')
      ? severitySection(q.severityCounts(runId), datasetId, runId)
      : null,
    modality_gap: modality,
    attrseek_vs_direct: strategies,
    grounding,
    tags: tagsSection(q, datasetId, runId),
    cost: costSection(q.requestFigures(runId)),
    taxonomy: runTaxonomyScores(store, runId) ?? null,
  };
}
