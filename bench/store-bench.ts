// Store benchmark: 100k samples in 10k fine classes plus 100k predictions, then reopen time,
// a page of 200 samples under a class, tag save to durable (p50/p95), checkpoint time and
// the memory a freshly started process grows by when it opens the store.
// Run through `npm run bench`; this module prints nothing itself.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewSample } from '../src/core/model';
import { FinerStore } from '../src/core/store/finerStore';
import type { PredictionRow } from '../src/core/runs/runTypes';
import { newRunRecord, predictionRow } from '../test/support/runRecords';
import { FINE_CLASSES, SAMPLES, importSyntheticDataset, percentile, syntheticSample } from './syntheticInat';

/** Samples in the one large class the page timing reads (the rest spread over the others). */
const BIG_CLASS_SAMPLES = 2_000;
const TAG_SAVES = 500;
const PAGE_REPEATS = 9;
const REOPEN_CHILD_FLAG = '--store-bench-reopen-child';

function fineClassOf(i: number): number {
  return i < BIG_CLASS_SAMPLES ? 0 : 1 + ((i - BIG_CLASS_SAMPLES) % (FINE_CLASSES - 1));
}

function sampleAt(i: number): NewSample {
  return syntheticSample(i, fineClassOf(i), { width: 500, height: 375 });
}

async function buildStore(dbPath: string): Promise<void> {
  const store = await FinerStore.open(dbPath);
  const datasetId = await importSyntheticDataset(store, 'inat-bench', sampleAt);
  const runId = store.createRun(
    newRunRecord(datasetId, {
      name: 'bench run',
      strategy: 'attrseek',
      endpoint: { name: 'bench', baseUrl: 'http://127.0.0.1:0/v1', model: 'bench-model', kind: 'openai' },
      model: 'bench-model',
      templateHash: 'bench',
    }),
  );
  const predictions: PredictionRow[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    predictions.push(
      predictionRow(i + 1, 'fine', {
        prompt: [{ role: 'user', content: 'What is the name of the bird in this image?' }],
        rawResponse: `Attributes: red crown. Answer: Species ${i % FINE_CLASSES}`,
        answer: `Species ${i % FINE_CLASSES}`,
        finerEm: i % 3 === 0 ? 1 : 0,
        strictEm: i % 4 === 0 ? 1 : 0,
        f1: 0.5,
        latencyMs: 800,
        inputTokens: 600,
        outputTokens: 40,
        cost: 0.0001,
      }),
    );
  }
  await store.saveRunResults(runId, predictions);
  await store.close();
}

/** In a fresh process (like an extension host opening the store): cold open time and RSS growth. */
async function reopenInFreshProcess(dbPath: string): Promise<{ coldOpenMs: number; rssGrowthMb: number }> {
  // This file is also bundled into run-bench.js; the child must be this bench's own bundle.
  const child = spawn(
    process.execPath,
    ['--expose-gc', join(__dirname, 'store-bench.js'), REOPEN_CHILD_FLAG, dbPath],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`store bench child failed with exit code ${code}`);
  return JSON.parse(out) as { coldOpenMs: number; rssGrowthMb: number };
}

async function reopenChild(dbPath: string): Promise<void> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const store = await FinerStore.open(dbPath);
  const coldOpenMs = performance.now() - started;
  const dataset = store.listDatasets()[0];
  if (dataset !== undefined) store.superordinates(dataset.id);
  global.gc?.();
  const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / (1024 * 1024);
  await store.close();
  process.stdout.write(JSON.stringify({ coldOpenMs, rssGrowthMb }));
}

export async function runStoreBench(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'finer-store-bench-'));
  const dbPath = join(dir, '.finer-lens', 'finer.db');
  try {
    await buildStore(dbPath);
    const fileMb = statSync(dbPath).size / (1024 * 1024);
    const fresh = await reopenInFreshProcess(dbPath);

    let started = performance.now();
    const store = await FinerStore.open(dbPath, { checkpointIdleMs: 600_000 });
    const reopenMs = performance.now() - started;
    try {
      const dataset = store.listDatasets()[0];
      if (dataset === undefined) throw new Error('bench dataset missing');
      const big = sampleAt(0);
      const path = {
        datasetId: dataset.id,
        superordinate: big.superordinate,
        coarse: big.coarse[0] ?? '',
        fine: big.fine[0] ?? '',
      };
      const pageTimes: number[] = [];
      for (let r = 0; r < PAGE_REPEATS; r++) {
        started = performance.now();
        const page = store.samplesOfClass(path, (r * 200) % BIG_CLASS_SAMPLES, 200);
        pageTimes.push(performance.now() - started);
        if (page.length !== 200) throw new Error(`expected a page of 200 samples, got ${page.length}`);
      }
      const treeTimes: number[] = [];
      for (let r = 0; r < PAGE_REPEATS; r++) {
        started = performance.now();
        store.fineLabels(dataset.id, path.superordinate, path.coarse);
        treeTimes.push(performance.now() - started);
      }

      const saveTimes: number[] = [];
      for (let i = 0; i < TAG_SAVES; i++) {
        const sampleId = 1 + ((i * 7919) % SAMPLES);
        started = performance.now();
        store.addTag(sampleId, `bench-${i % 20}`);
        saveTimes.push(performance.now() - started);
      }

      started = performance.now();
      store.checkpoint();
      const checkpointMs = performance.now() - started;

      return {
        reopenMs,
        coldOpenInFreshProcessMs: fresh.coldOpenMs,
        pageOf200Ms: percentile(pageTimes, 50),
        fineLabelsUnderCoarseMs: percentile(treeTimes, 50),
        tagSaveP50Ms: percentile(saveTimes, 50),
        tagSaveP95Ms: percentile(saveTimes, 95),
        checkpointMs,
        dbFileMb: fileMb,
        memoryGrowthMb: fresh.rssGrowthMb,
      };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module && process.argv[2] === REOPEN_CHILD_FLAG && process.argv[3] !== undefined) {
  reopenChild(process.argv[3]).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
