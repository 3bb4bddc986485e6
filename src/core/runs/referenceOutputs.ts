// Imports model outputs written by the FINER reference scripts (`{"idx": int, "text": str}` per
// line) as a run of a given level and strategy, matched to samples by idx and scored.
// File names: `{dataset}_{task}_{model}_output.jsonl` with task high_coarse (superordinate),
// coarse, fine or attr_gen, and `knowledge_probe_{dataset}_{model}_output.jsonl` (text-only, fine).
import { basename } from 'node:path';
import { FinerLensError, InputError } from '../errors';
import type { LabelLevel } from '../model';
import { readJsonlLines, type LineIssue } from '../jsonlLines';
import { createRunFromRequest } from './runSetup';
import type { RunStore } from './runStore';
import { finishRow, newRow } from './runTasks';
import type { PredictionRow, RunStrategy } from './runTypes';

export interface ReferenceOutputName {
  level: LabelLevel;
  strategy: RunStrategy;
  model: string;
}

const TASKS: ReadonlyArray<[string, LabelLevel, RunStrategy]> = [
  ['high_coarse', 'superordinate', 'direct'],
  ['attr_gen', 'fine', 'attribute-generation'],
  ['coarse', 'coarse', 'direct'],
  ['fine', 'fine', 'direct'],
];

/** What a reference output file name says about its task and model, when it follows the convention. */
export function parseReferenceOutputName(file: string): ReferenceOutputName | null {
  const name = basename(file).replace(/_output\.jsonl$/i, '');
  if (name === basename(file)) return null;
  const probe = /^knowledge_probe_(.+)$/.exec(name);
  if (probe) {
    const rest = probe[1] ?? '';
    const cut = rest.indexOf('_');
    return { level: 'fine', strategy: 'text-only', model: cut === -1 ? rest : rest.slice(cut + 1) };
  }
  for (const [task, level, strategy] of TASKS) {
    const at = name.indexOf(`_${task}_`);
    if (at !== -1) return { level, strategy, model: name.slice(at + task.length + 2) };
  }
  return null;
}

export interface ReferenceImportRequest {
  datasetId: number;
  file: string;
  level?: LabelLevel;
  strategy?: RunStrategy;
  model?: string;
}

export interface ReferenceImportSummary {
  runId: number;
  imported: number;
  issues: LineIssue[];
  level: LabelLevel;
  strategy: RunStrategy;
  model: string;
}

export async function importReferenceOutputs(
  store: RunStore,
  request: ReferenceImportRequest,
): Promise<ReferenceImportSummary> {
  const fromName = parseReferenceOutputName(request.file);
  const level = request.level ?? fromName?.level;
  const strategy = request.strategy ?? fromName?.strategy;
  const model = request.model ?? fromName?.model ?? 'unknown';
  if (level === undefined || strategy === undefined) {
    throw new InputError(
      `${request.file}: give the level and strategy (the file name does not follow {dataset}_{task}_{model}_output.jsonl)`,
      request.file,
    );
  }
  const idToSample = store.sampleIdsByIdx(request.datasetId);
  if (idToSample.size === 0) throw new FinerLensError(`Dataset ${request.datasetId} has no samples.`);
  const rows = new Map<number, PredictionRow>();
  const issues: LineIssue[] = [];
  for await (const { line, text, problem } of readJsonlLines(request.file)) {
    if (problem !== undefined) {
      issues.push({ file: request.file, line, reason: problem });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      issues.push({ file: request.file, line, reason: 'not valid JSON' });
      continue;
    }
    const o = value as { idx?: unknown; text?: unknown } | null;
    if (typeof o !== 'object' || o === null || !Number.isInteger(o.idx)) {
      issues.push({ file: request.file, line, reason: '"idx" must be an integer' });
      continue;
    }
    if (typeof o.text !== 'string') {
      issues.push({ file: request.file, line, reason: '"text" must be a string' });
      continue;
    }
    const sampleId = idToSample.get(o.idx as number);
    const sample = sampleId === undefined ? undefined : store.getSample(sampleId);
    if (!sample) {
      issues.push({ file: request.file, line, reason: `no sample with idx ${String(o.idx)} in the dataset` });
      continue;
    }
    if (rows.has(sample.id))
      issues.push({ file: request.file, line, reason: `idx ${String(o.idx)} repeated; the last one counts` });
    const row = newRow({ sample, concept: undefined, image: null, imageError: null }, level);
    finishRow(strategy, row, sample, o.text);
    rows.set(sample.id, row);
  }
  const run = createRunFromRequest(store, {
    datasetId: request.datasetId,
    strategy,
    level,
    endpoint: {
      name: 'reference outputs',
      baseUrl: `file:${basename(request.file)}`,
      model,
      kind: 'openai',
      defaults: { temperature: 0.2, maxTokens: strategy === 'attribute-generation' ? 256 : 512 },
    },
    slice: { kind: 'samples', sampleIds: [...rows.keys()] },
    name: `imported ${basename(request.file)}`,
    source: 'import',
  });
  await store.saveRunResults(run.id, [...rows.values()]);
  store.updateRunState(run.id, { status: 'done', totalTasks: rows.size });
  return { runId: run.id, imported: rows.size, issues, level, strategy, model };
}
