// A review queue over a slice: the slice's sample ids (one query, frozen until refresh, so
// samples do not vanish as they get reviewed), the current position, and next / previous.
// Moving past a sample that got a tag or a note marks it reviewed (per the queue's run).
// The position is saved in the database per slice, so it survives restarts.
import type { FinerStore } from '../store/finerStore';
import type { ReviewSlice } from '../model';
import { describeReviewSlice, reviewRunOf, reviewSliceKey } from './reviewSlice';

export class ReviewQueue {
  readonly key: string;
  /** The run review marks are recorded for (the slice's first run condition), or null. */
  readonly runId: number | null;
  private ids: number[] = [];
  private index = 0;

  private constructor(
    private readonly store: FinerStore,
    readonly slice: ReviewSlice,
  ) {
    this.key = reviewSliceKey(slice);
    this.runId = reviewRunOf(slice);
  }

  /** Builds the queue and restores the saved position (by sample when it is still in the queue). */
  static open(store: FinerStore, slice: ReviewSlice): ReviewQueue {
    const queue = new ReviewQueue(store, slice);
    queue.load();
    return queue;
  }

  get sampleIds(): readonly number[] {
    return this.ids;
  }

  get length(): number {
    return this.ids.length;
  }

  /** 0-based; 0 for an empty queue. */
  get position(): number {
    return this.index;
  }

  get current(): number | undefined {
    return this.ids[this.index];
  }

  label(runName?: (id: number) => string): string {
    return describeReviewSlice(this.slice, runName);
  }

  /** Moves on (marking the current sample reviewed when annotated); undefined at the end (stays). */
  next(): number | undefined {
    return this.step(1);
  }

  previous(): number | undefined {
    return this.step(-1);
  }

  /** Jumps to a sample of the queue (e.g. picked in the tree); false when it is not in it. */
  goTo(sampleId: number): boolean {
    const at = this.ids.indexOf(sampleId);
    if (at === -1) return false;
    this.index = at;
    this.save();
    return true;
  }

  /** Marks the current sample reviewed explicitly. */
  markCurrentReviewed(): void {
    const id = this.current;
    if (id !== undefined) this.store.setReviewed(id, this.runId, true);
  }

  /** Re-runs the slice query, keeping the current sample when it is still there. */
  refresh(): void {
    const keep = this.current;
    this.ids = this.store.reviewSliceSampleIds(this.slice);
    const at = keep === undefined ? -1 : this.ids.indexOf(keep);
    this.index = at !== -1 ? at : Math.min(this.index, Math.max(0, this.ids.length - 1));
  }

  private step(delta: 1 | -1): number | undefined {
    const target = this.index + delta;
    if (target < 0 || target >= this.ids.length) return undefined;
    const leaving = this.current;
    if (leaving !== undefined && this.store.isAnnotated(leaving))
      this.store.setReviewed(leaving, this.runId, true);
    this.index = target;
    this.save();
    return this.current;
  }

  private load(): void {
    this.ids = this.store.reviewSliceSampleIds(this.slice);
    const saved = this.store.reviewPosition(this.key);
    if (saved === undefined) return;
    const savedId = saved.sampleId;
    let at = savedId === null ? -1 : this.ids.indexOf(savedId);
    // The saved sample left the slice (e.g. reviewed, in a "not yet reviewed" queue): resume at
    // the next one; ids follow import order, as idx does.
    if (at === -1 && savedId !== null) at = this.ids.findIndex((id) => id > savedId);
    this.index = at !== -1 ? at : Math.min(Math.max(0, saved.position), Math.max(0, this.ids.length - 1));
  }

  private save(): void {
    this.store.saveReviewPosition(this.key, this.current ?? null, this.index);
  }
}
