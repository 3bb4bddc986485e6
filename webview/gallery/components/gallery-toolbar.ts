// The gallery's header as a template: the slice's title and counts, the selection count,
// Select all / Clear, the tag picker with Tag / Untag, Review slice (or selection), and the
// status line of the last bulk action with its Undo.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { GallerySliceView } from '../../../src/shared/galleryProtocol';

export interface ToolbarProps {
  slice: GallerySliceView;
  selected: number;
  tagKey: string;
  status: string;
  canUndo: boolean;
  onSelectAll(): void;
  onClear(): void;
  onTagKey(key: string): void;
  onTag(on: boolean): void;
  onUndo(): void;
  onReview(): void;
}

export function toolbarTemplate(p: ToolbarProps): TemplateResult {
  const total = p.slice.total;
  const noTag = p.selected === 0 || !p.tagKey;
  return html`<header>
    <div class="title">
      <h1 title=${p.slice.title}>${p.slice.title}</h1>
      <span class="meta" data-testid="gallery-total"
        >${p.slice.datasetName} · ${total.toLocaleString('en-US')}
        sample${total === 1 ? '' : 's'}${
          p.slice.runName ? html` · marks from ${p.slice.runName}` : nothing
        }</span
      >
    </div>
    <div class="actions" role="toolbar" aria-label="Selection">
      <span class="selected-count" data-testid="selected-count" aria-live="polite"
        >${p.selected.toLocaleString('en-US')} selected</span
      >
      <vscode-button secondary data-testid="select-all" ?disabled=${total === 0} @click=${p.onSelectAll}
        >Select all</vscode-button
      >
      <vscode-button secondary data-testid="clear-selection" ?disabled=${p.selected === 0} @click=${p.onClear}
        >Clear</vscode-button
      >
      <vscode-single-select
        aria-label="Tag"
        data-testid="tag-select"
        .value=${p.tagKey}
        @change=${(e: Event) => p.onTagKey((e.target as HTMLSelectElement).value)}
      >
        ${p.slice.tags.map((t) => html`<vscode-option value=${t.key}>${t.name}</vscode-option>`)}
      </vscode-single-select>
      <vscode-button data-testid="tag-selection" icon="tag" ?disabled=${noTag} @click=${() => p.onTag(true)}
        >Tag</vscode-button
      >
      <vscode-button secondary data-testid="untag-selection" ?disabled=${noTag} @click=${() => p.onTag(false)}
        >Untag</vscode-button
      >
      <vscode-button
        secondary
        data-testid="review"
        icon="checklist"
        ?disabled=${total === 0}
        @click=${p.onReview}
        >${p.selected > 0 ? 'Review selection' : 'Review slice'}</vscode-button
      >
    </div>
    <div class="status" role="status" data-testid="gallery-status">
      ${p.status}
      ${
        p.canUndo
          ? html`<vscode-button secondary data-testid="undo-tagging" @click=${p.onUndo}>Undo</vscode-button>`
          : nothing
      }
    </div>
  </header>`;
}
