// Review mode header: what the queue is over, "12 / 87", previous / next and the keys.
import { css, html, LitElement, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import type { ReviewPositionView } from '../../../src/shared/sampleReviewTypes';

export type ReviewBarAction = 'previous' | 'next' | 'end';

export class ReviewBar extends LitElement {
  static override properties = {
    review: { attribute: false },
  };

  declare review: ReviewPositionView | null;

  constructor() {
    super();
    this.review = null;
  }

  static override styles = css`
    :host {
      display: block;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 10px;
      padding: 4px 8px;
      margin-bottom: 6px;
      border-left: 3px solid var(--vscode-focusBorder);
      background: color-mix(in srgb, var(--vscode-focusBorder) 10%, transparent);
    }
    .position {
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .label {
      flex: 1;
      min-width: 0;
    }
    .keys {
      flex-basis: 100%;
      font-size: 0.85em;
      color: var(--vscode-descriptionForeground);
    }
    kbd {
      font-family: var(--vscode-editor-font-family);
    }
  `;

  private act(action: ReviewBarAction): void {
    this.dispatchEvent(
      new CustomEvent<ReviewBarAction>('review-action', { detail: action, bubbles: true, composed: true }),
    );
  }

  override render(): unknown {
    const r = this.review;
    if (!r) return nothing;
    return html`<div class="bar" role="status">
      <span class="position" data-testid="review-position">${r.position} / ${r.total}</span>
      <span class="label" data-testid="review-label">${r.label}</span>
      <vscode-toolbar-button
        icon="arrow-left"
        label="Previous (k)"
        @click=${() => this.act('previous')}
      ></vscode-toolbar-button>
      <vscode-toolbar-button
        icon="arrow-right"
        label="Next (j)"
        @click=${() => this.act('next')}
      ></vscode-toolbar-button>
      <vscode-toolbar-button
        icon="close"
        label="End review"
        @click=${() => this.act('end')}
      ></vscode-toolbar-button>
      <span class="keys"
        ><kbd>j</kbd>/<kbd>k</kbd> next/previous · <kbd>1</kbd>–<kbd>9</kbd> tags · <kbd>n</kbd> note ·
        <kbd>e</kbd> edit attributes · <kbd>u</kbd> undo · <kbd>a</kbd>/<kbd>x</kbd> accept/reject
        suggestion</span
      >
    </div>`;
  }
}

customElements.define('fl-review-bar', ReviewBar);

declare global {
  interface HTMLElementTagNameMap {
    'fl-review-bar': ReviewBar;
  }
}
