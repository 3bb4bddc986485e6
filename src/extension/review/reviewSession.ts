// The keyboard review queue of this window: a slice of a dataset ("misclassified at fine
// level in run 3, not yet reviewed") walked with j/k in the sample panel. The position is
// stored in the database per slice (so it survives restarts and is shared with other windows);
// the active slice is remembered in the workspace state so a reload resumes review mode.
import * as vscode from 'vscode';
import { ReviewQueue } from '../../core/analysis/reviewQueue';
import type { ReviewSlice } from '../../core/model';
import { describeReviewSlice } from '../../core/analysis/reviewSlice';
import type { FinerStore } from '../../core/store/finerStore';
import type { RequestResult } from '../../shared/samplePanelProtocol';
import type { ReviewPositionView } from '../../shared/sampleReviewTypes';
import { Disposable } from '../common/disposable';
import type { StoreHost } from '../common/storeHost';

const ACTIVE_SLICE_KEY = 'finerLens.review.activeSlice';

export interface ReviewNavigator {
  /** Shows a sample in the panel (opening it if needed). */
  show(sampleId: number): Promise<void>;
  /** Selects the sample in the Datasets tree. */
  reveal(sampleId: number): Promise<void>;
}

export class ReviewSession extends Disposable {
  private queue: ReviewQueue | undefined;
  private label = '';
  private navigator: ReviewNavigator | undefined;
  private readonly changeEmitter = this.register(new vscode.EventEmitter<ReviewPositionView | null>());
  /** Fires when the queue starts, moves or ends. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly storeHost: StoreHost,
    private readonly memento: vscode.Memento,
  ) {
    super();
  }

  setNavigator(navigator: ReviewNavigator): void {
    this.navigator = navigator;
  }

  get active(): boolean {
    return this.queue !== undefined;
  }

  /** The run the active review is about (its review marks and suggestions), or null. */
  get runId(): number | null {
    return this.queue?.runId ?? null;
  }

  get slice(): ReviewSlice | undefined {
    return this.queue?.slice;
  }

  /** The review bar for the sample the panel shows; null when it is not the queue's current one. */
  positionFor(sampleId: number): ReviewPositionView | null {
    const q = this.queue;
    if (!q || q.current !== sampleId) return null;
    return this.positionView(q);
  }

  /** Starts (or resumes at its saved position) a review of `slice`; undefined when it is empty. */
  async start(slice: ReviewSlice): Promise<ReviewPositionView | undefined> {
    const store = await this.storeHost.get();
    const queue = this.open(store, slice);
    if (!queue) {
      void vscode.window.showInformationMessage(`No samples to review: ${describeReviewSlice(slice)}.`);
      return undefined;
    }
    await this.memento.update(ACTIVE_SLICE_KEY, slice);
    return this.showCurrent(queue);
  }

  /** After a window reload: resume the queue that was active, without moving. */
  async restore(): Promise<void> {
    const slice = this.memento.get<ReviewSlice>(ACTIVE_SLICE_KEY);
    if (!slice || this.queue) return;
    const store = await this.storeHost.getIfExists();
    if (store) this.open(store, slice);
  }

  async move(direction: 'next' | 'previous'): Promise<RequestResult<ReviewPositionView>> {
    const q = this.queue;
    if (!q) return { ok: false, error: 'No review is running: use "Finer Lens: Start Review…".' };
    try {
      const moved = direction === 'next' ? q.next() : q.previous();
      if (moved === undefined) {
        return {
          ok: false,
          error:
            direction === 'next'
              ? `End of the review: all ${q.length} samples seen.`
              : 'This is the first sample of the review.',
        };
      }
      return { ok: true, value: await this.showCurrent(q) };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  async end(): Promise<void> {
    this.queue = undefined;
    await this.memento.update(ACTIVE_SLICE_KEY, undefined);
    this.changeEmitter.fire(null);
  }

  private open(store: FinerStore, slice: ReviewSlice): ReviewQueue | undefined {
    const queue = ReviewQueue.open(store, slice);
    if (queue.length === 0) return undefined;
    this.queue = queue;
    this.label = queue.label((id) => store.getRun(id)?.name ?? `run ${id}`);
    return queue;
  }

  private positionView(q: ReviewQueue): ReviewPositionView {
    return { label: this.label, position: q.position + 1, total: q.length };
  }

  private async showCurrent(q: ReviewQueue): Promise<ReviewPositionView> {
    const position = this.positionView(q);
    const sampleId = q.current ?? -1;
    this.changeEmitter.fire(position);
    await this.navigator?.show(sampleId);
    void this.navigator?.reveal(sampleId);
    return position;
  }
}
