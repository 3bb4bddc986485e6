// The gallery's root element: a toolbar (slice, counts, tagging, review) over a virtualized
// grid of fixed-size tiles. Only the rows in view (plus a little overscan) are in the DOM;
// pages of tiles come from the host by offset / limit and a cache keeps only pages near the view.
import { html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { PropertyValues, TemplateResult } from 'lit';
import type { GallerySliceView, GalleryTileView } from '../../../src/shared/galleryProtocol';
import { GalleryMethod } from '../../../src/shared/galleryProtocol';
import {
  FlingDetector,
  GALLERY_PAGE_SIZE,
  PageCache,
  pagesFor,
  visibleRange,
} from '../../../src/shared/galleryPaging';
import type { GridKey, SelectionState } from '../../../src/shared/gallerySelection';
import {
  applyClick,
  clickMode,
  EMPTY_SELECTION,
  GRID_KEYS,
  moveFocus,
  rangeWindow,
} from '../../../src/shared/gallerySelection';
import { cssVariable } from '../../sample-panel/css-variable';
import type { GalleryChannel } from '../host-channel';
import { galleryAppStyles, TILE_HEIGHT, TILE_WIDTH, TILE_GAP } from './gallery-app-styles';
import { placeholderTemplate, tileTemplate } from './gallery-tile';
import { toolbarTemplate } from './gallery-toolbar';

/** How long a fling must have stopped before the tiles it left on screen load their images. */
const IMAGE_SETTLE_MS = 120;

interface LastTagging {
  tag: string;
  on: boolean;
  changed: number[];
}

export class GalleryApp extends LitElement {
  static override styles = galleryAppStyles;
  static override properties = {
    slice: { attribute: false },
    codiconsHref: { attribute: false },
    selection: { state: true },
    focusPosition: { state: true },
    status: { state: true },
    tagKey: { state: true },
    scrollTop: { state: true },
    viewport: { state: true },
    pageVersion: { state: true },
  };

  declare slice: GallerySliceView;
  /** The codicon stylesheet, linked once in this shadow root for every tile's glyphs. */
  declare codiconsHref: string;
  declare selection: SelectionState;
  declare focusPosition: number;
  declare status: string;
  declare tagKey: string;
  declare scrollTop: number;
  declare viewport: { width: number; height: number };
  declare pageVersion: number;
  channel!: GalleryChannel;

  private readonly cache = new PageCache<GalleryTileView>(GALLERY_PAGE_SIZE);
  private readonly loading = new Set<number>();
  private lastTagging: LastTagging | undefined;
  private resizeObserver: ResizeObserver | undefined;
  private readonly fling = new FlingDetector();
  /** True while the grid flings: tiles mounting now wait for it to settle to load their image. */
  private deferImages = false;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Positions whose tile shows its image (kept while a fling moves them, so none blinks). */
  private imagePositions = new Set<number>();

  constructor() {
    super();
    this.selection = EMPTY_SELECTION;
    this.focusPosition = 0;
    this.status = '';
    this.tagKey = '';
    this.scrollTop = 0;
    this.viewport = { width: 0, height: 0 };
    this.pageVersion = 0;
  }

  /** The host says the slice changed (tags written, another slice): refetch what is shown. */
  showSlice(slice: GallerySliceView): void {
    const sameSlice = slice.title === this.slice.title && slice.datasetName === this.slice.datasetName;
    this.slice = slice;
    // The same slice refreshed (a tag written): keep its tiles on screen, clickable, until the
    // fresh pages arrive. Another slice: its old tiles mean nothing here.
    if (sameSlice) this.cache.markStale();
    else this.cache.clear();
    this.loading.clear();
    if (!sameSlice) this.selection = EMPTY_SELECTION;
    this.focusPosition = Math.min(this.focusPosition, Math.max(0, slice.total - 1));
    this.pageVersion++;
  }

  private get scroller(): HTMLElement | null {
    return this.renderRoot.querySelector('.scroller');
  }

  private get columns(): number {
    return Math.max(1, Math.floor((this.viewport.width - TILE_GAP) / (TILE_WIDTH + TILE_GAP)));
  }

  override firstUpdated(): void {
    const scroller = this.scroller;
    if (!scroller) return;
    this.resizeObserver = new ResizeObserver(() => {
      this.viewport = { width: scroller.clientWidth, height: scroller.clientHeight };
    });
    this.resizeObserver.observe(scroller);
    if (!this.tagKey && this.slice.tags[0]) this.tagKey = this.slice.tags[0].key;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    if (this.settleTimer) clearTimeout(this.settleTimer);
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('slice') && !this.slice.tags.some((t) => t.key === this.tagKey)) {
      this.tagKey = this.slice.tags[0]?.key ?? '';
    }
    this.loadVisiblePages();
  }

  private window(): ReturnType<typeof visibleRange> {
    return visibleRange(
      this.scrollTop,
      this.viewport.height,
      TILE_HEIGHT + TILE_GAP,
      this.columns,
      this.slice.total,
    );
  }

  private loadVisiblePages(): void {
    const { first, last } = this.window();
    const pages = pagesFor(first, last);
    this.cache.retain(pages);
    for (const offset of pages) {
      if (this.cache.has(offset) || this.loading.has(offset)) continue;
      this.loading.add(offset);
      const version = this.pageVersion;
      void this.channel.request(GalleryMethod.page, { offset, limit: GALLERY_PAGE_SIZE }).then((result) => {
        if (version !== this.pageVersion) return;
        this.loading.delete(offset);
        if (!result.ok) {
          this.status = `Could not load samples: ${result.error}`;
          return;
        }
        this.cache.set(offset, result.value);
        this.requestUpdate();
      });
    }
  }

  override render(): TemplateResult {
    const count = this.selection.selected.size;
    return html`
      ${this.codiconsHref ? html`<link rel="stylesheet" href=${this.codiconsHref} />` : nothing}
      ${toolbarTemplate({
        slice: this.slice,
        selected: count,
        tagKey: this.tagKey,
        status: this.status,
        canUndo: (this.lastTagging?.changed.length ?? 0) > 0,
        onSelectAll: this.selectAll,
        onClear: this.clearSelection,
        onTagKey: (key) => (this.tagKey = key),
        onTag: (on) => void this.tagSelection(on),
        onUndo: () => void this.undoTagging(),
        onReview: this.review,
      })}
      ${this.renderGrid()}
    `;
  }

  private renderGrid(): TemplateResult {
    const cols = this.columns;
    const rowHeight = TILE_HEIGHT + TILE_GAP;
    const rows = Math.ceil(this.slice.total / cols);
    const { first, last } = this.window();
    // Tiles are keyed by position (repeat, below): a tile that stays in view keeps its DOM and
    // its decoded image while scrolling; only the rows coming into view are created.
    // Built here rather than in repeat's callback, which runs later, while the page commits:
    // the previous render's imagePositions must be read before it is replaced.
    const withImage = new Set<number>();
    const tiles: { position: number; template: TemplateResult }[] = [];
    for (let position = first; position <= last; position++) {
      const x = TILE_GAP + (position % cols) * (TILE_WIDTH + TILE_GAP);
      const y = TILE_GAP + Math.floor(position / cols) * rowHeight;
      const tile = this.cache.at(position);
      if (!tile) {
        tiles.push({ position, template: placeholderTemplate(position, x, y) });
        continue;
      }
      const showImage = !this.deferImages || this.imagePositions.has(position);
      if (showImage) withImage.add(position);
      const state = {
        selected: this.selection.selected.has(tile.sampleId),
        focused: position === this.focusPosition,
        setSize: this.slice.total,
        showImage,
        x,
        y,
      };
      tiles.push({ position, template: tileTemplate(tile, state) });
    }
    this.imagePositions = withImage;
    return html`<div
      class="scroller"
      tabindex="0"
      role="listbox"
      aria-label="Samples"
      aria-multiselectable="true"
      aria-activedescendant=${this.slice.total > 0 ? `tile-${this.focusPosition}` : nothing}
      data-testid="gallery-grid"
      @scroll=${this.onScroll}
      @click=${this.onClick}
      @dblclick=${this.onDoubleClick}
      @keydown=${this.onKeyDown}
    >
      ${this.slice.total === 0 ? html`<p class="empty">No samples in this slice.</p>` : nothing}
      <div class="spacer" ${cssVariable('--height', `${rows * rowHeight + TILE_GAP}px`)}>
        ${repeat(
          tiles,
          (t) => t.position,
          (t) => t.template,
        )}
      </div>
    </div>`;
  }

  private onScroll(e: Event): void {
    this.scrollTop = (e.target as HTMLElement).scrollTop;
    if (this.fling.update(this.scrollTop, performance.now())) {
      this.deferImages = true;
      if (this.settleTimer) clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => {
        this.settleTimer = undefined;
        this.deferImages = false;
        this.fling.reset();
        this.requestUpdate();
      }, IMAGE_SETTLE_MS);
    }
  }

  private tileAt(e: Event): { position: number; sampleId: number } | undefined {
    const el = (e.target as HTMLElement).closest<HTMLElement>('.tile[data-sample-id]');
    if (!el) return undefined;
    return { position: Number(el.dataset.position), sampleId: Number(el.dataset.sampleId) };
  }

  private onClick(e: MouseEvent): void {
    const hit = this.tileAt(e);
    if (!hit) return;
    this.focusPosition = hit.position;
    void this.select(clickMode(e), hit.position, hit.sampleId);
  }

  private onDoubleClick(e: MouseEvent): void {
    const hit = this.tileAt(e);
    if (hit) this.channel.command(GalleryMethod.openSample, { sampleId: hit.sampleId });
  }

  private async select(
    mode: ReturnType<typeof clickMode>,
    position: number,
    sampleId: number,
  ): Promise<void> {
    let rangeIds: number[] = [];
    if (mode === 'range' || mode === 'add-range') {
      const window = rangeWindow(this.selection.anchor, position);
      const result = await this.channel.request(GalleryMethod.ids, window);
      if (!result.ok) {
        this.status = `Could not select the range: ${result.error}`;
        return;
      }
      rangeIds = result.value;
    }
    this.selection = applyClick(this.selection, mode, position, sampleId, rangeIds);
  }

  private onKeyDown(e: KeyboardEvent): void {
    const total = this.slice.total;
    if (total === 0) return;
    if ((GRID_KEYS as readonly string[]).includes(e.key)) {
      e.preventDefault();
      const pageRows = Math.max(1, Math.floor(this.viewport.height / (TILE_HEIGHT + TILE_GAP)));
      const next = moveFocus(this.focusPosition, e.key as GridKey, this.columns, total, pageRows);
      if (e.shiftKey) {
        const tile = this.cache.at(next);
        if (tile) void this.select(e.ctrlKey || e.metaKey ? 'add-range' : 'range', next, tile.sampleId);
      }
      this.focusPosition = next;
      this.scrollToFocus();
      return;
    }
    if (e.key === ' ') {
      e.preventDefault();
      const mode = e.shiftKey ? 'add-range' : 'toggle';
      void this.focusedTile().then((tile) => {
        if (tile) void this.select(mode, tile.position, tile.sampleId);
      });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void this.focusedTile().then((tile) => {
        if (tile) this.channel.command(GalleryMethod.openSample, { sampleId: tile.sampleId });
      });
    } else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void this.selectAll();
    } else if (e.key === 'Escape') {
      this.clearSelection();
    }
  }

  /**
   * The focused tile: from the cache, or (a key pressed before its page arrived, say right after
   * Home or End on a long slice) fetched, so the key is never silently dropped.
   */
  private async focusedTile(): Promise<GalleryTileView | undefined> {
    const position = this.focusPosition;
    const cached = this.cache.at(position);
    if (cached) return cached;
    const result = await this.channel.request(GalleryMethod.page, { offset: position, limit: 1 });
    if (!result.ok) {
      this.status = `Could not load the sample: ${result.error}`;
      return undefined;
    }
    return result.value[0];
  }

  /** Keeps the focused tile's row inside the viewport. */
  private scrollToFocus(): void {
    const scroller = this.scroller;
    if (!scroller) return;
    const rowHeight = TILE_HEIGHT + TILE_GAP;
    const top = Math.floor(this.focusPosition / this.columns) * rowHeight;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + rowHeight + TILE_GAP > scroller.scrollTop + scroller.clientHeight) {
      scroller.scrollTop = top + rowHeight + TILE_GAP - scroller.clientHeight;
    }
    this.scrollTop = scroller.scrollTop;
  }

  private readonly selectAll = async (): Promise<void> => {
    const result = await this.channel.request(GalleryMethod.ids, { offset: 0, limit: this.slice.total });
    if (!result.ok) {
      this.status = `Could not select all: ${result.error}`;
      return;
    }
    this.selection = { selected: new Set(result.value), anchor: this.selection.anchor };
  };

  private readonly clearSelection = (): void => {
    this.selection = EMPTY_SELECTION;
  };

  private readonly review = (): void => {
    const ids = [...this.selection.selected];
    this.channel.command(GalleryMethod.startReview, ids.length > 0 ? { sampleIds: ids } : {});
  };

  private tagLabel(key: string): string {
    return this.slice.tags.find((t) => t.key === key)?.name ?? key;
  }

  private async tagSelection(on: boolean): Promise<void> {
    const tag = this.tagKey;
    const sampleIds = [...this.selection.selected];
    this.status = `${on ? 'Tagging' : 'Untagging'} ${sampleIds.length.toLocaleString('en-US')} samples…`;
    const result = await this.channel.request(GalleryMethod.tag, { sampleIds, tag, on });
    if (!result.ok) {
      this.lastTagging = undefined;
      this.status = `Tagging failed: ${result.error}`;
      return;
    }
    const { changed, unchanged, missing } = result.value;
    this.lastTagging = { tag, on, changed };
    const parts = [
      `${on ? 'Tagged' : 'Untagged'} ${changed.length.toLocaleString('en-US')} "${this.tagLabel(tag)}"`,
    ];
    if (unchanged > 0)
      parts.push(`${unchanged.toLocaleString('en-US')} already ${on ? 'had it' : 'without it'}`);
    if (missing > 0) parts.push(`${missing.toLocaleString('en-US')} no longer in the database`);
    this.status = parts.join(', ') + '.';
  }

  private async undoTagging(): Promise<void> {
    const last = this.lastTagging;
    if (!last) return;
    const result = await this.channel.request(GalleryMethod.tag, {
      sampleIds: last.changed,
      tag: last.tag,
      on: !last.on,
    });
    this.lastTagging = undefined;
    this.status = result.ok
      ? `Undone: ${result.value.changed.length.toLocaleString('en-US')} samples restored.`
      : `Undo failed: ${result.error}`;
  }
}

customElements.define('fl-gallery-app', GalleryApp);
