// One (sample, level) task of a run: the prompts of each turn, the request(s), and the stored
// row with the parsed answer and FINER scores. Shared by live runs, batch JSONL and the editor.
import { FinerLensError } from '../errors';
import type { ChatContentPart, ChatMessage, ChatParams, ChatResult } from '../lvlm/chatMessages';
import type { EncodedImage } from '../lvlm/imageEncoding';
import { LvlmError } from '../lvlm/lvlmErrors';
import type { Concept, LabelLevel, Sample } from '../model';
import { parseAnswerResponse } from '../parse/answerResponse';
import { parseAttributeList, parseRequiredLikely } from '../parse/attributeLists';
import type { PromptBuilder } from '../prompts/promptBuilder';
import type { ChatMessage as PromptMessage, ResolvedPrompt } from '../prompts/promptTypes';
import { extractAnswer } from '../scoring/answerNormalization';
import { acceptableLabels, scorePrediction } from '../scoring/finerMetrics';
import type { PredictionRow, RunRecord, RunStrategy } from './runTypes';

/** Everything a task needs about its sample; `image` is null for text-only prompts or on error. */
export interface TaskSample {
  sample: Sample;
  concept: Concept | undefined;
  image: EncodedImage | null;
  /** Why the image could not be encoded (stored as the task's error when the prompt needs it). */
  imageError: string | null;
}

export interface TurnReply {
  result: ChatResult;
  fromCache: boolean;
}

/** Sends one turn; `turn` is 1 or 2 (for streaming to the right place in the editor). */
export type SendTurn = (messages: ChatMessage[], params: ChatParams, turn: 1 | 2) => Promise<TurnReply>;

export function isTwoTurn(strategy: RunRecord['strategy']): boolean {
  return strategy === 'attrseek';
}

export function needsImage(strategy: RunRecord['strategy']): boolean {
  return strategy === 'direct' || strategy === 'attrseek' || strategy === 'counterfactual';
}

/** Only the text-only probe reads the concept's reference attributes. */
export function needsConcept(strategy: RunRecord['strategy']): boolean {
  return strategy === 'text-only';
}

export function chatParamsOf(run: RunRecord): ChatParams {
  const p: ChatParams = { temperature: run.params.temperature, maxTokens: run.params.maxTokens };
  if (run.params.seed !== undefined) p.seed = run.params.seed;
  return p;
}

function conditioning(run: RunRecord): { goldConditioning: boolean; seed: number } {
  return { goldConditioning: run.goldConditioning, seed: run.params.seed ?? 0 };
}

/** The first (for most strategies the only) prompt of a task. */
export function firstTurnPrompt(
  run: RunRecord,
  builder: PromptBuilder,
  input: TaskSample,
  level: LabelLevel,
): ResolvedPrompt {
  const { sample } = input;
  switch (run.strategy) {
    case 'direct':
      if (level === 'superordinate') return builder.superordinate();
      return level === 'coarse'
        ? builder.coarse(sample, conditioning(run))
        : builder.fine(sample, conditioning(run));
    case 'attrseek':
    case 'counterfactual':
      if (level === 'superordinate')
        throw new FinerLensError(`${run.strategy} asks for coarse or fine labels only.`);
      return builder.attrSeekAttributes(level, sample, conditioning(run));
    case 'text-only': {
      const required = input.concept?.required ?? [];
      return builder.knowledgeProbe(sample, required, { seed: run.params.seed ?? 0 });
    }
    case 'attribute-generation':
      return builder.attributeGeneration(sample.fine[0] ?? sample.superordinate, sample.superordinate);
  }
}

/** Puts the sample's image into the prompt's image slots. */
export function toChatMessages(
  messages: readonly PromptMessage[],
  image: EncodedImage | null,
): ChatMessage[] {
  return messages.map((m): ChatMessage => {
    if (m.role !== 'user') return { role: m.role, content: m.content };
    const parts = m.content.map((p): ChatContentPart => {
      if (p.type === 'text') return p;
      if (image === null) throw new FinerLensError('This prompt needs an image but the sample has none.');
      return { type: 'image', image };
    });
    return { role: 'user', content: parts };
  });
}

function costOf(run: RunRecord, input: number, output: number): number | null {
  const pricing = run.endpoint.pricing;
  if (!pricing) return null;
  return (input * pricing.inputPerMTok + output * pricing.outputPerMTok) / 1e6;
}

/** An error as text for a prediction row: an LVLM failure keeps its reason ("timeout: ..."). */
export function lvlmErrorText(error: unknown): string {
  if (error instanceof LvlmError) return `${error.reason}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function isAbort(error: unknown): boolean {
  return error instanceof LvlmError && error.reason === 'aborted';
}

/** A final result row with nothing filled in yet. */
export function blankPredictionRow(sampleId: number, level: LabelLevel): PredictionRow {
  return {
    sampleId,
    level,
    stage: 'done',
    prompt: null,
    turn1Raw: null,
    attributes: null,
    rawResponse: null,
    answer: null,
    finerEm: null,
    strictEm: null,
    f1: null,
    latencyMs: null,
    inputTokens: null,
    outputTokens: null,
    cost: null,
    error: null,
    cacheHit: false,
    imageSha256: null,
    finishReason: null,
    refusal: null,
  };
}

/** An empty result row for a task; filled in as the turns complete. */
export function newRow(input: TaskSample, level: LabelLevel): PredictionRow {
  return { ...blankPredictionRow(input.sample.id, level), imageSha256: input.image?.sha256 ?? null };
}

/** Adds one reply's usage, latency and cost to the row. */
export function addUsage(run: RunRecord, row: PredictionRow, reply: TurnReply): void {
  const input = reply.result.usage?.input ?? 0;
  const output = reply.result.usage?.output ?? 0;
  row.inputTokens = (row.inputTokens ?? 0) + input;
  row.outputTokens = (row.outputTokens ?? 0) + output;
  row.latencyMs = (row.latencyMs ?? 0) + reply.result.latencyMs;
  row.cacheHit = row.cacheHit || reply.fromCache;
  const cost = reply.fromCache ? 0 : costOf(run, input, output);
  if (cost !== null) row.cost = (row.cost ?? 0) + cost;
}

/** How the final reply ended, when the transport reports it (live runs; imports know less). */
export interface ReplyOutcome {
  finishReason: string | null;
  refusal?: string | null;
}

/** The answer marker a stored or fresh prompt asked for ("Answer:" for prompts stored before protocols). */
export function answerMarkerOf(prompt: unknown): string {
  const marker = (prompt as { answerMarker?: unknown } | null)?.answerMarker;
  return typeof marker === 'string' && marker !== '' ? marker : 'Answer:';
}

/**
 * Fills the answer and scores (or the parsed attribute lists) from the final reply text.
 * A refusal keeps its text and is not scored (it is no answer); a truncated reply
 * (finish_reason "length") is scored like any other - FINER scores whatever the model produced
 * within its token budget - and stays flagged by its finish reason.
 */
export function finishRow(
  strategy: RunStrategy,
  row: PredictionRow,
  sample: Sample,
  finalText: string,
  outcome: ReplyOutcome = { finishReason: null },
): void {
  row.stage = 'done';
  row.rawResponse = finalText;
  row.finishReason = outcome.finishReason;
  row.refusal = outcome.refusal ?? null;
  if (row.refusal !== null) return;
  if (strategy === 'attribute-generation') {
    const parsed = parseRequiredLikely(finalText);
    row.attributes = { required: parsed.required, likely: parsed.likely };
    return;
  }
  const marker = answerMarkerOf(row.prompt);
  row.answer = parseAnswerResponse(finalText, marker).answer;
  const labels = acceptableLabels(row.level, sample);
  if (labels.length === 0) {
    row.error = `Sample ${sample.idx} has no ${row.level} label to score against.`;
    return;
  }
  const scores = scorePrediction(extractAnswer(finalText, marker), labels);
  row.finerEm = scores.finerEm;
  row.strictEm = scores.strictEm;
  row.f1 = scores.f1;
}

/** Records turn 1 of a two-turn task (the attribute list). */
export function recordTurn1(row: PredictionRow, turn1Text: string): void {
  row.turn1Raw = turn1Text;
  row.attributes = parseAttributeList(turn1Text).items;
}

/**
 * Runs a task to completion. `resumeTurn1` continues an ATTRSEEK task whose turn 1 is stored.
 * Per-sample failures become the row's error; only cancellation is thrown.
 */
export async function executeTask(
  run: RunRecord,
  builder: PromptBuilder,
  input: TaskSample,
  level: LabelLevel,
  send: SendTurn,
  resumeTurn1: string | null = null,
): Promise<PredictionRow> {
  const row = newRow(input, level);
  try {
    if (needsImage(run.strategy) && input.image === null) {
      throw new FinerLensError(input.imageError ?? 'The sample has no image.');
    }
    const first = firstTurnPrompt(run, builder, input, level);
    const params = chatParamsOf(run);
    if (run.strategy === 'counterfactual') {
      const given = run.counterfactualAttributes?.[String(input.sample.id)];
      if (given === undefined)
        throw new FinerLensError('No turn-1 attribute text was given for this sample.');
      recordTurn1(row, given);
      const second = builder.attrSeekAnswer(first, given);
      row.prompt = second;
      const reply = await send(toChatMessages(second.messages, input.image), params, 2);
      addUsage(run, row, reply);
      finishRow(run.strategy, row, input.sample, reply.result.text, reply.result);
      return row;
    }
    if (!isTwoTurn(run.strategy)) {
      row.prompt = first;
      const reply = await send(toChatMessages(first.messages, input.image), params, 1);
      addUsage(run, row, reply);
      finishRow(run.strategy, row, input.sample, reply.result.text, reply.result);
      return row;
    }
    row.prompt = first;
    let turn1 = resumeTurn1;
    if (turn1 === null) {
      const reply1 = await send(toChatMessages(first.messages, input.image), params, 1);
      addUsage(run, row, reply1);
      if (reply1.result.refusal) {
        // Nothing to send back: the refusal is the task's outcome.
        finishRow(run.strategy, row, input.sample, '', reply1.result);
        return row;
      }
      turn1 = reply1.result.text;
    }
    recordTurn1(row, turn1);
    const second = builder.attrSeekAnswer(first, turn1);
    row.prompt = second;
    const reply2 = await send(toChatMessages(second.messages, input.image), params, 2);
    addUsage(run, row, reply2);
    finishRow(run.strategy, row, input.sample, reply2.result.text, reply2.result);
    return row;
  } catch (error) {
    if (isAbort(error)) throw error;
    row.stage = 'done';
    row.error = lvlmErrorText(error);
    return row;
  }
}
