// The predicted (wrong) class's reference attributes beside the gold class's: shared ones
// side by side, the ones that tell the classes apart highlighted.
import { css, html, LitElement, nothing } from 'lit';
import type { ClassDiffListView, ClassDiffView } from '../../../src/shared/sampleReviewTypes';

export class ClassDiff extends LitElement {
  static override properties = {
    diff: { attribute: false },
  };

  declare diff: ClassDiffView | null;

  constructor() {
    super();
    this.diff = null;
  }

  static override styles = css`
    :host {
      display: block;
    }
    .intro {
      margin: 0 0 6px;
      color: var(--vscode-descriptionForeground);
    }
    table {
      width: 100%;
      border-collapse: collapse;
      table-layout: fixed;
    }
    th {
      text-align: left;
      font-weight: 600;
      padding: 2px 4px;
      border-bottom: 1px solid color-mix(in srgb, var(--vscode-foreground) 20%, transparent);
    }
    td {
      vertical-align: top;
      padding: 2px 4px;
      word-break: break-word;
    }
    .kind td {
      padding-top: 6px;
      font-size: 0.85em;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--vscode-descriptionForeground);
    }
    td.only-gold {
      background: color-mix(in srgb, var(--vscode-charts-green) 16%, transparent);
    }
    td.only-predicted {
      background: color-mix(in srgb, var(--vscode-charts-red) 16%, transparent);
    }
    .shared {
      color: var(--vscode-descriptionForeground);
    }
  `;

  private rows(kind: string, list: ClassDiffListView): unknown {
    const length = Math.max(list.onlyGold.length, list.onlyPredicted.length);
    return html`
      <tr class="kind">
        <td colspan="2">${kind}</td>
      </tr>
      ${Array.from({ length }, (_, i) => {
        const g = list.onlyGold[i];
        const p = list.onlyPredicted[i];
        return html`<tr data-testid="class-diff-row">
          <td class=${g !== undefined ? 'only-gold' : ''}>${g ?? ''}</td>
          <td class=${p !== undefined ? 'only-predicted' : ''}>${p ?? ''}</td>
        </tr>`;
      })}
      ${list.shared.map(
        (s) =>
          html`<tr class="shared">
            <td>${s.gold}</td>
            <td>${s.predicted}</td>
          </tr>`,
      )}
    `;
  }

  override render(): unknown {
    const d = this.diff;
    if (!d) return nothing;
    return html`<p class="intro">
        ${d.runName} answered “${d.predictedAnswer}”. Highlighted: attributes only one class has (matched by
        ${d.matcherId}); shared ones are dimmed.
      </p>
      <table data-testid="class-diff">
        <thead>
          <tr>
            <th>Gold: ${d.goldName}</th>
            <th>Predicted: ${d.predictedName}</th>
          </tr>
        </thead>
        <tbody>
          ${this.rows('required', d.required)} ${this.rows('likely', d.likely)}
        </tbody>
      </table>`;
  }
}

customElements.define('fl-class-diff', ClassDiff);

declare global {
  interface HTMLElementTagNameMap {
    'fl-class-diff': ClassDiff;
  }
}
