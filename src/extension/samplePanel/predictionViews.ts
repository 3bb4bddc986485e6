// Turns stored predictions into what the sample panel shows: per run, per level, with the
// resolved prompt as readable text. The panel never sees store types.
import type { PredictionRow, RunRecord, StoredPrediction } from '../../core/runs/runTypes';
import type { StoredResolution } from '../../core/scoring/classResolution';
import type {
  LabelLevelName,
  PredictionLevelView,
  SamplePredictionsView,
} from '../../shared/samplePanelProtocol';
import { isSimulatedModel } from '../endpoints/endpointSettings';
import { isObject } from '../../shared/guards';

/** The stored prompt (a ResolvedPrompt: messages with image slots) as plain text. */
export function promptText(prompt: unknown): string {
  const messages = isObject(prompt) && Array.isArray(prompt['messages']) ? prompt['messages'] : null;
  if (!messages) return prompt === null || prompt === undefined ? '' : JSON.stringify(prompt, null, 2);
  return messages
    .map((m: unknown) => {
      if (!isObject(m)) return '';
      const role = typeof m['role'] === 'string' ? m['role'] : '?';
      const content = m['content'];
      const text =
        typeof content === 'string'
          ? content
          : Array.isArray(content)
            ? content
                .map((part: unknown) =>
                  isObject(part) && part['type'] === 'text' && typeof part['text'] === 'string'
                    ? part['text']
                    : '[image]',
                )
                .join('\n')
            : '';
      return `${role}:\n${text}`;
    })
    .join('\n\n');
}

function attributeItems(attributes: unknown): string[] | null {
  if (Array.isArray(attributes)) return attributes.filter((a): a is string => typeof a === 'string');
  if (isObject(attributes)) {
    const required = Array.isArray(attributes['required']) ? attributes['required'] : [];
    const likely = Array.isArray(attributes['likely']) ? attributes['likely'] : [];
    return [...required, ...likely].filter((a): a is string => typeof a === 'string');
  }
  return null;
}

/** "answer resolves to class X (sibling)": which class of the dataset the answer names (docs/runs.md). */
export function resolutionText(r: Partial<StoredResolution>): string | null {
  const severity = r.mistakeSeverity ? ` (${r.mistakeSeverity})` : '';
  switch (r.resolutionRule) {
    case 'exact':
    case 'contains':
      return `answer resolves to class ${r.resolvedClass ?? '?'}${r.resolutionRule === 'contains' ? ', named inside the answer' : ''}${severity}`;
    case 'ambiguous':
      return 'answer names several classes of this dataset equally (ambiguous)';
    case 'off-list':
      return 'answer names no class of this dataset (off-list)';
    default:
      return null;
  }
}

export function predictionLevelView(row: PredictionRow & Partial<StoredResolution>): PredictionLevelView {
  return {
    resolution: resolutionText(row),
    level: row.level as LabelLevelName,
    answer: row.answer,
    attributes: attributeItems(row.attributes),
    finerEm: row.finerEm,
    strictEm: row.strictEm,
    f1: row.f1,
    latencyMs: row.latencyMs,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    error: row.error,
    promptText: promptText(row.prompt),
    turn1Raw: row.turn1Raw,
    rawResponse: row.rawResponse,
    finishReason: row.finishReason,
    refusal: row.refusal,
  };
}

/** Groups a sample's predictions by run, newest run first; rows of unknown runs are skipped. */
export function samplePredictionViews(
  predictions: readonly StoredPrediction[],
  runOf: (runId: number) => RunRecord | undefined,
): SamplePredictionsView[] {
  const byRun = new Map<number, SamplePredictionsView>();
  for (const p of predictions) {
    if (p.stage !== 'done') continue;
    let view = byRun.get(p.runId);
    if (!view) {
      const run = runOf(p.runId);
      if (!run) continue;
      view = {
        runId: run.id,
        runName: run.name,
        strategy: run.strategy,
        model: run.model,
        simulated: isSimulatedModel(run.model),
        createdAt: run.createdAt,
        protocol: run.protocol,
        templateHash: run.templateHash.slice(0, 12),
        levels: [],
      };
      byRun.set(p.runId, view);
    }
    view.levels.push(predictionLevelView(p));
  }
  return [...byRun.values()].sort((a, b) => b.runId - a.runId);
}
