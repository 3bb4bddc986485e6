// Scores a JSONL file of `{"prediction": str, "labels": [str]}` lines (`finer-lens score`).
//
// By default `prediction` is scored as given: the input of this command is already an answer.
// The FINER reference scripts extract the answer from raw model output first ("Answer:" prefix,
// "</s>"); `extractAnswer: true` (CLI `--extract-answer`) applies that same step, for files
// that hold raw model text.
import { readJsonlLines } from '../jsonlLines';
import { extractAnswer } from './answerNormalization';
import { FINER_METRICS, scorePrediction, type FinerScores } from './finerMetrics';
import { ScoreAccumulator, type ScoreMeans } from './scoreAggregation';

export interface ScoreJsonlOptions {
  /** Apply FINER answer extraction to `prediction` before scoring. Default false. */
  extractAnswer?: boolean;
}

export interface JsonlLineScore {
  /** 1-based line number in the input file. */
  line: number;
  /** The text that was scored (after extraction when enabled). */
  answer: string;
  scores: FinerScores;
}

/** A line that could not be scored; `line` is 1-based. */
export interface ScoreInputIssue {
  file: string;
  line: number;
  field?: string;
  reason: string;
}

export type JsonlLineOutcome = { ok: true; result: JsonlLineScore } | { ok: false; issue: ScoreInputIssue };

export interface JsonlScoreReport {
  file: string;
  lines: JsonlLineScore[];
  issues: ScoreInputIssue[];
  /** Means over the scored lines, null when no line could be scored. */
  means: ScoreMeans | null;
}

function issue(file: string, line: number, reason: string, field?: string): JsonlLineOutcome {
  return { ok: false, issue: field === undefined ? { file, line, reason } : { file, line, field, reason } };
}

/** Scores one non-blank JSONL line (blank lines are allowed and skipped by the reader). */
export function scoreJsonlLine(
  text: string,
  line: number,
  file: string,
  options: ScoreJsonlOptions = {},
): JsonlLineOutcome {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return issue(file, line, `not valid JSON (${(e as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return issue(file, line, 'expected a JSON object {"prediction": ..., "labels": [...]}');
  }
  const record = value as Record<string, unknown>;
  const prediction = record['prediction'];
  if (typeof prediction !== 'string') return issue(file, line, '"prediction" must be a string', 'prediction');
  const labels = record['labels'];
  if (!Array.isArray(labels) || labels.length === 0) {
    return issue(file, line, '"labels" must be a non-empty list of strings', 'labels');
  }
  if (!labels.every((l): l is string => typeof l === 'string')) {
    return issue(file, line, '"labels" must contain only strings', 'labels');
  }
  const answer = options.extractAnswer === true ? extractAnswer(prediction) : prediction;
  return { ok: true, result: { line, answer, scores: scorePrediction(answer, labels) } };
}

/** Streams the outcomes of every non-blank line of the file. */
export async function* iterateJsonlScores(
  inputPath: string,
  options: ScoreJsonlOptions = {},
): AsyncGenerator<JsonlLineOutcome> {
  for await (const { line, text, problem } of readJsonlLines(inputPath)) {
    yield problem === undefined
      ? scoreJsonlLine(text, line, inputPath, options)
      : issue(inputPath, line, problem);
  }
}

/** Scores the whole file: per-line results, problems with file:line, and the means. */
export async function scoreJsonlFile(
  inputPath: string,
  options: ScoreJsonlOptions = {},
): Promise<JsonlScoreReport> {
  const report: JsonlScoreReport = { file: inputPath, lines: [], issues: [], means: null };
  const total = new ScoreAccumulator();
  for await (const outcome of iterateJsonlScores(inputPath, options)) {
    if (outcome.ok) {
      report.lines.push(outcome.result);
      total.add(outcome.result.scores);
    } else {
      report.issues.push(outcome.issue);
    }
  }
  report.means = total.means();
  return report;
}

export type ScoresJson = Record<'finer_em' | 'strict_em' | 'f1', number>;

export interface JsonlScoreReportJson {
  file: string;
  count: number;
  mean: ScoresJson | null;
  lines: ({ line: number; answer: string } & ScoresJson)[];
  errors: { location: string; field?: string; reason: string }[];
}

function scoresJson(scores: FinerScores): ScoresJson {
  const out = {} as ScoresJson;
  for (const m of FINER_METRICS) out[m.jsonKey] = scores[m.key];
  return out;
}

/** The shape `finer-lens score --json` prints: snake_case metric names, `file:line` locations. */
export function scoreReportToJson(report: JsonlScoreReport): JsonlScoreReportJson {
  return {
    file: report.file,
    count: report.lines.length,
    mean: report.means === null ? null : scoresJson(report.means),
    lines: report.lines.map((l) => ({ line: l.line, answer: l.answer, ...scoresJson(l.scores) })),
    errors: report.issues.map((i) => ({
      location: `${i.file}:${i.line}`,
      ...(i.field === undefined ? {} : { field: i.field }),
      reason: i.reason,
    })),
  };
}
