// What a native-layout reader hands the common import: classes (labels, hierarchy, source
// ids) and records (one image each, pointing at a class). Coarse labels are resolved per class
// afterwards (coarseLabels.ts), since most rules work on classes, not images.
import type { LabelSource, NativeFormat } from '../../model';
import type { ImportIssueLog } from '../importIssueLog';

/** One node of a class's taxonomy path, from the top rank down to the class itself. */
export interface TaxonNode {
  rank: string;
  name: string;
  /** The source's own id of the node, when it has one (NABirds class ids). */
  id?: number;
}

export interface NativeClass {
  /** The source's class id, as text. */
  key: string;
  fine: string[];
  superordinate: string;
  /** Coarse labels from the dataset's own fields or hierarchy; absent when it has none. */
  coarse?: string[];
  taxonomy?: TaxonNode[];
  /** Source ids and names kept on every sample of the class (metadata.source). */
  source: Record<string, unknown>;
}

export interface NativeRecord {
  /** Position in the source's own listing (0-based). */
  idx: number;
  /** Image path relative to the images folder, forward slashes. */
  image: string;
  classKey: string;
  /** The index file and line (or record) the image came from, for messages. */
  file: string;
  line: number;
  /** Per-image source fields (image id, bounding box, ...). */
  metadata: Record<string, unknown>;
}

export interface NativeSource {
  format: NativeFormat;
  split: string;
  /** Folder images are relative to. */
  imagesDir: string;
  /** The index files read, first the one that lists the images. */
  files: string[];
  classes: Map<string, NativeClass>;
  records: NativeRecord[];
  /** Where the superordinate, fine and (when the dataset has them) coarse labels come from. */
  levels: { superordinate: LabelSource; fine: LabelSource; coarse?: LabelSource };
  taxonomyRanks?: string[];
  /** Records dropped by the reader itself (bad lines, unknown ids); counted as skipped. */
  skipped: number;
}

export interface NativeReadContext {
  folder: string;
  split: string;
  log: ImportIssueLog;
  /** iNaturalist: the taxonomy rank used as the coarse label (default "family"). */
  coarseRank?: string;
  signal?: AbortSignal;
}
