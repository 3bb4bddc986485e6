// Reads a Label Studio JSON export of tasks made by labelStudioExport.ts and applies what the
// annotators changed: a different class chosen at a level becomes a label correction (recorded in
// label_edits), newly chosen tags are added, unticked tags removed. Nothing is overwritten
// silently: a label or tag that changed in Finer Lens since the export is skipped and reported.
// A malformed task is reported with the file and task id and left out; the valid ones are applied.
import { readFileSync } from 'node:fs';
import { FinerLensError, StoreError } from '../errors';
import type { LabelLevel, Sample } from '../model';
import type { FinerStore } from '../store/finerStore';
import { NO_LABEL } from '../store/rowMapping';
import { LS_LEVEL_CONTROLS, LS_TAGS } from './labelStudioConfig';
import { sampleLevelTags } from './labelStudioExport';
import { isObject, type Json } from '../../shared/guards';

export interface TaskNote {
  /** "task 17" (Label Studio's id) or "task #3" (position in the file) when it has no id. */
  task: string;
  sampleId: number | null;
  message: string;
}

export interface LabelStudioImportReport {
  file: string;
  tasks: number;
  changed: TaskNote[];
  skipped: TaskNote[];
  errors: TaskNote[];
}

export interface LabelStudioImportOptions {
  /** Who made the corrections (label history `actor`). */
  actor: string;
}

class TaskError extends Error {}

interface TaskChoices {
  levels: Map<LabelLevel, string>;
  /** Undefined when the annotation has no tag result (tags are then left as they are). */
  tags: string[] | undefined;
  ignored: string[];
}

function taskName(task: unknown, position: number): string {
  const id = isObject(task) ? task['id'] : undefined;
  return typeof id === 'number' || typeof id === 'string' ? `task ${id}` : `task #${position + 1}`;
}

function timeOf(a: Json): string {
  const t = a['updated_at'] ?? a['created_at'];
  return typeof t === 'string' ? t : '';
}

/** The annotation that counts: the latest one not cancelled (by updated_at, then position). */
function latestAnnotation(task: Json): Json | undefined {
  const list = task['annotations'];
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) throw new TaskError('"annotations" is not a list');
  let best: Json | undefined;
  for (const a of list) {
    if (!isObject(a)) throw new TaskError('an entry of "annotations" is not an object');
    if (a['was_cancelled'] === true) continue;
    if (best === undefined || timeOf(a) >= timeOf(best)) best = a;
  }
  return best;
}

function readChoices(annotation: Json): TaskChoices {
  const result = annotation['result'];
  if (!Array.isArray(result)) throw new TaskError('annotation "result" is not a list');
  const out: TaskChoices = { levels: new Map(), tags: undefined, ignored: [] };
  result.forEach((item, i) => {
    if (!isObject(item)) throw new TaskError(`result[${i}] is not an object`);
    const from = item['from_name'];
    if (item['type'] !== 'choices' || typeof from !== 'string') {
      out.ignored.push(
        `result[${i}] (${String(item['type'])} from ${String(from)}) is not a choice Finer Lens exports`,
      );
      return;
    }
    const value = item['value'];
    const choices = isObject(value) ? value['choices'] : undefined;
    if (!Array.isArray(choices) || !choices.every((c) => typeof c === 'string'))
      throw new TaskError(`result[${i}].value.choices is not a list of strings`);
    const list = choices as string[];
    if (from === LS_TAGS) {
      out.tags = [...(out.tags ?? []), ...list];
    } else if ((LS_LEVEL_CONTROLS as readonly string[]).includes(from)) {
      if (list.length !== 1)
        throw new TaskError(`result[${i}] chooses ${list.length} ${from} classes, not one`);
      out.levels.set(from as LabelLevel, list[0] ?? '');
    } else {
      out.ignored.push(`result[${i}] comes from control "${from}", which Finer Lens does not export`);
    }
  });
  return out;
}

function primaryOf(sample: Sample, level: LabelLevel): string | null {
  if (level === 'superordinate') return sample.superordinate;
  return (level === 'coarse' ? sample.coarse : sample.fine)[0] ?? null;
}

function exportedString(data: Json, key: string): string | null {
  const v = data[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new TaskError(`data.${key} is not a string`);
  return v;
}

/** Parses the file; a file that is not a JSON list of tasks is refused as a whole. */
function readTasks(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new FinerLensError(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new FinerLensError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(parsed))
    throw new FinerLensError(`${file} is not a Label Studio JSON export: expected a list of tasks.`);
  return parsed;
}

interface ParsedTask {
  name: string;
  sample: Sample;
  /** The first label per level and the sample's tags as exported with the task. */
  exported: Map<LabelLevel, string | null>;
  exportedTags: string[];
  /** Undefined when no annotation counts. */
  choices: TaskChoices | undefined;
}

/** Checks one task against the database; TaskError names what is wrong. */
function parseTask(
  store: FinerStore,
  task: unknown,
  name: string,
  onSample: (id: number) => void,
): ParsedTask {
  if (!isObject(task)) throw new TaskError('is not an object');
  const data = task['data'];
  if (!isObject(data)) throw new TaskError('has no "data" object');
  const id = data['finer_sample_id'];
  if (typeof id !== 'number' || !Number.isInteger(id))
    throw new TaskError(
      'data.finer_sample_id is missing or not an integer (was the task exported by Finer Lens?)',
    );
  onSample(id);
  const sample = store.getSample(id);
  if (!sample) throw new TaskError(`data.finer_sample_id ${id} is not a sample of this database`);
  const datasetName = data['finer_dataset'];
  const dataset = store.getDataset(sample.datasetId);
  if (typeof datasetName === 'string' && dataset && dataset.name !== datasetName)
    throw new TaskError(`belongs to dataset "${datasetName}", but sample ${id} is in "${dataset.name}"`);
  const exported = new Map(LS_LEVEL_CONTROLS.map((l) => [l, exportedString(data, l)]));
  const tags: unknown = data['tags'] ?? [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string'))
    throw new TaskError('data.tags is not a list of strings');
  const annotation = latestAnnotation(task);
  return {
    name,
    sample,
    exported,
    exportedTags: tags as string[],
    choices: annotation === undefined ? undefined : readChoices(annotation),
  };
}

/** Applies parsed tasks to the store and notes every change, skip and error in the report. */
class CorrectionApplier {
  private readonly classCache = new Map<string, Map<string, string[]>>();
  readonly report: LabelStudioImportReport;

  constructor(
    private readonly store: FinerStore,
    private readonly file: string,
    private readonly actor: string,
    tasks: number,
  ) {
    this.report = { file, tasks, changed: [], skipped: [], errors: [] };
  }

  applyTask(task: unknown, position: number): void {
    const name = taskName(task, position);
    let sampleId: number | null = null;
    const note = (list: TaskNote[], message: string) => list.push({ task: name, sampleId, message });
    let parsed: ParsedTask;
    try {
      parsed = parseTask(this.store, task, name, (id) => (sampleId = id));
    } catch (error) {
      if (!(error instanceof TaskError)) throw error;
      note(this.report.errors, `${this.file} ${name}: ${error.message}`);
      return;
    }
    if (parsed.choices === undefined) {
      note(this.report.skipped, 'no annotation (or only cancelled ones)');
      return;
    }
    for (const message of parsed.choices.ignored) note(this.report.skipped, message);
    for (const [level, chosen] of parsed.choices.levels) this.applyLevel(parsed, level, chosen, note);
    if (parsed.choices.tags !== undefined) this.applyTags(parsed, parsed.choices.tags, note);
  }

  private classLabels(datasetId: number, level: LabelLevel): Map<string, string[]> {
    const key = `${datasetId}:${level}`;
    let map = this.classCache.get(key);
    if (map === undefined) {
      map = this.store.classLabelLists(datasetId, level);
      this.classCache.set(key, map);
    }
    return map;
  }

  private applyLevel(task: ParsedTask, level: LabelLevel, chosen: string, note: Note): void {
    // Re-read: an earlier task of the same file may have changed this sample.
    const sample = this.store.getSample(task.sample.id) ?? task.sample;
    const current = primaryOf(sample, level);
    const before = task.exported.get(level) ?? null;
    if (chosen === current) return;
    if (current !== before) {
      note(
        this.report.skipped,
        `${level}: "${chosen}" not applied: the label changed in Finer Lens since the export (now "${current ?? NO_LABEL}")`,
      );
      return;
    }
    const known = this.classLabels(sample.datasetId, level).get(chosen);
    try {
      const edit = this.store.correctSampleLabels(sample.id, level, known ?? [chosen], {
        actor: this.actor,
        source: 'label-studio',
        reason: `${this.file} ${task.name}`,
        expectedPrimary: before ?? NO_LABEL,
      });
      if (edit)
        note(
          this.report.changed,
          `${level}: "${before ?? NO_LABEL}" -> "${chosen}"${known ? '' : ' (a label new to the dataset)'}`,
        );
    } catch (error) {
      if (error instanceof StoreError && error.reason === 'conflict')
        note(this.report.skipped, `${level}: ${error.message}`);
      else throw error;
    }
  }

  /** Adds newly chosen tags, removes exported ones the annotator unticked; keeps changes made since. */
  private applyTags(task: ParsedTask, chosen: readonly string[], note: Note): void {
    const id = task.sample.id;
    const current = new Set(sampleLevelTags(this.store.tagsOf(id)));
    const chosenSet = new Set(chosen.map((t) => t.trim()).filter((t) => t !== ''));
    const exportedSet = new Set(task.exportedTags);
    for (const tag of chosenSet) {
      if (current.has(tag)) continue;
      if (exportedSet.has(tag)) {
        note(this.report.skipped, `tag "${tag}" not re-added: it was removed in Finer Lens since the export`);
        continue;
      }
      this.store.addTag(id, tag);
      note(this.report.changed, `tag "${tag}" added`);
    }
    for (const tag of exportedSet) {
      if (chosenSet.has(tag) || !current.has(tag)) continue;
      this.store.removeTag(id, tag);
      note(this.report.changed, `tag "${tag}" removed`);
    }
  }
}

type Note = (list: TaskNote[], message: string) => void;

/** Applies a Label Studio JSON export to the store; throws only when the file as a whole is unusable. */
export function importLabelStudio(
  store: FinerStore,
  file: string,
  options: LabelStudioImportOptions,
): LabelStudioImportReport {
  const tasks = readTasks(file);
  const applier = new CorrectionApplier(store, file, options.actor, tasks.length);
  tasks.forEach((task, position) => applier.applyTask(task, position));
  return applier.report;
}
