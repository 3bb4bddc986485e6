// Confusions: the most-confused (gold -> answered) pairs per level, and the confusion matrices
// (coarse, and fine inside a chosen coarse group), top-N with "(other)" and "(off-list)" so they
// stay readable at 10k classes. Cells are buttons (Tab / arrow-free: each cell is one stop) that
// open their samples; shades come from the pure layout in src/shared/dashboardMatrix.ts.
import { css, html, LitElement, nothing } from 'lit';
import { layoutMatrix } from '../../../src/shared/dashboardMatrix';
import type { ConfusionView, DashboardLevel, MatrixView } from '../../../src/shared/dashboardProtocol';
import { integer } from '../format';
import { sectionStyles } from './dashboard-styles';
import { sliceLink } from './slice-link';

export const CHOOSE_MATRIX_EVENT = 'fl-choose-matrix';
const PAIRS_SHOWN = 25;

export class ConfusionSection extends LitElement {
  static override properties = {
    confusions: { attribute: false },
    matrices: { attribute: false },
    coarseGroups: { attribute: false },
    level: { state: true },
    shown: { state: true },
  };

  declare confusions: ConfusionView[];
  declare matrices: MatrixView[];
  declare coarseGroups: string[];
  declare level: DashboardLevel | undefined;
  declare shown: number;

  constructor() {
    super();
    this.confusions = [];
    this.matrices = [];
    this.coarseGroups = [];
    this.level = undefined;
    this.shown = PAIRS_SHOWN;
  }

  static override styles = [
    sectionStyles,
    css`
      .matrix th.col {
        writing-mode: vertical-rl;
        transform: rotate(180deg);
        text-align: left;
        vertical-align: bottom;
        white-space: nowrap;
        font-weight: normal;
        padding: 4px 2px;
      }
      .matrix th.row {
        max-width: 16em;
        font-weight: normal;
      }
      .matrix td {
        padding: 0;
        border: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border, transparent));
        text-align: center;
        min-width: 2.2em;
      }
      .matrix td button.count,
      .matrix td span {
        display: block;
        width: 100%;
        min-height: 1.8em;
        box-sizing: border-box;
        padding: 2px 4px;
        color: var(--vscode-foreground);
      }
      .matrix td.diag {
        outline: 2px solid var(--vscode-charts-green);
        outline-offset: -2px;
      }
      .sh1 {
        background: color-mix(in srgb, var(--vscode-charts-red) 15%, transparent);
      }
      .sh2 {
        background: color-mix(in srgb, var(--vscode-charts-red) 30%, transparent);
      }
      .sh3 {
        background: color-mix(in srgb, var(--vscode-charts-red) 45%, transparent);
      }
      .sh4 {
        background: color-mix(in srgb, var(--vscode-charts-red) 60%, transparent);
      }
      .sh5 {
        background: color-mix(in srgb, var(--vscode-charts-red) 75%, transparent);
      }
      .diag.sh1,
      .diag.sh2,
      .diag.sh3,
      .diag.sh4,
      .diag.sh5 {
        background: color-mix(in srgb, var(--vscode-charts-green) 25%, transparent);
      }
      .matrix td.total {
        border: none;
        color: var(--vscode-descriptionForeground);
        padding: 0 6px;
      }
      .matrix th.special {
        font-style: italic;
      }
    `,
  ];

  private levels(): DashboardLevel[] {
    const present = new Set(this.confusions.map((c) => c.level));
    return (['fine', 'coarse', 'superordinate'] as const).filter((l) => present.has(l));
  }

  private pairs(): unknown {
    const levels = this.levels();
    const level = this.level && levels.includes(this.level) ? this.level : levels[0];
    if (level === undefined) return html`<p class="note">No wrong answer resolved to a class.</p>`;
    const rows = this.confusions.filter((c) => c.level === level);
    return html`<div class="controls">
        <label
          >Level
          <select
            data-testid="pairs-level"
            @change=${(e: Event) => {
              this.level = (e.target as HTMLSelectElement).value as DashboardLevel;
              this.shown = PAIRS_SHOWN;
            }}
          >
            ${levels.map((l) => html`<option value=${l} ?selected=${l === level}>${l}</option>`)}
          </select>
        </label>
      </div>
      <div class="scroll">
        <table data-testid="confusion-pairs">
          <caption class="visually-hidden">
            Most-confused pairs at ${level} level
          </caption>
          <thead>
            <tr>
              <th class="text" scope="col">Gold</th>
              <th class="text" scope="col">Answered</th>
              <th scope="col">Count</th>
              ${level === 'fine' ? html`<th class="text" scope="col">Severity</th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${rows.slice(0, this.shown).map(
              (c) =>
                html`<tr>
                  <td class="text">${c.gold}</td>
                  <td class="text">${c.predicted}</td>
                  <td>${sliceLink(c.count, c.slice, `of ${c.gold} answered as ${c.predicted}`)}</td>
                  ${level === 'fine' ? html`<td class="text">${c.severity ?? '–'}</td>` : nothing}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${
        rows.length > this.shown
          ? html`<button class="count" @click=${() => (this.shown += PAIRS_SHOWN * 4)}>
              Show more (${integer(rows.length - this.shown)} left)
            </button>`
          : nothing
      }`;
  }

  private matrix(m: MatrixView): unknown {
    const layout = layoutMatrix(m);
    const title = m.coarse_group === null ? `${m.level} level` : `fine classes of ${m.coarse_group}`;
    return html`<h3>Confusion matrix: ${title}</h3>
      ${
        m.level === 'fine'
          ? html`<div class="controls">
              <label
                >Coarse group
                <select
                  data-testid="matrix-group"
                  @change=${(e: Event) =>
                    this.dispatchEvent(
                      new CustomEvent(CHOOSE_MATRIX_EVENT, {
                        detail: (e.target as HTMLSelectElement).value,
                        bubbles: true,
                        composed: true,
                      }),
                    )}
                >
                  ${this.coarseGroups.map(
                    (g) => html`<option value=${g} ?selected=${g === m.coarse_group}>${g}</option>`,
                  )}
                </select>
              </label>
            </div>`
          : nothing
      }
      <p class="note">
        Rows: gold class; columns: the class the answer names. Diagonal (outlined): right answers.
        ${integer(layout.wrong)} wrong answers shown.
      </p>
      <div class="scroll">
        <table class="matrix" data-testid=${`matrix-${m.level}`}>
          <caption class="visually-hidden">
            Confusion matrix, ${title}
          </caption>
          <thead>
            <tr>
              <td class="total"></td>
              ${layout.columns.map(
                (c) =>
                  html`<th class=${`col ${c.kind === 'class' ? '' : 'special'}`} scope="col" title=${c.label}>
                    ${c.label}
                  </th>`,
              )}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            ${layout.rows.map(
              (r) =>
                html`<tr>
                  <th class=${`text row ${r.isOther ? 'special' : ''}`} scope="row">${r.label}</th>
                  ${r.cells.map(
                    (c) =>
                      html`<td class=${`${c.diagonal ? 'diag' : ''} sh${c.shade}`}>
                        ${
                          c.count > 0
                            ? sliceLink(c.count, c.slice, `(${c.description})`)
                            : html`<span aria-label=${c.description}>·</span>`
                        }
                      </td>`,
                  )}
                  <td class="total">${integer(r.total)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  override render(): unknown {
    return html`<h3>Most-confused pairs</h3>
      ${this.pairs()} ${this.matrices.map((m) => this.matrix(m))}`;
  }
}

customElements.define('fl-confusion-section', ConfusionSection);

declare global {
  interface HTMLElementTagNameMap {
    'fl-confusion-section': ConfusionSection;
  }
}
