// Review benchmark: 100k samples (10k fine classes) with a 100k-result ATTRSEEK run at the fine
// level. Measures building the queue "misclassified at fine in run X, not yet reviewed", one
// next/previous step with everything the sample panel needs (sample, concept with attributes,
// predictions of all runs, tags, notes, suggestions), and a tag toggle to durable.
// Run through `npm run bench`; this module prints nothing itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReviewQueue } from '../src/core/analysis/reviewQueue';
import { SampleSuggestions } from '../src/core/analysis/suggestionsForSample';
import type { PredictionRow } from '../src/core/runs/runTypes';
import { FinerStore } from '../src/core/store/finerStore';
import { newRunRecord } from '../test/support/runRecords';
import { FINE_CLASSES, importSyntheticDataset, percentile, syntheticSample } from './syntheticInat';

const STEPS = 200;
const TOGGLES = 300;

function resultRow(sampleId: number, i: number): PredictionRow {
  const wrong = i % 5 !== 0; // 80% wrong at fine, as for LLaVA on iNaturalist
  const fine = i % FINE_CLASSES;
  const answer = wrong ? `Species ${fine - (fine % 20) + ((fine + 1) % 20)}` : `Species ${fine}`;
  return {
    sampleId,
    level: 'fine',
    stage: 'done',
    prompt: [{ role: 'user', content: 'What is the name of the bird in this image? Answer:' }],
    turn1Raw: 'Attributes: red crown, white wing bars, long tail',
    attributes: ['red crown', 'white wing bars', 'long tail'],
    rawResponse: `Answer: ${answer}`,
    answer,
    finerEm: wrong ? 0 : 1,
    strictEm: wrong ? 0 : 1,
    f1: wrong ? 0.5 : 1,
    latencyMs: 300,
    inputTokens: 700,
    outputTokens: 20,
    cost: 0,
    error: null,
    cacheHit: false,
    imageSha256: null,
    finishReason: 'stop',
    refusal: null,
  };
}

async function buildStore(store: FinerStore): Promise<{ datasetId: number; runId: number }> {
  const datasetId = await importSyntheticDataset(store, 'inat-review-bench', (i) =>
    syntheticSample(i, i % FINE_CLASSES, {}),
  );
  const runId = store.createRun(
    newRunRecord(datasetId, {
      name: 'bench attrseek',
      strategy: 'attrseek',
      endpoint: { name: 'bench', baseUrl: 'http://127.0.0.1:1/v1', model: 'bench', kind: 'openai' },
      model: 'bench',
      templateFamily: 'inaturalist',
      templateHash: 'bench',
      concurrency: 16,
    }),
  );
  const ids = store.reviewSliceSampleIds({ datasetId, conditions: [] });
  await store.saveRunResults(
    runId,
    ids.map((id, i) => resultRow(id, i)),
  );
  return { datasetId, runId };
}

export async function runReviewBench(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'finer-review-bench-'));
  const store = await FinerStore.open(join(dir, 'finer.db'), { checkpointIdleMs: 600_000 });
  try {
    const { datasetId, runId } = await buildStore(store);
    const slice = {
      datasetId,
      conditions: [
        { kind: 'misclassified' as const, runId, level: 'fine' as const },
        { kind: 'unreviewed' as const, runId },
      ],
    };
    let t = performance.now();
    const queue = ReviewQueue.open(store, slice);
    const buildQueueMs = performance.now() - t;

    const suggestions = new SampleSuggestions(store);
    t = performance.now();
    suggestions.forSample(queue.current ?? 0, runId); // fills the per-dataset label cache once
    const suggestionWarmupMs = performance.now() - t;

    const panelFor = (sampleId: number): number => {
      const sample = store.getSample(sampleId);
      if (sample === undefined) throw new Error(`sample ${sampleId} missing`);
      const concept = store.conceptForSample(sample);
      const predictions = store.predictionsOfSample(sampleId);
      const tags = store.sampleTags(sampleId);
      const notes = store.notesOf(sampleId);
      const suggested = suggestions.forSample(sampleId, runId, predictions);
      return (
        (concept?.required.length ?? 0) + predictions.length + tags.length + notes.length + suggested.length
      );
    };

    const steps: number[] = [];
    for (let i = 0; i < STEPS; i++) {
      const start = performance.now();
      const id = i % 4 === 3 ? queue.previous() : queue.next();
      if (id !== undefined) panelFor(id);
      steps.push(performance.now() - start);
    }

    const toggles: number[] = [];
    const ids = queue.sampleIds;
    for (let i = 0; i < TOGGLES; i++) {
      const start = performance.now();
      store.toggleTag(ids[i % ids.length] ?? 1, 'sibling-confusion');
      toggles.push(performance.now() - start);
    }

    return {
      queueSize: queue.length,
      buildQueueMs,
      suggestionWarmupMs,
      stepP50Ms: percentile(steps, 50),
      stepP95Ms: percentile(steps, 95),
      tagToggleP50Ms: percentile(toggles, 50),
      tagToggleP95Ms: percentile(toggles, 95),
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
