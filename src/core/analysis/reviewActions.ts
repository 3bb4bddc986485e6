// The annotation edits of a review session (tag toggles, notes, suggestion decisions, review
// marks) with an undo stack: undo applies the inverse edit, itself journaled and durable.
import type { FinerStore } from '../store/finerStore';
import type { TagRef } from '../store/tagQueries';
import type { SampleSuggestion } from './suggestionsForSample';

export type ReviewEdit =
  | { kind: 'tag'; sampleId: number; tag: TagRef; runId: number | null; on: boolean }
  | { kind: 'note'; sampleId: number; runId: number | null; before: string | undefined; after: string }
  | {
      kind: 'suggestion';
      sampleId: number;
      runId: number;
      tagKey: string;
      decision: 'accepted' | 'rejected';
      tagged: boolean;
    }
  | { kind: 'reviewed'; sampleId: number; runId: number | null };

export class ReviewActions {
  private readonly undoStack: ReviewEdit[] = [];

  constructor(
    private readonly store: FinerStore,
    /** How many edits undo can go back. */
    private readonly depth = 100,
  ) {}

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  /** The edit `undo` would revert, if any. */
  get lastEdit(): ReviewEdit | undefined {
    return this.undoStack[this.undoStack.length - 1];
  }

  /** Flips a tag (durable on return); returns the new state. */
  toggleTag(sampleId: number, tag: TagRef, runId: number | null = null): boolean {
    const on = this.store.toggleTag(sampleId, tag, runId);
    this.push({ kind: 'tag', sampleId, tag, runId, on });
    return on;
  }

  /** Saves a note (over the limit: StoreError 'invalid', nothing saved, nothing to undo). */
  setNote(sampleId: number, text: string, runId: number | null = null): void {
    const before = this.store.setNote(sampleId, text, runId);
    if (before !== (text.trim() === '' ? undefined : text))
      this.push({ kind: 'note', sampleId, runId, before, after: text });
  }

  /** Accepting sets the tag on the sample (sample-level) and records the decision. */
  acceptSuggestion(sampleId: number, suggestion: Pick<SampleSuggestion, 'tagKey' | 'runId'>): void {
    const tagged = this.store.setSampleTag(sampleId, suggestion.tagKey, true, null);
    this.store.recordSuggestionDecision(sampleId, suggestion.runId, suggestion.tagKey, 'accepted');
    this.push({
      kind: 'suggestion',
      sampleId,
      runId: suggestion.runId,
      tagKey: suggestion.tagKey,
      decision: 'accepted',
      tagged,
    });
  }

  rejectSuggestion(sampleId: number, suggestion: Pick<SampleSuggestion, 'tagKey' | 'runId'>): void {
    this.store.recordSuggestionDecision(sampleId, suggestion.runId, suggestion.tagKey, 'rejected');
    this.push({
      kind: 'suggestion',
      sampleId,
      runId: suggestion.runId,
      tagKey: suggestion.tagKey,
      decision: 'rejected',
      tagged: false,
    });
  }

  markReviewed(sampleId: number, runId: number | null = null): void {
    if (this.store.setReviewed(sampleId, runId, true)) this.push({ kind: 'reviewed', sampleId, runId });
  }

  /** Reverts the last edit; returns it (so the UI can show the sample it touched), or undefined. */
  undo(): ReviewEdit | undefined {
    const edit = this.undoStack.pop();
    if (edit === undefined) return undefined;
    switch (edit.kind) {
      case 'tag':
        this.store.setSampleTag(edit.sampleId, edit.tag, !edit.on, edit.runId);
        break;
      case 'note':
        this.store.setNote(edit.sampleId, edit.before ?? '', edit.runId);
        break;
      case 'suggestion':
        if (edit.tagged) this.store.setSampleTag(edit.sampleId, edit.tagKey, false, null);
        this.store.recordSuggestionDecision(edit.sampleId, edit.runId, edit.tagKey, undefined);
        break;
      case 'reviewed':
        this.store.setReviewed(edit.sampleId, edit.runId, false);
        break;
    }
    return edit;
  }

  private push(edit: ReviewEdit): void {
    this.undoStack.push(edit);
    if (this.undoStack.length > this.depth) this.undoStack.shift();
  }
}
