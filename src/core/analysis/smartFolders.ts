// The smart folders of the tree: saved queries with counts, each carrying the review slice it
// opens. Counts come from a few grouped queries per dataset and run, cheap enough to recompute
// on every store change.
import type { LabelLevel } from '../model';
import { LABEL_LEVELS } from '../model';
import type { FinerStore } from '../store/finerStore';
import type { ReviewSlice } from '../model';

export type SmartFolderKind = 'misclassified' | 'failed' | 'tag' | 'edited-concepts' | 'unreviewed';

export interface SmartFolder {
  kind: SmartFolderKind;
  label: string;
  count: number;
  slice: ReviewSlice;
  /** For run folders. */
  runId?: number;
  level?: LabelLevel;
  /** For tag folders: the tag's id, key (null for free-form tags) and theme colour id. */
  tagId?: number;
  tagKey?: string | null;
  color?: string | null;
}

export interface SmartFolderGroup {
  label: string;
  /** Present for the per-run groups. */
  runId?: number;
  folders: SmartFolder[];
}

/** Groups: one per run (misclassified per level, failed), tags, then "Review" (unreviewed, edited concepts). */
export function smartFolders(store: FinerStore, datasetId: number): SmartFolderGroup[] {
  const groups: SmartFolderGroup[] = [];
  for (const run of store.listRuns(datasetId)) {
    const counts = store.runFolderCounts(run.id);
    const folders: SmartFolder[] = [];
    for (const level of LABEL_LEVELS) {
      const count = counts.misclassified[level];
      if (count === undefined) continue;
      folders.push({
        kind: 'misclassified',
        label: `Misclassified at ${level} level`,
        count,
        runId: run.id,
        level,
        slice: { datasetId, conditions: [{ kind: 'misclassified', runId: run.id, level }] },
      });
    }
    folders.push({
      kind: 'failed',
      label: 'Request failed',
      count: counts.failed,
      runId: run.id,
      slice: { datasetId, conditions: [{ kind: 'failed', runId: run.id }] },
    });
    groups.push({ label: `Run ${run.id}: ${run.name}`, runId: run.id, folders });
  }
  const datasetCounts = store.datasetFolderCounts(datasetId);
  groups.push({
    label: 'Tags',
    folders: store.listTaxonomy().map((tag) => ({
      kind: 'tag' as const,
      label: tag.name,
      count: datasetCounts.perTag.get(tag.id) ?? 0,
      tagId: tag.id,
      tagKey: tag.key,
      color: tag.color,
      slice: { datasetId, conditions: [{ kind: 'tagged' as const, tag: tag.key ?? tag.name }] },
    })),
  });
  groups.push({
    label: 'Review',
    folders: [
      {
        kind: 'unreviewed',
        label: 'Not yet reviewed',
        count: datasetCounts.unreviewed,
        slice: { datasetId, conditions: [{ kind: 'unreviewed' }] },
      },
      {
        kind: 'edited-concepts',
        label: 'Edited concepts',
        count: datasetCounts.editedConcepts,
        slice: { datasetId, conditions: [{ kind: 'edited-concept' }] },
      },
    ],
  });
  return groups;
}
