// An in-memory stand-in for the store's import transaction: the ImportSink is the agreed
// process-free boundary between importers and the store. A throwing fill discards its rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportSink, NewConcept, NewDataset, NewSample } from '../../../src/core/model';

export interface MemoryDataset {
  id: number;
  meta: NewDataset;
  samples: NewSample[];
  concepts: NewConcept[];
}

export class MemoryImportTarget {
  readonly datasets: MemoryDataset[] = [];

  async importDataset(
    meta: NewDataset,
    fill: (sink: ImportSink) => Promise<void>,
  ): Promise<{ datasetId: number; samples: number; concepts: number }> {
    const pending: MemoryDataset = { id: this.datasets.length + 1, meta, samples: [], concepts: [] };
    await fill({
      addSample: (sample) => pending.samples.push(sample),
      addConcept: (concept) => pending.concepts.push(concept),
    });
    this.datasets.push(pending);
    return { datasetId: pending.id, samples: pending.samples.length, concepts: pending.concepts.length };
  }

  only(): MemoryDataset {
    if (this.datasets.length !== 1) throw new Error(`expected one dataset, have ${this.datasets.length}`);
    return this.datasets[0] as MemoryDataset;
  }
}

/** A fresh temp folder per test, removed afterwards. */
export function useTempDir(prefix: string): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (!dir) throw new Error('temp dir used outside a test');
    return dir;
  };
}
