// `finer-lens run --dry-run`: the exact chat-completions bodies a run would send, written as
// JSONL without sending anything, plus an estimate of requests and tokens. Images are replaced
// by their SHA-256 and byte size (the body is otherwise byte-for-byte what LvlmClient sends).
//
// ATTRSEEK turn 2 contains turn 1's reply, which a dry run cannot know: its assistant message
// holds TURN1_PLACEHOLDER, the line says `"dependsOn": "turn1"`, and the estimate counts turn 1's
// token limit for that message (the most it can be).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { FinerLensError } from '../errors';
import type { ChatMessage } from '../lvlm/chatMessages';
import type { EncodedImage } from '../lvlm/imageEncoding';
import { chatRequestBody, toSdkMessages } from '../lvlm/lvlmClient';
import type { LvlmEndpoint } from '../lvlm/lvlmEndpoint';
import { planRun } from './runPlan';
import { builderForRun } from './runSetup';
import type { RunStore } from './runStore';
import { SampleImages } from './sampleImages';
import {
  chatParamsOf,
  lvlmErrorText,
  firstTurnPrompt,
  isTwoTurn,
  needsImage,
  toChatMessages,
} from './runTasks';
import type { NewRunRecord, RunRecord } from './runTypes';

export const TURN1_PLACEHOLDER = '<turn-1 reply: the attribute list the model gives to the first request>';

export interface DryRunSummary {
  file: string;
  requests: number;
  /** ATTRSEEK turn-2 requests: they hold TURN1_PLACEHOLDER where turn 1's reply goes. */
  dependentRequests: number;
  /** Tasks that could not be built (unreadable image, no attributes to probe with, ...). */
  errors: number;
  firstErrors: string[];
  /** Estimated input tokens: text at 4 characters a token, images by OpenAI's 512-px tile rule. */
  estimatedInputTokens: number;
  /** The most output tokens the requests may use (their token limits). */
  maxOutputTokens: number;
}

/** OpenAI "high" detail: fit in 2048x2048, shortest side 768, 170 tokens per 512-px tile + 85. */
export function estimateImageTokens(size: { width: number; height: number } | null): number {
  if (size === null) return 765;
  let { width, height } = size;
  const fit = Math.min(1, 2048 / Math.max(width, height));
  width *= fit;
  height *= fit;
  const shrink = Math.min(1, 768 / Math.min(width, height));
  width *= shrink;
  height *= shrink;
  return 85 + 170 * Math.ceil(width / 512) * Math.ceil(height / 512);
}

function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The SDK body with each image's data URL replaced by "image:sha256=<hex>,bytes=<n>". */
function dryRunBody(endpoint: LvlmEndpoint, messages: ChatMessage[], run: RunRecord): unknown {
  const body = chatRequestBody(endpoint, toSdkMessages(messages), chatParamsOf(run));
  const images = new Map<string, EncodedImage>();
  for (const m of messages) {
    if (typeof m.content === 'string') continue;
    for (const p of m.content) if (p.type === 'image') images.set(p.image.dataUrl, p.image);
  }
  return JSON.parse(JSON.stringify(body), (key, value: unknown) => {
    if (key !== 'url' || typeof value !== 'string') return value;
    const image = images.get(value);
    return image === undefined ? value : `image:sha256=${image.sha256},bytes=${image.originalBytes}`;
  });
}

function estimateInput(messages: ChatMessage[]): number {
  let tokens = 0;
  for (const m of messages) {
    if (typeof m.content === 'string') tokens += estimateTextTokens(m.content);
    else
      for (const p of m.content)
        tokens += p.type === 'text' ? estimateTextTokens(p.text) : estimateImageTokens(p.image.sentSize);
  }
  return tokens;
}

export async function writeDryRun(
  store: RunStore,
  record: NewRunRecord,
  endpoint: LvlmEndpoint,
  outFile: string,
  limits: { imageMaxSide?: number; maxImageBytes?: number } = {},
): Promise<DryRunSummary> {
  const run: RunRecord = { ...record, id: 0, createdAt: '', finishedAt: null, totalTasks: null };
  const dataset = store.getDataset(run.datasetId);
  if (!dataset) throw new FinerLensError(`Dataset ${run.datasetId} does not exist.`);
  const builder = builderForRun(run);
  const plan = planRun(store, run);
  const images = new SampleImages(
    store,
    run.strategy,
    dataset.rootDir,
    { maxSide: limits.imageMaxSide, maxBytes: limits.maxImageBytes },
    plan.pending,
  );
  const summary: DryRunSummary = {
    file: outFile,
    requests: 0,
    dependentRequests: 0,
    errors: 0,
    firstErrors: [],
    estimatedInputTokens: 0,
    maxOutputTokens: 0,
  };
  const maxTokens = chatParamsOf(run).maxTokens ?? 0;
  const out = createWriteStream(outFile, { encoding: 'utf8' });
  const write = async (line: unknown): Promise<void> => {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  };
  try {
    for (const task of plan.pending) {
      const input = await images.acquire(task.sample);
      images.release(task.sample);
      const about = { sampleIdx: task.sample.idx, level: task.level };
      try {
        if (needsImage(run.strategy) && input.image === null)
          throw new FinerLensError(input.imageError ?? 'The sample has no image.');
        const first = firstTurnPrompt(run, builder, input, task.level);
        const turns = [{ turn: 1, prompt: first }];
        if (isTwoTurn(run.strategy))
          turns.push({ turn: 2, prompt: builder.attrSeekAnswer(first, TURN1_PLACEHOLDER) });
        for (const { turn, prompt } of turns) {
          const messages = toChatMessages(prompt.messages, input.image);
          let inputTokens = estimateInput(messages);
          if (turn === 2) inputTokens += maxTokens - estimateTextTokens(TURN1_PLACEHOLDER);
          summary.requests++;
          if (turn === 2) summary.dependentRequests++;
          summary.estimatedInputTokens += inputTokens;
          summary.maxOutputTokens += maxTokens;
          await write({
            ...about,
            turn,
            ...(turn === 2 ? { dependsOn: 'turn1' } : {}),
            protocol: prompt.protocol,
            templateHash: prompt.templateHash,
            estimatedInputTokens: inputTokens,
            body: dryRunBody(endpoint, messages, run),
          });
        }
      } catch (error) {
        summary.errors++;
        if (summary.firstErrors.length < 3)
          summary.firstErrors.push(`sample idx ${task.sample.idx} (${task.level}): ${lvlmErrorText(error)}`);
      }
    }
  } finally {
    out.end();
    await once(out, 'finish');
  }
  return summary;
}
