// Gathers what suggestTags needs for a sample and a run from the store, and attaches the
// user's earlier decisions: accepted suggestions show as accepted, rejected ones are not
// offered again. Label lists of a dataset are cached (they change only on import).
import { familyForDataset } from '../prompts/datasetFamily';
import { domainForFamily } from './partVocabulary';
import type { LabelLevel, Sample } from '../model';
import { NO_LABEL } from '../store/rowMapping';
import type { FinerStore } from '../store/finerStore';
import type { StoredPrediction } from '../runs/runTypes';
import type { AttributeMatcher } from './attributeMatching';
import type { ResultForSuggestion } from './suggestions';
import { generatedAttributesOf, suggestTags } from './suggestions';

export type SuggestionStatus = 'pending' | 'accepted';

export interface SampleSuggestion {
  tagKey: string;
  tagId: number;
  tagName: string;
  /** Theme colour id of the tag ('charts.red'), null = default. */
  color: string | null;
  reason: string;
  runId: number;
  status: SuggestionStatus;
}

interface DatasetLabels {
  genericLabels: string[];
  finesByGroup: Map<string, string[]>;
}

const toResult = (p: StoredPrediction): ResultForSuggestion => ({
  answer: p.answer,
  finerEm: p.finerEm,
  error: p.error,
});

export class SampleSuggestions {
  private readonly labelCache = new Map<number, DatasetLabels>();

  constructor(
    private readonly store: FinerStore,
    private readonly matcher?: AttributeMatcher,
  ) {}

  /** Forget cached label lists (after an import or dataset removal). */
  invalidate(): void {
    this.labelCache.clear();
  }

  /**
   * Suggestions for `sampleId` from run `runId` (and any text-only probe run of the dataset),
   * without rejected ones and without tags the sample already has unless accepted here.
   * `predictions` may be passed when the caller already read them (the panel does).
   */
  forSample(sampleId: number, runId: number, predictions?: StoredPrediction[]): SampleSuggestion[] {
    const sample = this.store.getSample(sampleId);
    if (sample === undefined) return [];
    const all = predictions ?? this.store.predictionsOfSample(sampleId);
    const ofRun = all.filter((p) => p.runId === runId && p.stage === 'done');
    if (ofRun.length === 0) return [];
    const results: Partial<Record<LabelLevel, ResultForSuggestion>> = {};
    let generated: string[] = [];
    for (const p of ofRun) {
      results[p.level] = toResult(p);
      if (generated.length === 0) generated = generatedAttributesOf(p.attributes);
    }
    const labels = this.datasetLabels(sample);
    const concept = this.store.conceptForSample(sample);
    const textProbe = this.textProbe(sample, runId, all);
    const raw = suggestTags({
      labels: sample,
      results,
      siblingFineLabels: this.siblings(sample, labels),
      genericLabels: labels.genericLabels,
      reference: concept === undefined ? undefined : { required: concept.required, likely: concept.likely },
      generatedAttributes: generated,
      textProbe,
      matcher: this.matcher,
      domain: domainForFamily(familyForDataset(this.store.getDataset(sample.datasetId)?.name ?? '')),
    });
    const decisions = this.store.suggestionDecisions(sampleId).filter((d) => d.runId === runId);
    const tagged = new Set(this.store.sampleTags(sampleId).map((t) => t.key));
    const out: SampleSuggestion[] = [];
    for (const s of raw) {
      const decision = decisions.find((d) => d.tagKey === s.tagKey)?.decision;
      if (decision === 'rejected') continue;
      if (decision === undefined && tagged.has(s.tagKey)) continue;
      const tag = this.store.findTag(s.tagKey);
      if (tag === undefined) continue; // the user deleted this tag from the taxonomy
      out.push({
        tagKey: s.tagKey,
        tagId: tag.id,
        tagName: tag.name,
        color: tag.color,
        reason: s.reason,
        runId,
        status: decision === 'accepted' ? 'accepted' : 'pending',
      });
    }
    return out;
  }

  private textProbe(sample: Sample, runId: number, all: StoredPrediction[]): ResultForSuggestion | undefined {
    const probeRuns = new Set(
      this.store
        .listRuns(sample.datasetId)
        .filter((r) => r.strategy === 'text-only' && r.id !== runId)
        .map((r) => r.id),
    );
    const probe = all
      .filter((p) => probeRuns.has(p.runId) && p.level === 'fine' && p.stage === 'done')
      .sort((a, b) => b.runId - a.runId)[0];
    return probe === undefined ? undefined : toResult(probe);
  }

  private siblings(sample: Sample, labels: DatasetLabels): string[] {
    const group = `${sample.superordinate}\u0000${sample.coarse[0] ?? NO_LABEL}`;
    const own = new Set(sample.fine.map((f) => f.trim().toLowerCase()));
    return (labels.finesByGroup.get(group) ?? []).filter((f) => !own.has(f.trim().toLowerCase()));
  }

  private datasetLabels(sample: Sample): DatasetLabels {
    const cached = this.labelCache.get(sample.datasetId);
    if (cached !== undefined) return cached;
    const generic = new Set<string>();
    const finesByGroup = new Map<string, string[]>();
    for (const sup of this.store.superordinates(sample.datasetId)) {
      generic.add(sup.label);
      for (const coarse of this.store.coarseLabels(sample.datasetId, sup.label)) {
        if (coarse.label !== NO_LABEL) generic.add(coarse.label);
        const fines = this.store
          .fineLabels(sample.datasetId, sup.label, coarse.label)
          .map((f) => f.label)
          .filter((f) => f !== NO_LABEL);
        finesByGroup.set(`${sup.label}\u0000${coarse.label}`, fines);
      }
    }
    const labels = { genericLabels: [...generic], finesByGroup };
    this.labelCache.set(sample.datasetId, labels);
    return labels;
  }
}
