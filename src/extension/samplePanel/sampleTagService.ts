// Failure-mode tags and notes from the sample panel: the taxonomy as chips (1-9 hotkeys by
// taxonomy position), toggling, notes (refused with a message over the limit), and the tags the
// run results suggest with the user's accept / reject decisions.
import type { FinerStore } from '../../core/store/finerStore';
import { NOTE_MAX_CHARS, type RequestResult } from '../../shared/samplePanelProtocol';
import type { TagChipView } from '../../shared/sampleReviewTypes';
import type { StoreHost } from '../common/storeHost';
import { themeColorCss } from '../common/tagColors';
import { errorText } from '../../shared/errorText';

export function tagChipViews(store: FinerStore, sampleId: number): TagChipView[] {
  const active = new Set(
    store
      .sampleTags(sampleId)
      .filter((t) => t.runId === null)
      .map((t) => t.tagId),
  );
  return store.listTaxonomy().map((tag, index) => ({
    id: tag.id,
    name: tag.name,
    color: themeColorCss(tag.color),
    active: active.has(tag.id),
    shortcut: index < 9 ? index + 1 : null,
  }));
}

export class SampleTagService {
  constructor(private readonly storeHost: StoreHost) {}

  /** The tag's key, which suggestion decisions are recorded under (one indexed lookup by id). */
  private tagKey(store: FinerStore, tagId: number): string | undefined {
    const tag = store.findTag(tagId);
    return tag ? (tag.key ?? tag.name) : undefined;
  }

  /** The chip's tag id goes to the store as it is (the store refuses an id that no longer exists). */
  async toggle(sampleId: number, tagId: number): Promise<RequestResult<{ active: boolean }>> {
    try {
      const store = await this.storeHost.get();
      return { ok: true, value: { active: store.toggleTag(sampleId, tagId) } };
    } catch (err) {
      return { ok: false, error: errorText(err) };
    }
  }

  async saveNote(sampleId: number, text: string): Promise<RequestResult<{ saved: true }>> {
    if (text.length > NOTE_MAX_CHARS) {
      return {
        ok: false,
        error: `A note may have at most ${NOTE_MAX_CHARS.toLocaleString('en-US')} characters (this one has ${text.length.toLocaleString('en-US')}); nothing was saved.`,
      };
    }
    try {
      const store = await this.storeHost.get();
      store.setNote(sampleId, text);
      return { ok: true, value: { saved: true } };
    } catch (err) {
      return { ok: false, error: errorText(err) };
    }
  }

  /** Accepting sets the tag; both decisions are recorded so the suggestion is not offered again. */
  async decide(
    sampleId: number,
    runId: number,
    tagId: number,
    decision: 'accept' | 'reject',
  ): Promise<RequestResult<{ decided: true }>> {
    try {
      const store = await this.storeHost.get();
      const key = this.tagKey(store, tagId);
      if (key === undefined) return { ok: false, error: `Tag ${tagId} no longer exists.` };
      if (decision === 'accept') store.setSampleTag(sampleId, tagId, true);
      store.recordSuggestionDecision(sampleId, runId, key, decision === 'accept' ? 'accepted' : 'rejected');
      return { ok: true, value: { decided: true } };
    } catch (err) {
      return { ok: false, error: errorText(err) };
    }
  }
}
