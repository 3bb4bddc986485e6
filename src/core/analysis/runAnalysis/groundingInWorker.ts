// Runs computeGrounding in a worker thread, so the caller's thread (the extension host) stays
// responsive while the matcher goes over every attribute list. One worker per computation; it
// is terminated when the answer arrives, when the signal aborts (a closed dashboard, a newer
// request) and on error, so none outlives its request.
import { Worker } from 'node:worker_threads';
import type { GroundingData } from './grounding';
import type { GroundingSection } from './types';

export interface GroundingWorkerOptions {
  /** Path of the bundled worker entry (dist/groundingWorker.js). */
  workerPath: string;
  signal?: AbortSignal;
}

type WorkerReply = { ok: true; section: GroundingSection | null } | { ok: false; error: string };

/** Workers started by this module and not yet ended (read by the tests). */
let running = 0;
export function runningGroundingWorkers(): number {
  return running;
}

export function computeGroundingInWorker(
  data: GroundingData,
  options: GroundingWorkerOptions,
): Promise<GroundingSection | null> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError());
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(options.workerPath);
    } catch (error) {
      reject(
        new Error(
          `The attribute grounding could not start its worker (${options.workerPath}): ${String(error)}`,
        ),
      );
      return;
    }
    running++;
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    const onAbort = (): void => finish(() => reject(abortError()));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('exit', (code) => {
      running--;
      finish(() =>
        reject(new Error(`The attribute grounding's worker stopped (exit code ${code}) before it answered.`)),
      );
    });
    worker.once('error', (error) =>
      finish(() => reject(new Error(`The attribute grounding failed in its worker: ${error.message}`))),
    );
    worker.once('message', (reply: WorkerReply) =>
      finish(() =>
        reply.ok
          ? resolve(reply.section)
          : reject(new Error(`The attribute grounding failed: ${reply.error}`)),
      ),
    );
    void postInChunks(worker, data, () => settled).catch((error: unknown) =>
      finish(() => reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}

/** Rows per message to the worker: cloning one chunk stays a few milliseconds on the caller's thread. */
const ROWS_PER_MESSAGE = 5_000;

/** Sends the rows a chunk at a time, with a turn of the event loop between chunks, then the rest. */
async function postInChunks(worker: Worker, data: GroundingData, stopped: () => boolean): Promise<void> {
  const { rows, ...rest } = data;
  for (let start = 0; start < rows.length; start += ROWS_PER_MESSAGE) {
    if (stopped()) return;
    worker.postMessage({ rows: rows.slice(start, start + ROWS_PER_MESSAGE) });
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (!stopped()) worker.postMessage({ compute: rest });
}

function abortError(): Error {
  const error = new Error('The attribute grounding was cancelled.');
  error.name = 'AbortError';
  return error;
}
