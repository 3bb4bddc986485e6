// The analysis sections of the sample panel, built from the store with the core analysis
// modules: generated vs reference attributes (aligned by the pluggable matcher), the modality
// gap (an image run against a text-only probe) and the predicted class beside the gold class.
import type { AttributeMatcher } from '../../core/analysis/attributeMatching';
import { alignAttributes, type AttributeAlignment } from '../../core/analysis/attributeAlignment';
import { matcherAgreement } from '../../core/analysis/overrulingAgreement';
import { domainForFamily, type MatchDomain } from '../../core/analysis/partVocabulary';
import { StructuredMatcher } from '../../core/analysis/structuredMatcher';
import { TokenOverlapMatcher } from '../../core/analysis/attributeMatching';
import { familyForDataset } from '../../core/prompts/datasetFamily';
import type { VerdictOverruling } from '../../core/store/verdictQueries';
import { diffClassAttributes, findPredictedConcept, type KindDiff } from '../../core/analysis/classDiff';
import { classifyModality, type ModalityOutcome } from '../../core/analysis/modalityGap';
import type { Concept, Sample } from '../../core/model';
import type { RunRecord, StoredPrediction } from '../../core/runs/runTypes';
import type { FinerStore } from '../../core/store/finerStore';
import type {
  AlignedAttributeView,
  AlignmentStatus,
  AttributeAlignmentView,
  MatcherAgreementView,
  ClassDiffListView,
  ClassDiffView,
  ModalityDirection,
  ModalityGapView,
  SampleAnalysisView,
} from '../../shared/sampleReviewTypes';

const IMAGE_STRATEGIES = new Set(['direct', 'attrseek']);
const MAX_ALIGNMENTS = 3;

const MODALITY: Record<ModalityOutcome, { direction: ModalityDirection; message: string }> = {
  'knows from text, not image': {
    direction: 'text-not-image',
    message: 'Knows it from text, not from the image',
  },
  'knows from image, not text': {
    direction: 'image-not-text',
    message: 'Knows it from the image, not from text',
  },
  'both correct': { direction: 'both-correct', message: 'Right from the image and from text' },
  'both wrong': { direction: 'both-wrong', message: 'Wrong from the image and from text' },
};

/** Generated attributes of a prediction: ATTRSEEK's string list or {required, likely}. */
export function generatedAttributes(p: StoredPrediction): string[] | null {
  const a = p.attributes;
  if (Array.isArray(a)) return a.filter((x): x is string => typeof x === 'string');
  if (typeof a === 'object' && a !== null) {
    const o = a as Record<string, unknown>;
    const list = (v: unknown): string[] =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    return [...list(o['required']), ...list(o['likely'])];
  }
  return null;
}

/** The vocabulary family of a dataset, from its name (birds for CUB, NABirds, iNat, ...). */
export function matchDomainOfDataset(store: FinerStore, datasetId: number): MatchDomain {
  return domainForFamily(familyForDataset(store.getDataset(datasetId)?.name ?? ''));
}

/** Overrulings are looked up per run, level, side and attribute text. */
const overrulingKey = (runId: number, level: string, side: string, text: string): string =>
  `${runId}\u0000${level}\u0000${side}\u0000${text}`;

/** The offline matchers whose agreement with the overrulings the panel shows. */
const AGREEMENT_MATCHERS = [new StructuredMatcher(), new TokenOverlapMatcher()];
/** Agreement looks at the newest overrulings only, so a long history cannot slow the panel. */
const MAX_AGREEMENT_OVERRULINGS = 2000;

function agreementViews(store: FinerStore): MatcherAgreementView[] {
  const all = store.currentOverrulings();
  const recent = all.slice(Math.max(0, all.length - MAX_AGREEMENT_OVERRULINGS));
  if (recent.length === 0) return [];
  return matcherAgreement(recent, AGREEMENT_MATCHERS).map((a) => ({
    matcherId: a.matcherId,
    agree: a.agree,
    total: a.total,
  }));
}

function withOverruling(
  item: Omit<AlignedAttributeView, 'overruling' | 'status' | 'matcherStatus'> & { status: AlignmentStatus },
  overruling: VerdictOverruling | undefined,
): AlignedAttributeView {
  return {
    ...item,
    matcherStatus: item.status,
    status: (overruling?.verdict as AlignmentStatus | undefined) ?? item.status,
    overruling: overruling ? { by: overruling.actor, at: overruling.createdAt } : null,
  };
}

function alignmentView(
  a: AttributeAlignment,
  run: RunRecord,
  p: StoredPrediction,
  matcher: AttributeMatcher,
  overrulings: ReadonlyMap<string, VerdictOverruling>,
  agreement: MatcherAgreementView[],
): AttributeAlignmentView {
  const find = (side: string, text: string): VerdictOverruling | undefined =>
    overrulings.get(overrulingKey(run.id, p.level, side, text));
  const reference = a.reference.map((r) =>
    withOverruling(
      {
        text: r.text,
        status: r.status,
        list: r.kind,
        score: r.best?.score ?? null,
        closest: r.status !== 'mentioned' ? (r.best?.text ?? null) : null,
        reason: r.reason,
        matcherId: r.matcherId,
      },
      find('reference', r.text),
    ),
  );
  const generated = a.generated.map((g) =>
    withOverruling(
      {
        text: g.text,
        status: g.status,
        list: null,
        score: g.best?.score ?? null,
        closest: g.best?.text ?? null,
        reason: g.reason,
        matcherId: g.matcherId,
      },
      find('generated', g.text),
    ),
  );
  const count = (status: AlignmentStatus): number => generated.filter((g) => g.status === status).length;
  const required = reference.filter((r) => r.list === 'required');
  const genericCount = count('generic');
  const judged = generated.length - genericCount;
  return {
    runId: run.id,
    runName: run.name,
    level: p.level,
    source: run.strategy === 'attribute-generation' ? 'attribute generation' : 'ATTRSEEK turn 1',
    matcherId: a.matcherId,
    matcherDescription: matcher.describe,
    threshold: a.threshold,
    reference,
    generated,
    requiredRecall:
      required.length === 0
        ? null
        : required.filter((r) => r.status === 'mentioned').length / required.length,
    precision: judged === 0 ? null : count('supported') / judged,
    genericCount,
    contradictedCount: count('contradicted'),
    unsupportedCount: count('unsupported'),
    agreement,
  };
}

function alignmentViews(
  store: FinerStore,
  sample: Sample,
  predictions: readonly StoredPrediction[],
  concept: Concept,
  runOf: (id: number) => RunRecord | undefined,
  matcher: AttributeMatcher,
): AttributeAlignmentView[] {
  const views: AttributeAlignmentView[] = [];
  const domain = matchDomainOfDataset(store, sample.datasetId);
  const overrulings = new Map(
    store
      .currentOverrulings(sample.id)
      .map((o) => [overrulingKey(o.runId, o.level, o.side, o.attribute), o] as const),
  );
  let agreement: MatcherAgreementView[] | undefined;
  // The panel shows the newest MAX_ALIGNMENTS; older predictions are never aligned.
  const newestFirst = [...predictions].sort((x, y) => y.runId - x.runId);
  for (const p of newestFirst) {
    if (views.length === MAX_ALIGNMENTS) break;
    // The counterfactual's turn 1 is the user's list, not the model's.
    const run = runOf(p.runId);
    if (!run || run.strategy === 'counterfactual' || p.stage !== 'done') continue;
    const generated = generatedAttributes(p);
    if (generated === null || (run.strategy === 'attrseek' && p.level !== 'fine')) continue;
    const a = alignAttributes(
      generated,
      { required: concept.required, likely: concept.likely },
      matcher,
      domain,
    );
    agreement ??= agreementViews(store);
    views.push(alignmentView(a, run, p, matcher, overrulings, agreement));
  }
  return views;
}

function modalityView(
  fine: readonly StoredPrediction[],
  runOf: (id: number) => RunRecord | undefined,
): ModalityGapView | null {
  const newest = (
    strategies: (s: string) => boolean,
  ): { p: StoredPrediction; run: RunRecord } | undefined => {
    let best: { p: StoredPrediction; run: RunRecord } | undefined;
    for (const p of fine) {
      const run = runOf(p.runId);
      if (run && strategies(run.strategy) && (!best || run.id > best.run.id)) best = { p, run };
    }
    return best;
  };
  const image = newest((s) => IMAGE_STRATEGIES.has(s));
  const text = newest((s) => s === 'text-only');
  if (!image || !text) return null;
  const outcome = classifyModality(image.p, text.p).finer;
  return {
    ...MODALITY[outcome],
    imageRunName: image.run.name,
    textRunName: text.run.name,
    imageAnswer: image.p.answer,
    textAnswer: text.p.answer,
  };
}

const listView = (d: KindDiff): ClassDiffListView => ({
  shared: d.shared.map((s) => ({ gold: s.gold, predicted: s.predicted, score: s.score })),
  onlyGold: d.onlyGold.map((u) => u.text),
  onlyPredicted: d.onlyPredicted.map((u) => u.text),
});

function classDiffView(
  store: FinerStore,
  sample: Sample,
  gold: Concept,
  fine: readonly StoredPrediction[],
  runOf: (id: number) => RunRecord | undefined,
  matcher: AttributeMatcher,
): ClassDiffView | null {
  const wrong = fine
    .filter((p) => p.finerEm === 0 && p.answer !== null && p.answer.trim() !== '')
    .sort((a, b) => b.runId - a.runId);
  if (wrong.length === 0) return null;
  const concepts = store.listConcepts(sample.datasetId);
  for (const p of wrong) {
    const predicted = findPredictedConcept(p.answer ?? '', concepts);
    if (!predicted || predicted.id === gold.id) continue;
    const d = diffClassAttributes(gold, predicted, matcher);
    return {
      runName: runOf(p.runId)?.name ?? `run ${p.runId}`,
      predictedAnswer: p.answer ?? '',
      goldName: gold.name,
      predictedName: predicted.name,
      matcherId: d.matcherId,
      required: listView(d.required),
      likely: listView(d.likely),
    };
  }
  return null;
}

export function buildSampleAnalysis(
  store: FinerStore,
  sample: Sample,
  concept: Concept | undefined,
  predictions: readonly StoredPrediction[],
  matcher: AttributeMatcher,
): SampleAnalysisView {
  const runs = new Map<number, RunRecord | undefined>();
  const runOf = (id: number): RunRecord | undefined => {
    if (!runs.has(id)) runs.set(id, store.getRun(id));
    return runs.get(id);
  };
  const fine = predictions.filter((p) => p.level === 'fine' && p.stage === 'done');
  return {
    alignments: concept ? alignmentViews(store, sample, predictions, concept, runOf, matcher) : [],
    modality: modalityView(fine, runOf),
    classDiff: concept ? classDiffView(store, sample, concept, fine, runOf, matcher) : null,
  };
}
