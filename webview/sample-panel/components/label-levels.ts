// The three FINER label levels: superordinate (one string), coarse and fine (lists of
// acceptable labels, shown as badges).
import { css, html, LitElement } from 'lit';
import '@vscode-elements/elements/dist/vscode-badge/index.js';

export class LabelLevels extends LitElement {
  static override properties = {
    superordinate: { type: String },
    coarse: { attribute: false },
    fine: { attribute: false },
  };

  declare superordinate: string;
  declare coarse: string[];
  declare fine: string[];

  constructor() {
    super();
    this.superordinate = '';
    this.coarse = [];
    this.fine = [];
  }

  static override styles = css`
    :host {
      display: block;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 6px 12px;
      margin: 0;
      align-items: baseline;
    }
    dt {
      color: var(--vscode-descriptionForeground);
    }
    dd {
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
    }
    .superordinate {
      font-weight: 600;
    }
    .empty {
      color: var(--vscode-descriptionForeground);
      font-style: italic;
    }
  `;

  private badges(labels: string[]): unknown {
    if (labels.length === 0) return html`<span class="empty">none</span>`;
    return labels.map((label) => html`<vscode-badge>${label}</vscode-badge>`);
  }

  override render(): unknown {
    return html`
      <dl>
        <dt>Superordinate</dt>
        <dd><span class="superordinate" data-testid="label-superordinate">${this.superordinate}</span></dd>
        <dt>Coarse</dt>
        <dd data-testid="label-coarse">${this.badges(this.coarse)}</dd>
        <dt>Fine</dt>
        <dd data-testid="label-fine">${this.badges(this.fine)}</dd>
      </dl>
    `;
  }
}

customElements.define('fl-label-levels', LabelLevels);

declare global {
  interface HTMLElementTagNameMap {
    'fl-label-levels': LabelLevels;
  }
}
