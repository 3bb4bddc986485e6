// Batch-run throughput: 2,000 synthetic images against the simulated LVLM with a fixed 50 ms
// latency at concurrency 16. Ideal = 16 / 0.05 s = 320 requests/s. Compared with a plain loop
// of openai SDK calls under p-limit sending the same requests (built before timing starts, so
// the baseline pays neither image encoding nor storage). The simulated server runs in its own
// process (`finer-lens simulate-server`), as a real server would: on a small machine a server
// sharing the client's event loop halves what either side can do. Returns figures; prints nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import pLimit from 'p-limit';
import { PNG } from 'pngjs';
import { DatasetImageReader, encodeDatasetImage } from '../src/core/images/datasetImageFile';
import { LvlmClient } from '../src/core/lvlm/lvlmClient';
import type { LvlmEndpoint } from '../src/core/lvlm/lvlmEndpoint';
import { wireMessages } from '../src/core/runs/openAiBatch';
import { RunEngine } from '../src/core/runs/runEngine';
import { createRunFromRequest } from '../src/core/runs/runSetup';
import { toChatMessages } from '../src/core/runs/runTasks';
import { builderForRun } from '../src/core/runs/runSetup';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Sample } from '../src/core/model';
import { FinerStore } from '../src/core/store/finerStore';

const IMAGES = 2000;
const CLASSES = 40;
const CONCURRENCY = 16;
const LATENCY_MS = 50;

function syntheticPng(i: number): Buffer {
  const png = new PNG({ width: 16, height: 16 });
  for (let p = 0; p < 256; p++) {
    // Distinct bytes per image: the index is spread over the first pixels.
    png.data[p * 4] = p < 4 ? (i >> (p * 4)) & 0xff : (i * 7 + p) & 0xff;
    png.data[p * 4 + 1] = (i * 13 + p * 3) & 0xff;
    png.data[p * 4 + 2] = (i % CLASSES) * 6;
    png.data[p * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

export async function runRunsBench(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'finer-runs-bench-'));
  const store = await FinerStore.open(join(dir, 'finer.db'));
  try {
    for (let i = 0; i < IMAGES; i++) writeFileSync(join(dir, `img-${i}.png`), syntheticPng(i));
    const { datasetId } = await store.importDataset(
      { name: 'bench-birds', rootDir: dir, format: 'manifest', split: 'test' },
      async (sink) => {
        for (let i = 0; i < IMAGES; i++) {
          const c = i % CLASSES;
          sink.addSample({
            idx: i,
            imagePath: `img-${i}.png`,
            superordinate: 'Bird',
            coarse: [`Group ${c % 8}`],
            fine: [`Species ${c}`],
            split: 'test',
            metadata: {},
          });
        }
        for (let c = 0; c < CLASSES; c++) {
          sink.addConcept({
            name: `Species ${c}`,
            sourceId: c,
            commonName: null,
            required: [`mark ${c}`],
            likely: [],
          });
        }
      },
    );
    const dataset = store.getDataset(datasetId);
    if (!dataset) throw new Error('bench dataset missing');
    const samples = store.samplesOfSlice(datasetId, { kind: 'dataset' });
    const engineRps: number[] = [];
    const baselineRps: number[] = [];
    // Alternate and keep the best of each: the machine may be busy with other work. Each
    // measurement gets a fresh server, so neither side profits from the server's image-hash cache.
    for (let round = 0; round < 2; round++) {
      engineRps.push(await measureEngine(store, datasetId));
      baselineRps.push(await measureBaseline(store, datasetId, dir, samples));
    }
    const engine = Math.max(...engineRps);
    const baseline = Math.max(...baselineRps);
    const ideal = CONCURRENCY / (LATENCY_MS / 1000);
    return {
      'runs.requestsPerSecond': engine,
      'runs.fractionOfIdeal': engine / ideal,
      'runs.pLimitRequestsPerSecond': baseline,
      'runs.ratioToPLimit': engine / baseline,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function findCli(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'cli.js'), join(dir, 'dist', 'cli.js')])
      if (existsSync(candidate)) return candidate;
  }
  throw new Error('dist/cli.js not found; build first');
}

/** `finer-lens simulate-server` as a child process; resolves once it printed its URL. */
async function startServerProcess(
  dbPath: string,
): Promise<{ url: string; model: string; close(): Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      findCli(),
      'simulate-server',
      '--db',
      dbPath,
      '--port',
      '0',
      '--seed',
      '1',
      '--latency-ms',
      String(LATENCY_MS),
      '--json',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const info = await new Promise<{ url: string; model: string }>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('}')) resolve(JSON.parse(out) as { url: string; model: string });
    });
    child.once('exit', (code) => reject(new Error(`simulate-server exited with ${code}`)));
  });
  return {
    ...info,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function benchEndpoint(server: { url: string; model: string }): LvlmEndpoint {
  return {
    name: 'bench',
    baseUrl: server.url,
    model: server.model,
    kind: 'openai',
    defaults: { temperature: 0.2, maxTokens: 512 },
  };
}

/** The run engine: plan, encode images, send, parse, score, store durably. */
async function measureEngine(store: FinerStore, datasetId: number): Promise<number> {
  const server = await startServerProcess(store.path);
  try {
    const endpoint = benchEndpoint(server);
    const request = {
      datasetId,
      strategy: 'direct' as const,
      level: 'fine' as const,
      endpoint,
      concurrency: CONCURRENCY,
    };
    const engine = new RunEngine({ store, createClient: (e, limiter) => new LvlmClient(e, { limiter }) });
    // Warm up connections and JIT (not measured).
    await engine.startRun({ ...request, slice: { kind: 'dataset', limit: 64 } }, { useCache: false });
    const t0 = performance.now();
    const outcome = await engine.startRun(request, { useCache: false });
    const seconds = (performance.now() - t0) / 1000;
    if (outcome.progress.done !== IMAGES || outcome.progress.errors !== 0) {
      throw new Error(`bench run incomplete: ${JSON.stringify(outcome.progress)}`);
    }
    return IMAGES / seconds;
  } finally {
    await server.close();
  }
}

/** The same requests, prebuilt (images encoded before timing), through the SDK under p-limit. */
async function measureBaseline(
  store: FinerStore,
  datasetId: number,
  dir: string,
  samples: readonly Sample[],
): Promise<number> {
  const server = await startServerProcess(store.path);
  try {
    const run = createRunFromRequest(store, {
      datasetId,
      strategy: 'direct',
      level: 'fine',
      endpoint: benchEndpoint(server),
    });
    const builder = builderForRun(run);
    const reader = new DatasetImageReader(dir);
    const bodies = await Promise.all(
      samples.map(async (sample) => {
        const image = await encodeDatasetImage(reader, sample.imagePath);
        const messages = toChatMessages(builder.fine(sample, { goldConditioning: false }).messages, image);
        return {
          model: server.model,
          temperature: 0.2,
          max_tokens: 512,
          messages: wireMessages(messages),
        } as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
      }),
    );
    const sdk = new OpenAI({ baseURL: server.url, apiKey: 'none', maxRetries: 0 });
    const limit = pLimit(CONCURRENCY);
    await Promise.all(bodies.slice(0, 64).map((body) => limit(() => sdk.chat.completions.create(body))));
    const t0 = performance.now();
    await Promise.all(bodies.map((body) => limit(() => sdk.chat.completions.create(body))));
    return IMAGES / ((performance.now() - t0) / 1000);
  } finally {
    await server.close();
  }
}
