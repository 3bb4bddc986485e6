// Taxonomy-aware scores of fine-level answers for datasets whose samples carry a taxonomy path
// (metadata.taxonomy: iNaturalist kingdom..species, FGVC-Aircraft manufacturer/family/variant,
// the NABirds parent chain): the answer is resolved to a node of the dataset's own tree by
// name, then scored per rank, by hierarchical precision / recall / F1 and by the depth of the
// lowest common ancestor of each mistake. Formulas: docs/taxonomy-scoring.md.
import type { TaxonomyScores } from '../../shared/runAnalysisTypes';
import { normalizeAnswer, normalizedTokens } from './answerNormalization';

export type { RankAccuracy, TaxonomyScores } from '../../shared/runAnalysisTypes';

export interface TaxonNodeRef {
  rank: string;
  name: string;
}

export interface TaxonomySample {
  sampleId: number;
  fine: readonly string[];
  /** Top rank first, the sample's class last. */
  taxonomy: readonly TaxonNodeRef[];
}

export interface TaxonomyAnswer {
  sampleId: number;
  /** The extracted answer; null for a failed request. */
  answer: string | null;
}

/** How many tokens of the answer are searched for a known name, as FINER EM looks at 20. */
const ANSWER_TOKENS = 20;
const KEY_SEPARATOR = '\u0000';

function pathKey(path: readonly string[], depth: number): string {
  return path.slice(0, depth).join(KEY_SEPARATOR);
}

/** The tree of a dataset: every node by name, and the class of every fine label. */
export class TaxonomyIndex {
  /** Normalized name -> node keys (path prefixes) it names. */
  private readonly byName = new Map<string, Set<string>>();
  private readonly pathOf = new Map<string, string[]>();
  private maxNameTokens = 1;

  constructor(samples: Iterable<Pick<TaxonomySample, 'fine' | 'taxonomy'>>) {
    for (const s of samples) {
      const names = s.taxonomy.map((n) => n.name);
      for (let d = 1; d <= names.length; d++) {
        const key = pathKey(names, d);
        if (!this.pathOf.has(key)) this.pathOf.set(key, names.slice(0, d));
        this.addName(names[d - 1] as string, key);
      }
      const leaf = pathKey(names, names.length);
      for (const f of s.fine) this.addName(f, leaf);
    }
  }

  private addName(name: string, key: string): void {
    const normalized = normalizeAnswer(name);
    if (normalized === '') return;
    let keys = this.byName.get(normalized);
    if (!keys) this.byName.set(normalized, (keys = new Set()));
    keys.add(key);
    this.maxNameTokens = Math.max(this.maxNameTokens, normalized.split(' ').length);
  }

  /**
   * The node an answer names: a known name equal to the normalized answer, else the longest
   * known name found as whole tokens among its first 20; undefined when none, or when the best
   * name belongs to several nodes.
   */
  resolve(answer: string): string[] | undefined {
    const exact = this.byName.get(normalizeAnswer(answer));
    if (exact) return exact.size === 1 ? this.pathOf.get([...exact][0] as string) : undefined;
    const tokens = normalizedTokens(answer).slice(0, ANSWER_TOKENS);
    for (let n = Math.min(this.maxNameTokens, tokens.length); n >= 1; n--) {
      const found = new Set<string>();
      for (let i = 0; i + n <= tokens.length; i++) {
        for (const key of this.byName.get(tokens.slice(i, i + n).join(' ')) ?? []) found.add(key);
      }
      if (found.size === 1) return this.pathOf.get([...found][0] as string);
      if (found.size > 1) return undefined;
    }
    return undefined;
  }
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Scores answers against the gold taxonomy paths of their samples (samples without a path are left out). */
export function scoreTaxonomy(
  samples: readonly TaxonomySample[],
  answers: Iterable<TaxonomyAnswer>,
  ranks?: readonly string[],
): TaxonomyScores {
  const index = new TaxonomyIndex(samples);
  const byId = new Map(samples.filter((s) => s.taxonomy.length > 0).map((s) => [s.sampleId, s]));
  const rankNames = ranks ? [...ranks] : [];
  if (!ranks) {
    for (const s of byId.values())
      s.taxonomy.forEach((n, d) => {
        if (rankNames[d] === undefined) rankNames[d] = n.rank;
      });
  }
  const seen = rankNames.map(() => 0);
  const correct = rankNames.map(() => 0);
  let resolved = 0;
  let unresolved = 0;
  let overlap = 0;
  let predictedLength = 0;
  let goldLength = 0;
  const lcaCounts = new Map<number, number>();
  let mistakes = 0;
  let lcaSum = 0;
  let scored = 0;
  for (const { sampleId, answer } of answers) {
    const sample = byId.get(sampleId);
    if (!sample) continue;
    scored++;
    const gold = sample.taxonomy.map((n) => n.name);
    const predicted = answer === null ? undefined : index.resolve(answer);
    goldLength += gold.length;
    for (let d = 0; d < gold.length && d < rankNames.length; d++) seen[d] = (seen[d] ?? 0) + 1;
    if (!predicted) {
      unresolved++;
      continue;
    }
    resolved++;
    const common = commonPrefix(predicted, gold);
    overlap += common;
    predictedLength += predicted.length;
    for (let d = 0; d < common && d < rankNames.length; d++) correct[d] = (correct[d] ?? 0) + 1;
    if (common < gold.length || predicted.length !== gold.length) {
      mistakes++;
      lcaSum += common;
      lcaCounts.set(common, (lcaCounts.get(common) ?? 0) + 1);
    }
  }
  const precision = predictedLength > 0 ? overlap / predictedLength : resolved + unresolved > 0 ? 0 : null;
  const recall = goldLength > 0 ? overlap / goldLength : null;
  const f1 =
    precision === null || recall === null
      ? null
      : precision + recall === 0
        ? 0
        : (2 * precision * recall) / (precision + recall);
  return {
    ranks: rankNames,
    samples: scored,
    resolved,
    unresolved,
    byRank: rankNames.map((rank, d) => ({
      rank,
      samples: seen[d] ?? 0,
      correct: correct[d] ?? 0,
      accuracy: (seen[d] ?? 0) > 0 ? (correct[d] ?? 0) / (seen[d] ?? 1) : null,
    })),
    hierarchical: { precision, recall, f1 },
    mistakes: {
      count: mistakes,
      meanLcaDepth: mistakes > 0 ? lcaSum / mistakes : null,
      byLcaDepth: [...lcaCounts.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([depth, count]) => ({
          depth,
          rank: depth === 0 ? '(root)' : (rankNames[depth - 1] ?? `depth ${depth}`),
          count,
        })),
    },
  };
}

/** The taxonomy path in a sample's metadata, or undefined when it has none (or a malformed one). */
export function taxonomyOfMetadata(metadata: Record<string, unknown>): TaxonNodeRef[] | undefined {
  const value = metadata['taxonomy'];
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const path: TaxonNodeRef[] = [];
  for (const node of value as unknown[]) {
    if (typeof node !== 'object' || node === null) return undefined;
    const { rank, name } = node as Record<string, unknown>;
    if (typeof rank !== 'string' || typeof name !== 'string' || name === '') return undefined;
    path.push({ rank, name });
  }
  return path;
}
