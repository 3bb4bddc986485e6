// One list of reference attributes ("required" or "likely"). Attribute text comes from data
// files and is rendered as text, never as HTML.
import { css, html, LitElement } from 'lit';

export class AttributeList extends LitElement {
  static override properties = {
    heading: { type: String },
    hint: { type: String },
    testid: { type: String },
    items: { attribute: false },
  };

  declare heading: string;
  declare hint: string;
  /** data-testid of the list, for the end-to-end tests. */
  declare testid: string;
  declare items: string[];

  constructor() {
    super();
    this.heading = '';
    this.hint = '';
    this.testid = '';
    this.items = [];
  }

  static override styles = css`
    :host {
      display: block;
    }
    h3 {
      margin: 0 0 4px;
      font-size: inherit;
      font-weight: 600;
    }
    .hint {
      font-weight: normal;
      color: var(--vscode-descriptionForeground);
    }
    ul {
      margin: 0;
      padding-left: 18px;
    }
    li {
      margin: 2px 0;
      line-height: 1.4;
    }
    .empty {
      color: var(--vscode-descriptionForeground);
      font-style: italic;
      list-style: none;
      margin-left: -18px;
    }
  `;

  override render(): unknown {
    return html`
      <h3>${this.heading} <span class="hint">${this.hint}</span></h3>
      <ul data-testid=${this.testid}>
        ${
          this.items.length === 0
            ? html`<li class="empty">No attributes</li>`
            : this.items.map((item) => html`<li data-testid="attribute">${item}</li>`)
        }
      </ul>
    `;
  }
}

customElements.define('fl-attribute-list', AttributeList);

declare global {
  interface HTMLElementTagNameMap {
    'fl-attribute-list': AttributeList;
  }
}
