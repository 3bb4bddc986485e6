// CONTRACT SKELETON (to be implemented by the store work): the public surface other modules code against.
// Signatures here are the agreed API; bodies are filled in by the store implementation.
import type {
  Concept,
  Dataset,
  DatasetStats,
  ImportSink,
  LabelCount,
  NewDataset,
  Sample,
} from '../model';

export interface StoreOptions {
  /** Path to sql-wasm.wasm; by default found next to the running bundle or in node_modules/sql.js. */
  wasmPath?: string;
  /** Fold the journal into the database file after this much idle time (ms). */
  checkpointIdleMs?: number;
}

export interface StoreChange {
  source: 'local' | 'external';
}

export interface Disposable {
  dispose(): void;
}

export interface ClassPath {
  datasetId: number;
  superordinate: string;
  coarse: string;
  fine: string;
}

export declare class FinerStore {
  static open(dbPath: string, options?: StoreOptions): Promise<FinerStore>;
  readonly path: string;
  readonly schemaVersion: number;
  close(): Promise<void>;
  checkpoint(): void;
  syncExternal(): boolean;
  onDidChange(listener: (change: StoreChange) => void): Disposable;

  importDataset(
    meta: NewDataset,
    fill: (sink: ImportSink) => Promise<void>,
  ): Promise<{ datasetId: number; samples: number; concepts: number }>;
  listDatasets(): Dataset[];
  getDataset(id: number): Dataset | undefined;
  findDatasetByName(name: string): Dataset | undefined;
  removeDataset(id: number): void;
  datasetStats(id: number): DatasetStats;

  superordinates(datasetId: number): LabelCount[];
  coarseLabels(datasetId: number, superordinate: string): LabelCount[];
  fineLabels(datasetId: number, superordinate: string, coarse: string): LabelCount[];
  samplesOfClass(path: ClassPath, offset: number, limit: number): Sample[];
  getSample(id: number): Sample | undefined;
  conceptForSample(sample: Sample): Concept | undefined;
  listConcepts(datasetId: number): Concept[];

  addTag(sampleId: number, tag: string): void;
  removeTag(sampleId: number, tag: string): void;
  tagsOf(sampleId: number): string[];
  setNote(sampleId: number, text: string): void;
  noteOf(sampleId: number): string | undefined;
}
