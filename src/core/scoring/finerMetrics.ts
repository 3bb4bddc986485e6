// FINER's per-prediction metrics: the lenient "modified" exact match of the reference scorer,
// a strict exact match beside it (the lenient one over-credits), and SQuAD token F1.
import type { LabelLevel } from '../model';
import { FinerLensError } from '../errors';
import { METRICS, type MetricInfo } from '../../shared/metricNames';
import { normalizedTokens } from './answerNormalization';

export interface FinerScores {
  /** 1 when the gold is a substring of the first 20 normalized prediction tokens, or equal. */
  finerEm: number;
  /** 1 when the normalized prediction equals the normalized gold. */
  strictEm: number;
  /** SQuAD token F1 against the first 10 gold tokens. */
  f1: number;
}

export type FinerMetricKey = keyof FinerScores;

/** A metric's key, JSON field, name and wording: one source, shared with the UI and the CLI. */
export type FinerMetricInfo = MetricInfo;

export const FINER_METRICS: readonly FinerMetricInfo[] = METRICS;

const EM_PREDICTION_TOKENS = 20;
const F1_GOLD_TOKENS = 10;

/** A prediction normalized once so that it can be scored against several labels cheaply. */
export interface PreparedText {
  tokens: string[];
  /** All normalized tokens joined by single spaces. */
  text: string;
}

export function prepareText(s: string): PreparedText {
  const tokens = normalizedTokens(s);
  return { tokens, text: tokens.join(' ') };
}

function emHead(prediction: PreparedText): string {
  return prediction.tokens.length <= EM_PREDICTION_TOKENS
    ? prediction.text
    : prediction.tokens.slice(0, EM_PREDICTION_TOKENS).join(' ');
}

function finerEmPrepared(predictionHead: string, prediction: PreparedText, gold: PreparedText): number {
  // Substring on characters, as the reference does: gold "moth" matches "mothership".
  return predictionHead.includes(gold.text) || prediction.text === gold.text ? 1 : 0;
}

/** SQuAD F1 with `Counter` intersection semantics (each shared token counted min(times) times). */
function tokenF1Prepared(prediction: PreparedText, gold: PreparedText): number {
  const goldCount = Math.min(gold.tokens.length, F1_GOLD_TOKENS);
  if (goldCount === 0 || prediction.tokens.length === 0) return 0;
  // At most 10 gold tokens: matching each predicted token to an unused equal gold token is
  // cheaper than building Counters, and counts the same multiset intersection.
  let unused = (1 << goldCount) - 1;
  let shared = 0;
  for (const t of prediction.tokens) {
    for (let j = 0; j < goldCount; j++) {
      if ((unused & (1 << j)) !== 0 && gold.tokens[j] === t) {
        unused &= ~(1 << j);
        shared++;
        break;
      }
    }
    if (unused === 0) break;
  }
  if (shared === 0) return 0;
  // Same operation order as the reference so that results agree bit for bit.
  const precision = (1.0 * shared) / prediction.tokens.length;
  const recall = (1.0 * shared) / goldCount;
  return (2 * precision * recall) / (precision + recall);
}

export function finerExactMatch(prediction: string, gold: string): number {
  const p = prepareText(prediction);
  return finerEmPrepared(emHead(p), p, prepareText(gold));
}

export function strictExactMatch(prediction: string, gold: string): number {
  return prepareText(prediction).text === prepareText(gold).text ? 1 : 0;
}

export function tokenF1(prediction: string, gold: string): number {
  return tokenF1Prepared(prepareText(prediction), prepareText(gold));
}

export interface LevelLabels {
  superordinate: string;
  coarse: readonly string[];
  fine: readonly string[];
}

/** Labels that count as correct at a level: an answer more specific than asked is also right. */
export function acceptableLabels(level: LabelLevel, labels: LevelLabels): string[] {
  switch (level) {
    case 'superordinate':
      return [labels.superordinate, ...labels.coarse, ...labels.fine];
    case 'coarse':
      return [...labels.coarse, ...labels.fine];
    case 'fine':
      return [...labels.fine];
  }
}

/** Scores against already-prepared labels; each metric is the maximum over the labels. */
export function scorePreparedPrediction(
  prediction: PreparedText,
  labels: readonly PreparedText[],
): FinerScores {
  if (labels.length === 0)
    throw new FinerLensError('Cannot score a prediction without any acceptable label.');
  const head = emHead(prediction);
  let finerEm = 0;
  let strictEm = 0;
  let f1 = 0;
  for (const gold of labels) {
    if (finerEm === 0) finerEm = finerEmPrepared(head, prediction, gold);
    if (strictEm === 0 && prediction.text === gold.text) strictEm = 1;
    if (f1 < 1) f1 = Math.max(f1, tokenF1Prepared(prediction, gold));
  }
  return { finerEm, strictEm, f1 };
}

/** Scores one prediction (already extracted from the model output) against acceptable labels. */
export function scorePrediction(prediction: string, labels: readonly string[]): FinerScores {
  return scorePreparedPrediction(prepareText(prediction), labels.map(prepareText));
}
