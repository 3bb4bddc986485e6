// What a task needs about its sample (image encoded, concept when the prompt reads it), loaded
// once per sample and shared by its levels. Used by live runs, batch export and the editor.
import { DatasetImageReader, encodeDatasetImage } from '../images/datasetImageFile';
import type { Sample } from '../model';
import type { PlannedTask } from './runPlan';
import type { RunStore } from './runStore';
import { lvlmErrorText, needsConcept, needsImage, type TaskSample } from './runTasks';
import type { RunStrategy } from './runTypes';

/** How a run reads and sizes images; both have defaults (50 MB files, 1024 px sides). */
export interface RunImageLimits {
  /** Longest side sent, in pixels. */
  maxSide?: number;
  /** Largest image file read, in bytes. */
  maxBytes?: number;
}

/**
 * The sample's inputs for `strategy`; an unreadable or refused image becomes `imageError`
 * (naming the sample and the path), never a throw.
 */
export async function loadTaskSample(
  store: RunStore,
  strategy: RunStrategy,
  reader: DatasetImageReader,
  sample: Sample,
  maxSide: number | undefined,
): Promise<TaskSample> {
  const concept = needsConcept(strategy) ? store.conceptForSample(sample) : undefined;
  if (!needsImage(strategy)) return { sample, concept, image: null, imageError: null };
  try {
    const image = await encodeDatasetImage(
      reader,
      sample.imagePath,
      maxSide === undefined ? {} : { maxSide },
    );
    return { sample, concept, image, imageError: null };
  } catch (error) {
    return { sample, concept, image: null, imageError: `Sample ${sample.idx}: ${lvlmErrorText(error)}` };
  }
}

/** Encodes each sample's image once, shared by its levels, released after its last task. */
export class SampleImages {
  private readonly entries = new Map<number, { image: Promise<TaskSample> | undefined; remaining: number }>();
  private readonly reader: DatasetImageReader;

  constructor(
    private readonly store: RunStore,
    private readonly strategy: RunStrategy,
    rootDir: string,
    private readonly limits: RunImageLimits,
    tasks: readonly PlannedTask[],
  ) {
    this.reader = new DatasetImageReader(rootDir, limits.maxBytes);
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
    return loadTaskSample(this.store, this.strategy, this.reader, sample, this.limits.maxSide);
  }
}
