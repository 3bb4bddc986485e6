// Scale-out through the OpenAI Batch API format (also what vLLM's `run-batch` reads):
// export a run's pending requests as JSONL, import the output JSONL back as the run's results.
//
// ATTRSEEK has two dependent turns, so it goes in two phases: the first export holds turn 1
// of every task; importing its output stores the attribute lists (stage 'turn1'); the next
// export then holds turn 2 (the conversation with turn 1's reply), and importing that output
// gives the final, scored results. Every export holds whatever each task needs next, so
// export -> execute -> import is simply repeated until nothing is pending.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { FinerLensError } from '../errors';
import type { ChatMessage } from '../lvlm/chatMessages';
import type { LabelLevel } from '../model';
import { readJsonlLines, type LineIssue } from '../jsonlLines';
import { planRun } from './runPlan';
import { builderForRun, setupStoredRun } from './runSetup';
import type { RunStore } from './runStore';
import { SampleImages } from './sampleImages';
import {
  addUsage,
  chatParamsOf,
  lvlmErrorText,
  finishRow,
  firstTurnPrompt,
  isTwoTurn,
  needsConcept,
  needsImage,
  newRow,
  recordTurn1,
  toChatMessages,
  type TaskSample,
} from './runTasks';
import type { PredictionRow, RunRecord } from './runTypes';

export const BATCH_URL = '/v1/chat/completions';

export interface BatchExportSummary {
  file: string;
  /** Request lines written. */
  requests: number;
  turn1: number;
  turn2: number;
  /** Tasks that could not be exported (e.g. unreadable image); stored as errors. */
  errors: number;
}

export interface BatchImportSummary {
  imported: number;
  turn1: number;
  errors: number;
  skipped: number;
  issues: LineIssue[];
  /** Tasks still without a final result (ATTRSEEK after phase 1: export again). */
  pending: number;
}

function customId(runId: number, sampleId: number, level: LabelLevel, turn: 1 | 2): string {
  return `run-${runId}:sample-${sampleId}:${level}:turn-${turn}`;
}

type WirePart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };
export interface WireMessage {
  role: ChatMessage['role'];
  content: string | WirePart[];
}

function parseCustomId(
  id: string,
): { runId: number; sampleId: number; level: LabelLevel; turn: 1 | 2 } | null {
  const m = /^run-(\d+):sample-(\d+):(superordinate|coarse|fine):turn-([12])$/.exec(id);
  if (!m) return null;
  return {
    runId: Number(m[1]),
    sampleId: Number(m[2]),
    level: m[3] as LabelLevel,
    turn: m[4] === '1' ? 1 : 2,
  };
}

/** Messages as the chat-completions API takes them, every role's parts kept, images as data URLs. */
export function wireMessages(messages: readonly ChatMessage[]): WireMessage[] {
  return messages.map((m) => ({
    role: m.role,
    content:
      typeof m.content === 'string'
        ? m.content
        : m.content.map((p): WirePart =>
            p.type === 'text'
              ? { type: 'text', text: p.text }
              : { type: 'image_url', image_url: { url: p.image.dataUrl } },
          ),
  }));
}

/** The chat-completions body as the OpenAI API takes it, images as data URLs. */
function requestBody(run: RunRecord, messages: ChatMessage[]): Record<string, unknown> {
  const params = chatParamsOf(run);
  const body: Record<string, unknown> = {
    model: run.model,
    messages: wireMessages(messages),
    temperature: params.temperature,
    [run.endpoint.tokenLimitParam ?? 'max_tokens']: params.maxTokens,
  };
  if (params.seed !== undefined) body['seed'] = params.seed;
  return body;
}

export async function exportBatchRequests(
  store: RunStore,
  runId: number,
  outFile: string,
  options: { imageMaxSide?: number; maxImageBytes?: number; retryErrors?: boolean } = {},
): Promise<BatchExportSummary> {
  const { run, dataset, builder, plan } = setupStoredRun(store, runId, options);
  const summary: BatchExportSummary = { file: outFile, requests: 0, turn1: 0, turn2: 0, errors: 0 };
  const failed: PredictionRow[] = [];
  const images = new SampleImages(
    store,
    run.strategy,
    dataset.rootDir,
    { maxSide: options.imageMaxSide, maxBytes: options.maxImageBytes },
    plan.pending,
  );
  const out = createWriteStream(outFile, { encoding: 'utf8' });
  const write = async (line: string): Promise<void> => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  try {
    for (const task of plan.pending) {
      const input = await images.acquire(task.sample);
      images.release(task.sample);
      try {
        if (needsImage(run.strategy) && input.image === null)
          throw new FinerLensError(input.imageError ?? 'no image');
        const first = firstTurnPrompt(run, builder, input, task.level);
        let turn: 1 | 2 = 1;
        let prompt = first;
        if (run.strategy === 'counterfactual') {
          const given = run.counterfactualAttributes?.[String(task.sample.id)];
          if (given === undefined)
            throw new FinerLensError('No turn-1 attribute text was given for this sample.');
          prompt = builder.attrSeekAnswer(first, given);
          turn = 2;
        } else if (isTwoTurn(run.strategy) && task.resumeTurn1 !== null) {
          prompt = builder.attrSeekAnswer(first, task.resumeTurn1);
          turn = 2;
        }
        const body = requestBody(run, toChatMessages(prompt.messages, input.image));
        await write(
          JSON.stringify({
            custom_id: customId(run.id, task.sample.id, task.level, turn),
            method: 'POST',
            url: BATCH_URL,
            body,
          }),
        );
        summary.requests++;
        if (turn === 1) summary.turn1++;
        else summary.turn2++;
      } catch (error) {
        const row = newRow(input, task.level);
        row.error = lvlmErrorText(error);
        failed.push(row);
        summary.errors++;
      }
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  await store.saveRunResults(run.id, failed);
  if (run.status === 'pending' || run.status === 'done')
    store.updateRunState(run.id, { status: 'pending', totalTasks: plan.total });
  return summary;
}

interface BatchOutputLine {
  custom_id?: unknown;
  response?: { status_code?: unknown; body?: unknown } | null;
  error?: unknown;
}

function replyOf(line: BatchOutputLine):
  | {
      text: string;
      usage: { input: number; output: number } | null;
      finishReason: string | null;
      refusal: string | null;
    }
  | string {
  if (line.error !== null && line.error !== undefined) {
    const e = line.error as { message?: unknown; code?: unknown };
    return `batch error: ${typeof e.message === 'string' ? e.message : JSON.stringify(line.error)}`;
  }
  const status = line.response?.status_code;
  const body = line.response?.body as
    | {
        choices?: { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }[];
        usage?: { prompt_tokens?: number; completion_tokens?: number };
        error?: { message?: string };
      }
    | undefined;
  if (status !== 200) return `HTTP ${String(status)}: ${body?.error?.message ?? 'request failed'}`;
  const choice = body?.choices?.[0];
  const content = choice?.message?.content;
  const refusal = choice?.message?.refusal;
  const hasRefusal = typeof refusal === 'string' && refusal !== '' && typeof content !== 'string';
  if (typeof content !== 'string' && !hasRefusal) return 'bad-response: no choices[0].message.content';
  const usage = body?.usage
    ? { input: body.usage.prompt_tokens ?? 0, output: body.usage.completion_tokens ?? 0 }
    : null;
  const finishReason = typeof choice?.finish_reason === 'string' ? choice.finish_reason : null;
  return {
    text: typeof content === 'string' ? content : '',
    usage,
    finishReason,
    refusal: hasRefusal ? refusal : null,
  };
}

/** Imports a batch output JSONL into the run: scored, stored, idempotent (upsert per task). */
export async function importBatchOutputs(
  store: RunStore,
  runId: number,
  inputFile: string,
): Promise<BatchImportSummary> {
  const run = store.getRun(runId);
  if (!run) throw new FinerLensError(`Run ${runId} does not exist.`);
  const builder = builderForRun(run);
  const stored = new Map(store.predictionsOfRun(runId).map((p) => [`${p.sampleId}:${p.level}`, p]));
  const inRun = new Set(store.samplesOfSlice(run.datasetId, run.slice).map((s) => s.id));
  const summary: BatchImportSummary = {
    imported: 0,
    turn1: 0,
    errors: 0,
    skipped: 0,
    issues: [],
    pending: 0,
  };
  const rows = new Map<string, PredictionRow>();
  const issue = (line: number, reason: string): void => {
    summary.issues.push({ file: inputFile, line, reason });
  };
  for await (const { line, text, problem } of readJsonlLines(inputFile)) {
    if (problem !== undefined) {
      issue(line, problem);
      continue;
    }
    let parsed: BatchOutputLine;
    try {
      parsed = JSON.parse(text) as BatchOutputLine;
    } catch {
      issue(line, 'not valid JSON');
      continue;
    }
    const id = typeof parsed.custom_id === 'string' ? parseCustomId(parsed.custom_id) : null;
    if (id === null) {
      issue(line, `"custom_id" ${JSON.stringify(parsed.custom_id)} is not one this tool exported`);
      continue;
    }
    if (id.runId !== runId) {
      issue(line, `belongs to run ${id.runId}, not run ${runId}`);
      continue;
    }
    const sample = inRun.has(id.sampleId) ? store.getSample(id.sampleId) : undefined;
    if (!sample || !run.levels.includes(id.level)) {
      issue(line, `sample ${id.sampleId} / level ${id.level} is not part of run ${runId}`);
      continue;
    }
    const key = `${id.sampleId}:${id.level}`;
    const previous = rows.get(key) ?? stored.get(key);
    const input: TaskSample = {
      sample,
      concept: needsConcept(run.strategy) ? store.conceptForSample(sample) : undefined,
      image: null,
      imageError: null,
    };
    const reply = replyOf(parsed);
    const row = newRow(input, id.level);
    const twoTurn = isTwoTurn(run.strategy);
    try {
      const first = firstTurnPrompt(run, builder, input, id.level);
      row.prompt = first;
      if (twoTurn && id.turn === 1) {
        if (previous?.stage === 'done' && previous.error === null) {
          summary.skipped++; // turn 2 already imported: a repeated phase-1 import changes nothing
          continue;
        }
        if (typeof reply === 'string') throw new FinerLensError(reply);
        addUsage(run, row, {
          result: { ...reply, latencyMs: 0, model: run.model, attempts: 1 },
          fromCache: false,
        });
        row.latencyMs = null;
        if (reply.refusal !== null) {
          // A refused turn 1 ends the task: there is no attribute list to send back.
          finishRow(run.strategy, row, sample, '', reply);
          summary.imported++;
          rows.set(key, row);
          continue;
        }
        recordTurn1(row, reply.text);
        row.stage = 'turn1';
        summary.turn1++;
      } else {
        let prompt = first;
        if (twoTurn || run.strategy === 'counterfactual') {
          const turn1 = twoTurn
            ? (previous?.turn1Raw ?? null)
            : (run.counterfactualAttributes?.[String(sample.id)] ?? null);
          if (turn1 === null)
            throw new FinerLensError('turn 2 output without a stored turn 1 (import phase 1 first)');
          recordTurn1(row, turn1);
          prompt = builder.attrSeekAnswer(first, turn1);
          if (twoTurn) {
            row.inputTokens = previous?.inputTokens ?? null;
            row.outputTokens = previous?.outputTokens ?? null;
            row.cost = previous?.cost ?? null;
          }
        }
        row.prompt = prompt;
        if (typeof reply === 'string') throw new FinerLensError(reply);
        addUsage(run, row, {
          result: { ...reply, latencyMs: 0, model: run.model, attempts: 1 },
          fromCache: false,
        });
        row.latencyMs = null;
        finishRow(run.strategy, row, sample, reply.text, reply);
        summary.imported++;
      }
    } catch (error) {
      row.stage = 'done';
      row.error = lvlmErrorText(error);
      summary.errors++;
    }
    rows.set(key, row);
  }
  await store.saveRunResults(runId, [...rows.values()]);
  const plan = planRun(store, store.getRun(runId) ?? run);
  summary.pending = plan.pending.length;
  store.updateRunState(runId, {
    status: plan.pending.length === 0 ? 'done' : 'pending',
    totalTasks: plan.total,
  });
  return summary;
}
