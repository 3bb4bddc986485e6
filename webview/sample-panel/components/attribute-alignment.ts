// Generated attributes (ATTRSEEK turn 1 / attribute generation) beside the reference
// attributes: each reference attribute mentioned or missed, each generated one supported or
// unsupported ("possible hallucination"), with the matcher's score and the matcher named.
import { css, html, LitElement, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import type { AlignedAttributeView, AttributeAlignmentView } from '../../../src/shared/sampleReviewTypes';

const STATUS_TEXT: Record<AlignedAttributeView['status'], string> = {
  mentioned: 'mentioned',
  missed: 'missed',
  supported: 'supported',
  unsupported: 'possible hallucination',
};
const STATUS_ICON: Record<AlignedAttributeView['status'], string> = {
  mentioned: 'pass',
  missed: 'circle-slash',
  supported: 'pass',
  unsupported: 'warning',
};

const percent = (v: number | null): string => (v === null ? '–' : `${Math.round(v * 100)}%`);

export class AttributeAlignmentList extends LitElement {
  static override properties = {
    alignments: { attribute: false },
  };

  declare alignments: AttributeAlignmentView[];

  constructor() {
    super();
    this.alignments = [];
  }

  static override styles = css`
    :host {
      display: block;
    }
    .run {
      margin: 6px 0 2px;
      color: var(--vscode-descriptionForeground);
    }
    .columns {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
      gap: 8px;
    }
    h3 {
      margin: 4px 0;
      font-size: inherit;
      font-weight: 600;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      display: grid;
      grid-template-columns: auto 1fr auto;
      gap: 4px;
      align-items: start;
      padding: 1px 0;
    }
    .mentioned vscode-icon,
    .supported vscode-icon {
      color: var(--vscode-testing-iconPassed, var(--vscode-charts-green));
    }
    .missed vscode-icon {
      color: var(--vscode-descriptionForeground);
    }
    .unsupported vscode-icon {
      color: var(--vscode-editorWarning-foreground, var(--vscode-charts-orange));
    }
    .status {
      font-size: 0.85em;
      color: var(--vscode-descriptionForeground);
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }
    .unsupported .status {
      color: var(--vscode-editorWarning-foreground, var(--vscode-charts-orange));
    }
    .closest {
      display: block;
      font-size: 0.85em;
      color: var(--vscode-descriptionForeground);
    }
    .matcher {
      font-size: 0.85em;
      color: var(--vscode-descriptionForeground);
      margin-top: 4px;
    }
    .empty {
      color: var(--vscode-descriptionForeground);
      font-style: italic;
    }
  `;

  override render(): unknown {
    if (this.alignments.length === 0) {
      return html`<p class="empty">
        No generated attributes yet: run ATTRSEEK (or attribute generation) to compare.
      </p>`;
    }
    return this.alignments.map(
      (a) =>
        html`<div data-testid="alignment" data-run-id=${String(a.runId)}>
          <div class="run">
            Run ${a.runId} · ${a.runName} · ${a.source} (${a.level}) · required recall
            ${percent(a.requiredRecall)} · precision ${percent(a.precision)}
          </div>
          <div class="columns">
            <div>
              <h3>Reference</h3>
              <ul>
                ${a.reference.map((r) => this.renderItem(r, 'reference'))}
              </ul>
            </div>
            <div>
              <h3>Generated</h3>
              <ul>
                ${a.generated.length === 0 ? html`<li class="empty">None parsed</li>` : nothing}
                ${a.generated.map((g) => this.renderItem(g, 'generated'))}
              </ul>
            </div>
          </div>
          <div class="matcher" data-testid="matcher">
            Matched by ${a.matcherId} (${a.matcherDescription}); same attribute at score ≥ ${a.threshold}
          </div>
        </div>`,
    );
  }

  private renderItem(item: AlignedAttributeView, side: 'reference' | 'generated'): unknown {
    return html`<li class=${item.status} data-testid=${`aligned-${side}`} data-status=${item.status}>
      <vscode-icon name=${STATUS_ICON[item.status]}></vscode-icon>
      <span
        >${item.text}${item.list ? html` <span class="status">(${item.list})</span>` : nothing}
        ${item.closest ? html`<span class="closest">closest: ${item.closest}</span>` : nothing}</span
      >
      <span class="status"
        >${STATUS_TEXT[item.status]}${item.score !== null ? ` · ${item.score.toFixed(2)}` : ''}</span
      >
    </li>`;
  }
}

customElements.define('fl-attribute-alignment', AttributeAlignmentList);

declare global {
  interface HTMLElementTagNameMap {
    'fl-attribute-alignment': AttributeAlignmentList;
  }
}
