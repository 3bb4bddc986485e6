// Scoring throughput: 100k predictions (the size of the iNaturalist-2021 validation set), each
// against 2-3 acceptable labels, with answer extraction. Returns figures; prints nothing.
import { performance } from 'node:perf_hooks';
import { extractAnswer } from '../src/core/scoring/answerNormalization';
import { scorePrediction } from '../src/core/scoring/finerMetrics';
import { ScoreAccumulator } from '../src/core/scoring/scoreAggregation';

const PREDICTIONS = 100_000;

const SPECIES = [
  ['Bubo virginianus', 'Great Horned Owl'],
  ['Tyto alba', 'Barn Owl'],
  ['Setophaga petechia', 'Yellow Warbler'],
  ['Haliaeetus leucocephalus', 'Bald Eagle'],
  ['Pinicola enucleator', 'Pine Grosbeak'],
  ['Boeing 737', '737-800'],
  ['Acura ZDX Hatchback 2012'],
  ['Cavalier King Charles Spaniel'],
];
const PREAMBLES = [
  '',
  'The bird in the image has ear tufts, yellow eyes and mottled brown plumage. ',
  'Based on the visible attributes (white head, hooked yellow bill, dark brown body), ',
  'This is a photo of a medium-sized songbird perched on a branch; its underparts are bright yellow with faint streaks. ',
];

interface BenchCase {
  output: string;
  labels: string[];
}

function makeCases(): BenchCase[] {
  const cases: BenchCase[] = [];
  for (let i = 0; i < PREDICTIONS; i++) {
    const fine = SPECIES[i % SPECIES.length] as string[];
    const guess = SPECIES[(i * 7) % SPECIES.length] as string[];
    const preamble = PREAMBLES[i % PREAMBLES.length] as string;
    const labels = i % 2 === 0 ? [...fine, 'Owl'].slice(0, 3) : [...fine];
    if (labels.length < 2) labels.push('Bird');
    cases.push({ output: `${preamble}Answer: The ${guess[guess.length - 1] ?? ''}.</s>`, labels });
  }
  return cases;
}

export async function runScoringBench(): Promise<Record<string, number>> {
  const cases = makeCases();
  // Warm up the JIT so the figure reflects steady-state throughput.
  for (let i = 0; i < 2000; i++) {
    const c = cases[i] as BenchCase;
    scorePrediction(extractAnswer(c.output), c.labels);
  }
  const total = new ScoreAccumulator();
  const start = performance.now();
  for (const c of cases) total.add(scorePrediction(extractAnswer(c.output), c.labels));
  const scoringMs = performance.now() - start;
  const means = total.means();
  return {
    'scoring.predictions': cases.length,
    'scoring.labelsPerPrediction': cases.reduce((n, c) => n + c.labels.length, 0) / cases.length,
    'scoring.ms': Math.round(scoringMs * 10) / 10,
    'scoring.predictionsPerSecond': Math.round(cases.length / (scoringMs / 1000)),
    // Keeps the work observable so it cannot be optimized away.
    'scoring.meanFinerEm': means?.finerEm ?? 0,
  };
}
