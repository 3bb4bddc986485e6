// Text lines of a run's taxonomy scores for `finer-lens runs --taxonomy`.
import type { TaxonomyScores } from '../core/scoring/taxonomyScoring';

const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

export function taxonomyLines(scores: TaxonomyScores): string[] {
  const lines = [
    `  taxonomy (fine answers resolved to a node of the dataset's tree: ${scores.resolved} of ${scores.samples}; unresolved ${scores.unresolved})`,
    `    accuracy per rank: ${scores.byRank.map((r) => `${r.rank} ${pct(r.accuracy)}`).join(', ')}`,
    `    hierarchical precision ${pct(scores.hierarchical.precision)}, recall ${pct(scores.hierarchical.recall)}, F1 ${pct(scores.hierarchical.f1)}`,
  ];
  if (scores.mistakes.count > 0) {
    lines.push(
      `    mistakes ${scores.mistakes.count}, mean LCA depth ${scores.mistakes.meanLcaDepth?.toFixed(2) ?? '-'}; by lowest common ancestor: ` +
        scores.mistakes.byLcaDepth.map((b) => `${b.rank} ${b.count}`).join(', '),
    );
  }
  return lines;
}
