// The scores of one prediction, each with its metric's name: a pass / fail mark for FINER EM
// (lenient) and strict EM, and the token F1 as a number. Colour is never the only signal.
import { css, html, LitElement, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import { METRIC_NAMES } from '../../../src/shared/metricNames';

export class ScoreMarks extends LitElement {
  static override properties = {
    finerEm: { attribute: false },
    strictEm: { attribute: false },
    f1: { attribute: false },
  };

  declare finerEm: number | null;
  declare strictEm: number | null;
  declare f1: number | null;

  constructor() {
    super();
    this.finerEm = null;
    this.strictEm = null;
    this.f1 = null;
  }

  static override styles = css`
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 4px 10px;
      align-items: center;
    }
    .mark {
      display: inline-flex;
      align-items: center;
      gap: 3px;
      white-space: nowrap;
    }
    .pass vscode-icon {
      color: var(--vscode-testing-iconPassed, var(--vscode-charts-green));
    }
    .fail vscode-icon {
      color: var(--vscode-testing-iconFailed, var(--vscode-errorForeground));
    }
    .f1 {
      color: var(--vscode-descriptionForeground);
      font-variant-numeric: tabular-nums;
    }
  `;

  private mark(name: string, value: number | null, testid: string): unknown {
    if (value === null) return nothing;
    const pass = value >= 1;
    return html`<span
      class="mark ${pass ? 'pass' : 'fail'}"
      data-testid=${testid}
      data-value=${String(value)}
      title=${`${name}: ${pass ? 'match' : 'no match'}`}
    >
      <vscode-icon name=${pass ? 'pass-filled' : 'circle-slash'}></vscode-icon>${name} ${pass ? '1' : '0'}
    </span>`;
  }

  override render(): unknown {
    return html`${this.mark(METRIC_NAMES.finerEm, this.finerEm, 'em-finer')}
    ${this.mark(METRIC_NAMES.strictEm, this.strictEm, 'em-strict')}
    ${
      this.f1 === null
        ? nothing
        : html`<span class="mark f1" data-testid="f1">${METRIC_NAMES.f1} ${this.f1.toFixed(2)}</span>`
    }`;
  }
}

customElements.define('fl-score-marks', ScoreMarks);

declare global {
  interface HTMLElementTagNameMap {
    'fl-score-marks': ScoreMarks;
  }
}
