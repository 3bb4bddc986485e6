// Tags the run results suggest for a sample (core SampleSuggestions), for the run under review
// or else the newest image run with results for the sample.
import type { AttributeMatcher } from '../../core/analysis/attributeMatching';
import { SampleSuggestions } from '../../core/analysis/suggestionsForSample';
import type { StoredPrediction } from '../../core/runs/runTypes';
import type { FinerStore } from '../../core/store/finerStore';
import type { TagSuggestionView } from '../../shared/sampleReviewTypes';
import { themeColorCss } from '../common/tagColors';

const SUGGESTING_STRATEGIES = new Set(['direct', 'attrseek', 'attribute-generation']);

function suggestingRun(store: FinerStore, predictions: readonly StoredPrediction[]): number | undefined {
  const runIds = [...new Set(predictions.filter((p) => p.stage === 'done').map((p) => p.runId))].sort(
    (a, b) => b - a,
  );
  return runIds.find((id) => SUGGESTING_STRATEGIES.has(store.getRun(id)?.strategy ?? ''));
}

export function tagSuggestionViews(
  store: FinerStore,
  sampleId: number,
  predictions: StoredPrediction[],
  matcher: AttributeMatcher,
  reviewRunId: number | null,
): TagSuggestionView[] {
  const runId = reviewRunId ?? suggestingRun(store, predictions);
  if (runId === undefined) return [];
  return new SampleSuggestions(store, matcher).forSample(sampleId, runId, predictions).map((s) => ({
    tagId: s.tagId,
    runId: s.runId,
    tagName: s.tagName,
    color: themeColorCss(s.color),
    reason: s.reason,
    status: s.status,
  }));
}
