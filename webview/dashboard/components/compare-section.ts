// Compare runs (A = the dashboard's run, B = a chosen run of the same dataset): flips per level
// (right -> wrong, wrong -> right), per-class deltas sorted by size, confusion pairs that
// appeared or vanished, grounding deltas. Every count opens its samples.
import { html, LitElement, nothing } from 'lit';
import type { CompareView, ConfusionView, RunChoice } from '../../../src/shared/dashboardProtocol';
import { integer, LEVEL_NAMES, score, signed } from '../format';
import { sectionStyles } from './dashboard-styles';
import { sliceLink } from './slice-link';

export const CHOOSE_COMPARE_EVENT = 'fl-choose-compare';
const ROWS_SHOWN = 25;

export class CompareSection extends LitElement {
  static override properties = {
    runs: { attribute: false },
    view: { attribute: false },
    error: { attribute: false },
    busy: { attribute: false },
    chosen: { attribute: false },
  };

  declare runs: RunChoice[];
  declare view: CompareView | undefined;
  declare error: string | undefined;
  declare busy: boolean;
  declare chosen: number | null;

  constructor() {
    super();
    this.runs = [];
    this.busy = false;
    this.chosen = null;
  }

  static override styles = [sectionStyles];

  private choose(value: string): void {
    const detail = value === '' ? null : Number(value);
    this.dispatchEvent(new CustomEvent(CHOOSE_COMPARE_EVENT, { detail, bubbles: true, composed: true }));
  }

  private flips(v: CompareView): unknown {
    return html`<table data-testid="compare-flips">
      <caption class="visually-hidden">
        Flips per level between ${v.a.name} and ${v.b.name}
      </caption>
      <thead>
        <tr>
          <th class="text" scope="col">Level</th>
          <th scope="col">Shared</th>
          <th scope="col">A</th>
          <th scope="col">B</th>
          <th scope="col">Right → wrong</th>
          <th scope="col">Wrong → right</th>
        </tr>
      </thead>
      <tbody>
        ${v.comparison.flips.map(
          (f) =>
            html`<tr>
              <th class="text" scope="row">${LEVEL_NAMES[f.level]}</th>
              <td>${integer(f.shared)}</td>
              <td>${score(f.a_finer_em)}</td>
              <td>${score(f.b_finer_em)}</td>
              <td>
                ${sliceLink(f.right_to_wrong.count, f.right_to_wrong.slice, `right in A, wrong in B at ${f.level} level`)}
              </td>
              <td>
                ${sliceLink(f.wrong_to_right.count, f.wrong_to_right.slice, `wrong in A, right in B at ${f.level} level`)}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private deltas(v: CompareView): unknown {
    const rows = [...v.comparison.class_deltas].sort(
      (x, y) => Math.abs(y.delta ?? 0) - Math.abs(x.delta ?? 0) || y.shared - x.shared,
    );
    if (rows.length === 0) return html`<p class="note">No class answered by both runs.</p>`;
    return html`<h3>Per-class change (B − A, largest first)</h3>
      <div class="scroll">
        <table data-testid="compare-deltas">
          <thead>
            <tr>
              <th class="text" scope="col">Class</th>
              <th class="text" scope="col">Level</th>
              <th scope="col">Answered by both</th>
              <th scope="col">A</th>
              <th scope="col">B</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            ${rows.slice(0, ROWS_SHOWN).map(
              (r) =>
                html`<tr>
                  <th class="text" scope="row">${r.label}</th>
                  <td class="text">${r.level}</td>
                  <td>${sliceLink(r.shared, r.slice, `of ${r.label} answered by both runs`)}</td>
                  <td>${score(r.a_finer_em)}</td>
                  <td>${score(r.b_finer_em)}</td>
                  <td class=${(r.delta ?? 0) < 0 ? 'bad' : (r.delta ?? 0) > 0 ? 'good' : ''}>
                    ${signed(r.delta)}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  private pairs(title: string, rows: ConfusionView[], testid: string, what: string): unknown {
    return html`<h3>${title}</h3>
      ${
        rows.length === 0
          ? html`<p class="note">None.</p>`
          : html`<table data-testid=${testid}>
              <thead>
                <tr>
                  <th class="text" scope="col">Gold</th>
                  <th class="text" scope="col">Answered</th>
                  <th class="text" scope="col">Level</th>
                  <th scope="col">Count</th>
                </tr>
              </thead>
              <tbody>
                ${rows.slice(0, ROWS_SHOWN).map(
                  (p) =>
                    html`<tr>
                      <td class="text">${p.gold}</td>
                      <td class="text">${p.predicted}</td>
                      <td class="text">${p.level}</td>
                      <td>
                        ${sliceLink(p.count, p.slice, `of ${p.gold} answered as ${p.predicted} ${what}`)}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }`;
  }

  private grounding(v: CompareView): unknown {
    const g = v.comparison.grounding;
    if (g === null) return nothing;
    return html`<h3>Attribute grounding</h3>
      <table data-testid="compare-grounding">
        <thead>
          <tr>
            <th class="text" scope="col"></th>
            <th scope="col">A</th>
            <th scope="col">B</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th class="text" scope="row">Precision</th>
            <td>${score(g.a_precision)}</td>
            <td>${score(g.b_precision)}</td>
            <td>
              ${g.a_precision === null || g.b_precision === null ? '–' : signed(g.b_precision - g.a_precision)}
            </td>
          </tr>
          <tr>
            <th class="text" scope="row">Recall</th>
            <td>${score(g.a_recall)}</td>
            <td>${score(g.b_recall)}</td>
            <td>${g.a_recall === null || g.b_recall === null ? '–' : signed(g.b_recall - g.a_recall)}</td>
          </tr>
        </tbody>
      </table>`;
  }

  override render(): unknown {
    const v = this.view;
    return html`<div class="controls">
        <label
          >Compare with
          <select
            data-testid="compare-run"
            @change=${(e: Event) => this.choose((e.target as HTMLSelectElement).value)}
          >
            <option value="" ?selected=${this.chosen === null}>choose a run…</option>
            ${this.runs.map(
              (r) =>
                html`<option value=${String(r.id)} ?selected=${this.chosen === r.id}>
                  ${r.name} (run ${r.id}, ${r.strategy})
                </option>`,
            )}
          </select></label
        >
        ${this.busy ? html`<span class="note" role="status">Comparing…</span>` : nothing}
      </div>
      ${this.error ? html`<p class="bad" role="alert">${this.error}</p>` : nothing}
      ${
        v
          ? html`<p class="note" data-testid="compare-title">
                A = ${v.a.name} (run ${v.a.run_id}), B = ${v.b.name} (run ${v.b.run_id})
              </p>
              ${this.flips(v)} ${this.deltas(v)}
              ${this.pairs('Confusion pairs that appeared in B', v.comparison.confusions_appeared, 'compare-appeared', 'in B')}
              ${this.pairs('Confusion pairs that vanished in B', v.comparison.confusions_vanished, 'compare-vanished', 'in A')}
              ${this.grounding(v)}`
          : nothing
      }`;
  }
}

customElements.define('fl-compare-section', CompareSection);

declare global {
  interface HTMLElementTagNameMap {
    'fl-compare-section': CompareSection;
  }
}
