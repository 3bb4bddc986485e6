// Run records and result rows for tests and benchmarks that write results straight into the
// store: every field has a plain default, and callers override only what they care about.
import type { LabelLevel } from '../../src/core/model';
import { blankPredictionRow } from '../../src/core/runs/runTasks';
import type { NewRunRecord, PredictionRow } from '../../src/core/runs/runTypes';

export function newRunRecord(datasetId: number, overrides: Partial<NewRunRecord> = {}): NewRunRecord {
  return {
    datasetId,
    name: 'run',
    strategy: 'direct',
    levels: ['fine'],
    slice: { kind: 'dataset' },
    endpoint: { name: 'sim', baseUrl: 'http://127.0.0.1:1/v1', model: 'sim', kind: 'openai' },
    model: 'sim',
    params: { temperature: 0.2, maxTokens: 512 },
    goldConditioning: true,
    protocol: 'finer-reference',
    templateFamily: 'birds',
    templateHash: 'x',
    templates: null,
    concurrency: 1,
    requestsPerMinute: null,
    source: 'import',
    status: 'done',
    ...overrides,
  };
}

/** A final ('done') result with an empty prompt and nothing else filled in unless overridden. */
export function predictionRow(
  sampleId: number,
  level: LabelLevel,
  overrides: Partial<PredictionRow> = {},
): PredictionRow {
  return { ...blankPredictionRow(sampleId, level), prompt: [], ...overrides };
}
