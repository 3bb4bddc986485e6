// What a task needs about its sample (image encoded, concept when the prompt reads it), loaded
// once per sample and shared by its levels. Used by live runs, batch export and the editor.
import { readFile } from 'node:fs';
import { join } from 'node:path';
import { encodeImageBytes, ImageEncodingError } from '../lvlm/imageEncoding';
import type { Sample } from '../model';
import type { PlannedTask } from './runPlan';
import type { RunStore } from './runStore';
import { errorText, needsConcept, needsImage, type TaskSample } from './runTasks';
import type { RunStrategy } from './runTypes';

/**
 * Reads an image with the callback API: at hundreds of images a second, fs/promises' FileHandle
 * round trips cost measurably more main-thread time.
 */
function readImageBytes(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    readFile(path, (error, bytes) => {
      if (error)
        reject(
          new ImageEncodingError(
            `Image ${path} cannot be read (${error.code ?? 'error'}).`,
            'unreadable',
            path,
          ),
        );
      else resolve(bytes);
    });
  });
}

/** The sample's inputs for `strategy`; an unreadable image becomes `imageError`, never a throw. */
export async function loadTaskSample(
  store: RunStore,
  strategy: RunStrategy,
  rootDir: string,
  sample: Sample,
  maxSide: number | undefined,
): Promise<TaskSample> {
  const concept = needsConcept(strategy) ? store.conceptForSample(sample) : undefined;
  if (!needsImage(strategy)) return { sample, concept, image: null, imageError: null };
  try {
    const path = join(rootDir, sample.imagePath);
    const image = encodeImageBytes(
      await readImageBytes(path),
      path,
      maxSide === undefined ? {} : { maxSide },
    );
    return { sample, concept, image, imageError: null };
  } catch (error) {
    return { sample, concept, image: null, imageError: errorText(error) };
  }
}

/** Encodes each sample's image once, shared by its levels, released after its last task. */
export class SampleImages {
  private readonly entries = new Map<number, { image: Promise<TaskSample> | undefined; remaining: number }>();

  constructor(
    private readonly store: RunStore,
    private readonly strategy: RunStrategy,
    private readonly rootDir: string,
    private readonly maxSide: number | undefined,
    tasks: readonly PlannedTask[],
  ) {
    for (const t of tasks) {
      const e = this.entries.get(t.sample.id);
      if (e) e.remaining++;
      else this.entries.set(t.sample.id, { image: undefined, remaining: 1 });
    }
  }

  acquire(sample: Sample): Promise<TaskSample> {
    const entry = this.entries.get(sample.id);
    if (!entry) return this.load(sample);
    entry.image ??= this.load(sample);
    return entry.image;
  }

  release(sample: Sample): void {
    const entry = this.entries.get(sample.id);
    if (entry && --entry.remaining <= 0) this.entries.delete(sample.id);
  }

  private load(sample: Sample): Promise<TaskSample> {
    return loadTaskSample(this.store, this.strategy, this.rootDir, sample, this.maxSide);
  }
}
