// The choices of "Start Review…": every slice worth reviewing in a dataset, with its sample
// count, in the order a researcher usually wants them (the newest batch run first). Kept out
// of the extension so the order and the wording are tested in Node against a real store.
import { LABEL_LEVELS } from '../model';
import type { RunRecord } from '../runs/runTypes';
import type { FinerStore } from '../store/finerStore';
import type { ReviewCondition, ReviewSlice } from '../model';

export interface ReviewChoice {
  /** With a codicon prefix such as `$(error)`, as quick picks show it. */
  label: string;
  /** "1 sample", "12 samples". */
  description: string;
  /** The run a run slice belongs to. */
  detail?: string;
  slice: ReviewSlice;
}

export function sampleCountText(count: number): string {
  return `${count.toLocaleString('en-US')} sample${count === 1 ? '' : 's'}`;
}

/** A run started from the sample panel on one sample. */
export function isOneSampleRun(run: RunRecord): boolean {
  return run.slice.kind === 'samples' && run.slice.sampleIds.length === 1;
}

/** Non-empty slices only. */
export function reviewChoices(store: FinerStore, datasetId: number): ReviewChoice[] {
  const choices: ReviewChoice[] = [];
  const add = (label: string, conditions: ReviewCondition[], detail?: string): void => {
    const slice = { datasetId, conditions };
    const count = store.countReviewSlice(slice);
    if (count > 0) {
      choices.push({ label, description: sampleCountText(count), ...(detail ? { detail } : {}), slice });
    }
  };
  // The newest batch run first (it is what a review is usually about); one-sample runs from the
  // sample panel after every batch run, so one of them is never the preselected first choice.
  const runs = store
    .listRuns(datasetId)
    .sort((a, b) => Number(isOneSampleRun(a)) - Number(isOneSampleRun(b)) || b.id - a.id);
  for (const run of runs) {
    const counts = store.runFolderCounts(run.id);
    for (const level of LABEL_LEVELS) {
      if (counts.misclassified[level] === undefined) continue;
      const wrong: ReviewCondition = { kind: 'misclassified', runId: run.id, level };
      const detail = `Run ${run.id}: ${run.name}`;
      add(`$(error) Misclassified at ${level} level`, [wrong], detail);
      add(
        `$(error) Misclassified at ${level} level, not yet reviewed`,
        [wrong, { kind: 'unreviewed', runId: run.id }],
        detail,
      );
    }
  }
  for (const tag of store.listTaxonomy()) {
    if (tag.count > 0) add(`$(tag) Tagged "${tag.name}"`, [{ kind: 'tagged', tag: tag.key ?? tag.name }]);
  }
  add('$(eye) Not yet reviewed', [{ kind: 'unreviewed' }]);
  for (const sup of store.superordinates(datasetId)) {
    for (const coarse of store.coarseLabels(datasetId, sup.label)) {
      add(`$(symbol-class) Class ${coarse.label}`, [
        { kind: 'class', superordinate: sup.label, coarse: coarse.label },
      ]);
    }
  }
  return choices;
}
