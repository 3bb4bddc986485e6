// Tags and the free-text note of a sample (read-only for now; editing arrives later).
import { css, html, LitElement } from 'lit';
import '@vscode-elements/elements/dist/vscode-badge/index.js';

export class SampleAnnotations extends LitElement {
  static override properties = {
    tags: { attribute: false },
    note: { attribute: false },
  };

  declare tags: string[];
  declare note: string | null;

  constructor() {
    super();
    this.tags = [];
    this.note = null;
  }

  static override styles = css`
    :host {
      display: block;
    }
    .tags {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      margin-bottom: 8px;
    }
    .note {
      white-space: pre-wrap;
      margin: 0;
      padding: 6px 8px;
      border-left: 2px solid var(--vscode-textBlockQuote-border, var(--vscode-panel-border));
      background: var(--vscode-textBlockQuote-background, transparent);
    }
    .empty {
      color: var(--vscode-descriptionForeground);
      font-style: italic;
    }
  `;

  override render(): unknown {
    return html`
      <div class="tags" data-testid="tags">
        ${
          this.tags.length === 0
            ? html`<span class="empty">No tags</span>`
            : this.tags.map((tag) => html`<vscode-badge variant="default">${tag}</vscode-badge>`)
        }
      </div>
      ${this.note ? html`<p class="note" data-testid="note">${this.note}</p>` : html`<span class="empty">No note</span>`}
    `;
  }
}

customElements.define('fl-sample-annotations', SampleAnnotations);

declare global {
  interface HTMLElementTagNameMap {
    'fl-sample-annotations': SampleAnnotations;
  }
}
