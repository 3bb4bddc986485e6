// Attribute grounding of an ATTRSEEK run: the attributes the model said it sees, lined up by the
// structured matcher with the gold concept's reference attributes. Precision, recall of required
// attributes, the most-missed and most-unsupported attributes, per run and per class; and for
// misclassified samples whether an attribute that tells the gold class from the predicted class
// was mentioned ("saw it but named it wrong") or not ("never saw it").
import type { Concept, LabelLevel } from '../../model';
import type { AttributeListRow, RunAnalysisQueries } from '../../store/runAnalysisQueries';
import { alignAttributes, type ReferenceAttributes } from '../attributeAlignment';
import { familyForDataset } from '../../prompts/datasetFamily';
import { domainForFamily, type MatchDomain } from '../partVocabulary';
import { StructuredMatcher } from '../structuredMatcher';
import { sliceOf } from './levelsAndClasses';
import type { AttributeCount, GroundingFigures, GroundingSection } from './types';

function zero(): GroundingFigures {
  return {
    samples: 0,
    generated: 0,
    supported: 0,
    contradicted: 0,
    unsupported: 0,
    generic: 0,
    precision: null,
    required: 0,
    required_mentioned: 0,
    recall: null,
  };
}

function finish(f: GroundingFigures): GroundingFigures {
  const judged = f.generated - f.generic;
  f.precision = judged === 0 ? null : 1 - (f.unsupported + f.contradicted) / judged;
  f.recall = f.required === 0 ? null : f.required_mentioned / f.required;
  return f;
}

function parseList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '')
      : [];
  } catch {
    return [];
  }
}

/** Concepts by lower-cased name and common name, as the store matches them to fine labels. */
export function conceptIndex(concepts: readonly Concept[]): Map<string, Concept> {
  const map = new Map<string, Concept>();
  for (const c of concepts) {
    if (c.commonName !== null) map.set(c.commonName.trim().toLowerCase(), c);
  }
  for (const c of concepts) map.set(c.name.trim().toLowerCase(), c);
  return map;
}

const hasReference = (c: Concept | undefined): c is Concept =>
  c !== undefined && c.required.length + c.likely.length > 0;

/** Tallies `text -> sample ids` (a sample counted once per text). */
class Tally {
  private readonly map = new Map<string, Set<number>>();
  add(text: string, sampleId: number): void {
    const key = text.trim().toLowerCase();
    let set = this.map.get(key);
    if (set === undefined) {
      set = new Set();
      this.map.set(key, set);
    }
    set.add(sampleId);
  }
  top(limit: number, datasetId: number): AttributeCount[] {
    return [...this.map.entries()]
      .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, limit)
      .map(([text, ids]) => ({
        text,
        count: ids.size,
        slice: sliceOf(datasetId, { kind: 'samples', sampleIds: [...ids].sort((x, y) => x - y) }),
      }));
  }
}

export interface GroundingInput {
  q: RunAnalysisQueries;
  datasetId: number;
  runId: number;
  level: LabelLevel;
  concepts: readonly Concept[];
  domain: MatchDomain;
  attributeLimit: number;
}

/** The level a run is grounded at: fine when the run answered it, else its first level. */
export function groundingLevelOf(answeredLevels: readonly LabelLevel[]): LabelLevel | undefined {
  return answeredLevels.includes('fine') ? 'fine' : answeredLevels[0];
}

/** The part vocabulary the matcher uses for a dataset, from the family its name implies. */
export function groundingDomainOf(datasetName: string | undefined): MatchDomain {
  return domainForFamily(familyForDataset(datasetName ?? ''));
}

/**
 * Everything the grounding needs, as plain data (no store handle), so the matcher's part can run
 * in a worker thread (groundingInWorker.ts).
 */
export interface GroundingData {
  rows: AttributeListRow[];
  datasetId: number;
  level: LabelLevel;
  concepts: readonly Concept[];
  domain: MatchDomain;
  attributeLimit: number;
}

/** Reads the run's attribute lists from the store (one query; ~0.7 s at 100k results). */
export function groundingData(input: GroundingInput): GroundingData {
  return {
    rows: input.q.attributeLists(input.runId, input.level),
    datasetId: input.datasetId,
    level: input.level,
    concepts: input.concepts,
    domain: input.domain,
    attributeLimit: input.attributeLimit,
  };
}

/** The grounding section, computed in this thread. */
export function groundingSection(input: GroundingInput): GroundingSection | null {
  return computeGrounding(groundingData(input));
}

/** The matcher's half of the grounding: plain data in, the section out (runs in a worker too). */
export function computeGrounding(data: GroundingData): GroundingSection | null {
  const { rows, datasetId, level } = data;
  if (rows.length === 0) return null;
  const matcher = new StructuredMatcher({ domain: data.domain });
  const concepts = conceptIndex(data.concepts);
  const total = zero();
  const perClass = new Map<string, { f: GroundingFigures; ids: number[] }>();
  const missed = new Tally();
  const unsupported = new Tally();
  const saw: number[] = [];
  const never: number[] = [];
  const judge: MisclassifiedJudge = {
    matcher,
    domain: data.domain,
    concepts,
    telling: new Map(),
    seen: new Map(),
    saw,
    never,
  };
  // The same attribute list against the same class aligns the same way: many samples of a
  // class share a list word for word (a model repeats itself), so each pair is matched once.
  const alignments = new Map<
    string,
    { generated: string[]; alignment: ReturnType<typeof alignAttributes> }
  >();
  for (const row of rows) {
    const concept = concepts.get(row.gold.trim().toLowerCase());
    if (!hasReference(concept)) continue;
    const key = `${concept.id}\u0000${row.attributesJson}`;
    let aligned = alignments.get(key);
    if (aligned === undefined) {
      const generated = parseList(row.attributesJson);
      aligned = { generated, alignment: alignAttributes(generated, concept, matcher, data.domain) };
      alignments.set(key, aligned);
    }
    const { generated, alignment } = aligned;
    const s = alignment.summary;
    const cls = perClass.get(row.gold) ?? { f: zero(), ids: [] };
    for (const f of [total, cls.f]) {
      f.samples++;
      f.generated += s.generatedTotal;
      f.supported += s.generatedSupported;
      f.contradicted += s.generatedContradicted;
      f.unsupported += s.generatedUnsupported;
      f.generic += s.generatedGeneric;
      f.required += s.requiredTotal;
      f.required_mentioned += s.requiredMentioned;
    }
    cls.ids.push(row.sampleId);
    perClass.set(row.gold, cls);
    for (const r of alignment.reference) {
      if (r.kind === 'required' && r.status !== 'mentioned') missed.add(r.text, row.sampleId);
    }
    for (const g of alignment.generated)
      if (g.status === 'unsupported') unsupported.add(g.text, row.sampleId);
    judgeMisclassified(judge, row, concept, generated, key);
  }
  finish(total);
  const samplesSlice = (ids: number[]) =>
    sliceOf(datasetId, { kind: 'samples', sampleIds: ids.sort((a, b) => a - b) });
  return {
    ...total,
    matcher: matcher.id,
    level,
    most_missed: missed.top(data.attributeLimit, datasetId),
    most_unsupported: unsupported.top(data.attributeLimit, datasetId),
    misclassified: {
      judged: saw.length + never.length,
      saw_it_named_wrong: { count: saw.length, slice: samplesSlice(saw) },
      never_saw_it: { count: never.length, slice: samplesSlice(never) },
    },
    classes: [...perClass.entries()]
      .map(([label, c]) => ({ label, ...finish(c.f), slice: samplesSlice(c.ids) }))
      .sort((a, b) => (a.precision ?? 2) - (b.precision ?? 2) || (a.label < b.label ? -1 : 1)),
  };
}

/** What judging misclassified samples shares across rows: the matcher, and what it has worked out. */
interface MisclassifiedJudge {
  matcher: StructuredMatcher;
  domain: MatchDomain;
  concepts: Map<string, Concept>;
  /** `gold id \0 predicted id` -> the gold reference attributes the predicted class lacks. */
  telling: Map<string, string[]>;
  /** `list key \0 predicted id` -> whether the list mentions one of those attributes. */
  seen: Map<string, boolean>;
  saw: number[];
  never: number[];
}

/**
 * For a wrong answer naming another class with reference attributes: the gold class's reference
 * attributes that nothing in the predicted class's reference supports tell the two apart; was
 * any of them mentioned among the generated attributes? `listKey` names (class, attribute list).
 */
function judgeMisclassified(
  judge: MisclassifiedJudge,
  row: AttributeListRow,
  gold: Concept,
  generated: readonly string[],
  listKey: string,
): void {
  if (row.finerEm !== 0 || row.resolvedClass === null || row.resolvedClass === row.gold) return;
  const predicted = judge.concepts.get(row.resolvedClass.trim().toLowerCase());
  if (!hasReference(predicted) || predicted.id === gold.id) return;
  const pair = `${gold.id}\u0000${predicted.id}`;
  let telling = judge.telling.get(pair);
  if (telling === undefined) {
    const goldTexts = [...gold.required, ...gold.likely];
    const against = alignAttributes(goldTexts, predicted, judge.matcher, judge.domain);
    telling = against.generated
      .filter((g) => g.status !== 'supported' && g.status !== 'generic')
      .map((g) => g.text);
    judge.telling.set(pair, telling);
  }
  if (telling.length === 0) return;
  const seenKey = `${listKey}\u0000${predicted.id}`;
  let seen = judge.seen.get(seenKey);
  if (seen === undefined) {
    const reference: ReferenceAttributes = { required: telling, likely: [] };
    seen = alignAttributes(generated, reference, judge.matcher, judge.domain).reference.some(
      (r) => r.status === 'mentioned',
    );
    judge.seen.set(seenKey, seen);
  }
  (seen ? judge.saw : judge.never).push(row.sampleId);
}
