// Generated attributes (ATTRSEEK turn 1 / attribute generation) beside the reference
// attributes, each with its verdict and the matcher's reason: reference ones mentioned /
// contradicted / missed, generated ones supported / contradicted / unsupported ("possible
// hallucination") / generic. Every verdict can be overruled; an overruled one says by whom.
import { css, html, LitElement, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import { SamplePanelMethod } from '../../../src/shared/samplePanelProtocol';
import type { LabelLevelName } from '../../../src/shared/samplePanelProtocol';
import {
  GENERATED_STATUSES,
  REFERENCE_STATUSES,
  type AlignedAttributeView,
  type AlignmentSide,
  type AlignmentStatus,
  type AttributeAlignmentView,
} from '../../../src/shared/sampleReviewTypes';
import type { HostChannel } from '../host-channel';

const STATUS_TEXT: Record<AlignmentStatus, string> = {
  mentioned: 'mentioned',
  missed: 'missed',
  contradicted: 'contradicted',
  supported: 'supported',
  unsupported: 'possible hallucination',
  generic: 'generic',
};
const STATUS_ICON: Record<AlignmentStatus, string> = {
  mentioned: 'pass',
  missed: 'circle-slash',
  contradicted: 'error',
  supported: 'pass',
  unsupported: 'warning',
  generic: 'circle-large-outline',
};

const percent = (v: number | null): string => (v === null ? '–' : `${Math.round(v * 100)}%`);
const day = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

export class AttributeAlignmentList extends LitElement {
  static override properties = {
    alignments: { attribute: false },
    sampleId: { attribute: false },
    error: { state: true },
  };

  declare alignments: AttributeAlignmentView[];
  declare sampleId: number;
  declare private error: string | null;
  channel: HostChannel | undefined;

  constructor() {
    super();
    this.alignments = [];
    this.sampleId = 0;
    this.error = null;
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
      grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
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
      padding: 2px 0;
    }
    .mentioned vscode-icon,
    .supported vscode-icon {
      color: var(--vscode-testing-iconPassed, var(--vscode-charts-green));
    }
    .missed vscode-icon,
    .generic vscode-icon {
      color: var(--vscode-descriptionForeground);
    }
    .unsupported vscode-icon {
      color: var(--vscode-editorWarning-foreground, var(--vscode-charts-orange));
    }
    .contradicted vscode-icon {
      color: var(--vscode-errorForeground, var(--vscode-charts-red));
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
    .contradicted .status {
      color: var(--vscode-errorForeground, var(--vscode-charts-red));
    }
    .reason,
    .closest,
    .overruled {
      display: block;
      font-size: 0.85em;
      color: var(--vscode-descriptionForeground);
    }
    .overruled {
      font-style: italic;
    }
    select {
      font: inherit;
      font-size: 0.85em;
      color: var(--vscode-dropdown-foreground);
      background: var(--vscode-dropdown-background);
      border: 1px solid var(--vscode-dropdown-border, transparent);
      border-radius: 2px;
    }
    .matcher,
    .agreement {
      font-size: 0.85em;
      color: var(--vscode-descriptionForeground);
      margin-top: 4px;
    }
    .error {
      color: var(--vscode-errorForeground);
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
    return html`${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    ${this.alignments.map((a) => this.renderAlignment(a))}`;
  }

  private renderAlignment(a: AttributeAlignmentView): unknown {
    return html`<div data-testid="alignment" data-run-id=${String(a.runId)}>
      <div class="run" data-testid="alignment-summary">
        Run ${a.runId} · ${a.runName} · ${a.source} (${a.level}) · required recall
        ${percent(a.requiredRecall)} · precision ${percent(a.precision)} · ${a.contradictedCount} contradicted
        · ${a.unsupportedCount} unsupported · ${a.genericCount} generic (not counted)
      </div>
      ${
        a.agreement.length > 0
          ? html`<div class="agreement" data-testid="agreement">
              Agreement with overrulings:
              ${a.agreement.map((m, i) => html`${i > 0 ? ' · ' : ''}${m.matcherId} ${m.agree}/${m.total}`)}
            </div>`
          : nothing
      }
      <div class="columns">
        <div>
          <h3>Reference</h3>
          <ul>
            ${a.reference.map((r) => this.renderItem(a, r, 'reference'))}
          </ul>
        </div>
        <div>
          <h3>Generated</h3>
          <ul>
            ${a.generated.length === 0 ? html`<li class="empty">None parsed</li>` : nothing}
            ${a.generated.map((g) => this.renderItem(a, g, 'generated'))}
          </ul>
        </div>
      </div>
      <div class="matcher" data-testid="matcher">Matched by ${a.matcherId} (${a.matcherDescription})</div>
    </div>`;
  }

  private renderItem(a: AttributeAlignmentView, item: AlignedAttributeView, side: AlignmentSide): unknown {
    const choices = side === 'generated' ? GENERATED_STATUSES : REFERENCE_STATUSES;
    const score = item.score !== null && item.status !== 'generic' ? ` · ${item.score.toFixed(2)}` : '';
    return html`<li
      class=${item.status}
      data-testid=${`aligned-${side}`}
      data-status=${item.status}
      data-text=${item.text}
    >
      <vscode-icon name=${STATUS_ICON[item.status]}></vscode-icon>
      <span
        >${item.text}${item.list ? html` <span class="status">(${item.list})</span>` : nothing}
        ${
          item.reason && item.matcherStatus !== 'missed'
            ? html`<span class="reason" data-testid="reason">${item.reason}</span>`
            : nothing
        }
        ${
          item.closest && item.matcherStatus === 'contradicted'
            ? html`<span class="closest">against: ${item.closest}</span>`
            : item.closest && (item.matcherStatus === 'unsupported' || item.matcherStatus === 'missed')
              ? html`<span class="closest">closest: ${item.closest}</span>`
              : nothing
        }
        ${
          item.overruling
            ? html`<span class="overruled" data-testid="overruled"
                >overruled by ${item.overruling.by}, ${day(item.overruling.at)} (${item.matcherId} said
                ${STATUS_TEXT[item.matcherStatus]})</span
              >`
            : nothing
        }</span
      >
      <span class="status"
        >${STATUS_TEXT[item.status]}${score}
        <select
          aria-label=${`Overrule the verdict on ${item.text}`}
          data-testid="overrule"
          @change=${(e: Event) => this.overrule(a, item, side, e)}
        >
          <option value="" selected>${item.overruling ? 'overruled…' : 'overrule…'}</option>
          ${choices
            .filter((c) => c !== item.status)
            .map((c) => html`<option value=${c}>${STATUS_TEXT[c]}</option>`)}
          ${item.overruling ? html`<option value="matcher">back to ${item.matcherId}</option>` : nothing}
        </select></span
      >
    </li>`;
  }

  private async overrule(
    a: AttributeAlignmentView,
    item: AlignedAttributeView,
    side: AlignmentSide,
    event: Event,
  ): Promise<void> {
    const select = event.target as HTMLSelectElement;
    const value = select.value;
    select.value = '';
    if (value === '' || !this.channel) return;
    const result = await this.channel.request(SamplePanelMethod.overruleVerdict, {
      sampleId: this.sampleId,
      runId: a.runId,
      level: a.level as LabelLevelName,
      side,
      attribute: item.text,
      verdict: value === 'matcher' ? null : (value as AlignmentStatus),
    });
    // The store change refreshes the whole view; only a failure needs showing here.
    this.error = result.ok ? null : result.error;
  }
}

customElements.define('fl-attribute-alignment', AttributeAlignmentList);

declare global {
  interface HTMLElementTagNameMap {
    'fl-attribute-alignment': AttributeAlignmentList;
  }
}
