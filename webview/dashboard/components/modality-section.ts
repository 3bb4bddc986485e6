// With and without the image, and what the model saw: the modality gap (image vs text-only FINER
// EM per class and coarse group, FINER's Figure 4, and the per-sample quadrants) with a picker of
// the text-only run; ATTRSEEK vs direct on the same samples; attribute grounding (precision,
// recall, most missed / most unsupported, "saw it but named it wrong" vs "never saw it").
import { css, html, LitElement, nothing } from 'lit';
import type {
  DashboardAnalysis,
  ModalityRowView,
  Quadrant,
  RunChoice,
} from '../../../src/shared/dashboardProtocol';
import { integer, LEVEL_NAMES, percent, score, signed } from '../format';
import { sectionStyles } from './dashboard-styles';
import { sliceLink } from './slice-link';

export const CHOOSE_TEXT_RUN_EVENT = 'fl-choose-text-run';
const ROWS_SHOWN = 20;

const QUADRANT_WORDS: Record<Quadrant, string> = {
  both: 'right with and without the image',
  'image-only': 'right only with the image',
  'text-only': 'right only from the text',
  neither: 'wrong both ways',
};

export class ModalitySection extends LitElement {
  static override properties = {
    analysis: { attribute: false },
    runs: { attribute: false },
    groundingState: { attribute: false },
    gapView: { state: true },
  };

  declare analysis: DashboardAnalysis | undefined;
  declare runs: RunChoice[];
  /** 'loading', 'ready', or why it could not be computed. */
  declare groundingState: string;
  declare gapView: 'classes' | 'coarse_groups';

  constructor() {
    super();
    this.runs = [];
    this.groundingState = 'ready';
    this.gapView = 'coarse_groups';
  }

  static override styles = [
    sectionStyles,
    css`
      .bar {
        display: inline-block;
        height: 0.7em;
        vertical-align: middle;
        background: currentColor;
      }
      .gap-pos {
        color: var(--vscode-charts-green);
      }
      .gap-neg {
        color: var(--vscode-charts-red);
      }
      td.bars {
        text-align: left;
        min-width: 120px;
      }
      .b0 {
        width: 0;
      }
      .b1 {
        width: 10%;
      }
      .b2 {
        width: 20%;
      }
      .b3 {
        width: 30%;
      }
      .b4 {
        width: 40%;
      }
      .b5 {
        width: 50%;
      }
      .b6 {
        width: 60%;
      }
      .b7 {
        width: 70%;
      }
      .b8 {
        width: 80%;
      }
      .b9 {
        width: 90%;
      }
      .b10 {
        width: 100%;
      }
    `,
  ];

  private chooseTextRun(value: string): void {
    const detail = value === '' ? null : Number(value);
    this.dispatchEvent(new CustomEvent(CHOOSE_TEXT_RUN_EVENT, { detail, bubbles: true, composed: true }));
  }

  private gapRows(rows: ModalityRowView[]): unknown {
    const sorted = [...rows].sort((a, b) => b.gap - a.gap || b.n - a.n).slice(0, ROWS_SHOWN);
    return html`<div class="scroll">
      <table data-testid="modality-table">
        <caption class="visually-hidden">
          Image vs text-only FINER EM (lenient)
        </caption>
        <thead>
          <tr>
            <th class="text" scope="col">${this.gapView === 'classes' ? 'Class' : 'Coarse group'}</th>
            <th scope="col">Samples</th>
            <th scope="col">Image</th>
            <th scope="col">Text only</th>
            <th scope="col">Gap</th>
            <th class="text" scope="col"><span class="visually-hidden">Gap as a bar</span></th>
          </tr>
        </thead>
        <tbody>
          ${sorted.map(
            (r) =>
              html`<tr>
                <th class="text" scope="row">${r.label}</th>
                <td>${sliceLink(r.n, r.slice, `of ${r.label} answered by both runs`)}</td>
                <td>${score(r.image_finer_em)}</td>
                <td>${score(r.text_finer_em)}</td>
                <td>${signed(r.gap)}</td>
                <td class="bars" aria-hidden="true">
                  <span
                    class=${`bar b${Math.min(10, Math.round(Math.abs(r.gap) * 10))} ${r.gap >= 0 ? 'gap-pos' : 'gap-neg'}`}
                  ></span>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private modality(a: DashboardAnalysis): unknown {
    const textRuns = this.runs.filter((r) => r.strategy === 'text-only' && r.levels.includes('fine'));
    const m = a.modality_gap;
    const picker = html`<label
      >Text-only run
      <select
        data-testid="text-run"
        @change=${(e: Event) => this.chooseTextRun((e.target as HTMLSelectElement).value)}
      >
        <option value="" ?selected=${m === null}>newest</option>
        ${textRuns.map(
          (r) =>
            html`<option value=${String(r.id)} ?selected=${m?.text_run_id === r.id}>
              ${r.name} (run ${r.id})
            </option>`,
        )}
      </select></label
    >`;
    if (a.run.strategy === 'text-only') {
      return html`<p class="note">
        This run answered from the text alone; open an image run's dashboard to see the gap.
      </p>`;
    }
    if (m === null) {
      return html`<div class="controls">${textRuns.length > 0 ? picker : nothing}</div>
        <p class="note">
          No text-only run with fine answers on this dataset yet: run the model with the text-only strategy to
          compare.
        </p>`;
    }
    return html`<div class="controls">
        ${picker}
        <label
          >Per
          <select
            @change=${(e: Event) => (this.gapView = (e.target as HTMLSelectElement).value as 'classes')}
          >
            <option value="coarse_groups" ?selected=${this.gapView === 'coarse_groups'}>coarse group</option>
            <option value="classes" ?selected=${this.gapView === 'classes'}>fine class</option>
          </select></label
        >
      </div>
      <p class="note">
        ${integer(m.shared)} samples answered at the fine level by both this run and ${m.text_run_name}; gap =
        image − text (positive: the image helps).
      </p>
      <table data-testid="quadrants">
        <caption class="visually-hidden">
          Samples by outcome with and without the image
        </caption>
        <tbody>
          ${(Object.keys(QUADRANT_WORDS) as Quadrant[]).map(
            (q) =>
              html`<tr>
                <th class="text" scope="row">${QUADRANT_WORDS[q]}</th>
                <td>${sliceLink(m.quadrants[q].count, m.quadrants[q].slice, QUADRANT_WORDS[q])}</td>
                <td>${percent(m.shared === 0 ? null : m.quadrants[q].count / m.shared)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${this.gapRows(this.gapView === 'classes' ? m.classes : m.coarse_groups)}`;
  }

  private strategy(a: DashboardAnalysis): unknown {
    const s = a.attrseek_vs_direct;
    if (s === null) {
      return html`<p class="note">
        No run of the other strategy (ATTRSEEK / direct) on this dataset to set against this one.
      </p>`;
    }
    return html`<p class="note">
        ATTRSEEK run ${s.attrseek_run_id} vs direct run ${s.direct_run_id}, on the samples both answered.
      </p>
      <table data-testid="strategy-table">
        <caption class="visually-hidden">
          ATTRSEEK vs direct per level
        </caption>
        <thead>
          <tr>
            <th class="text" scope="col">Level</th>
            <th scope="col">Shared</th>
            <th scope="col">ATTRSEEK</th>
            <th scope="col">Direct</th>
            <th scope="col">Only ATTRSEEK right</th>
            <th scope="col">Only direct right</th>
          </tr>
        </thead>
        <tbody>
          ${s.levels.map(
            (l) =>
              html`<tr>
                <th class="text" scope="row">${LEVEL_NAMES[l.level]}</th>
                <td>${integer(l.shared)}</td>
                <td>${score(l.attrseek_finer_em)}</td>
                <td>${score(l.direct_finer_em)}</td>
                <td>
                  ${sliceLink(l.attrseek_only.count, l.attrseek_only.slice, `right only with ATTRSEEK at ${l.level} level`)}
                </td>
                <td>
                  ${sliceLink(l.direct_only.count, l.direct_only.slice, `right only when asked directly at ${l.level} level`)}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`;
  }

  private grounding(a: DashboardAnalysis): unknown {
    if (this.groundingState === 'loading') {
      return html`<p class="note" role="status" data-testid="grounding-loading">
        Judging the generated attributes against the reference attributes…
      </p>`;
    }
    if (this.groundingState !== 'ready') return html`<p class="bad" role="alert">${this.groundingState}</p>`;
    const g = a.grounding;
    if (g === null || g.samples === 0) {
      return html`<p class="note">
        No generated attributes to judge (ATTRSEEK runs on concepts with reference attributes have them).
      </p>`;
    }
    const list = (title: string, items: { text: string; count: number; slice: number }[], what: string) =>
      html`<h3>${title}</h3>
        <table>
          <tbody>
            ${items.map(
              (i) =>
                html`<tr>
                  <td class="text">${i.text}</td>
                  <td>${sliceLink(i.count, i.slice, `${what} "${i.text}"`)}</td>
                </tr>`,
            )}
          </tbody>
        </table>`;
    return html`<p data-testid="grounding-figures">
        Over ${integer(g.samples)} samples (${g.level} level, matcher ${g.matcher}):
        <strong>precision ${score(g.precision)}</strong> (1 − unsupported or contradicted / judged generated
        attributes: ${integer(g.unsupported + g.contradicted)} of ${integer(g.generated - g.generic)}),
        <strong>recall ${score(g.recall)}</strong> (required reference attributes mentioned:
        ${integer(g.required_mentioned)} of ${integer(g.required)}).
      </p>
      <table data-testid="grounding-misclassified">
        <caption class="visually-hidden">
          Misclassified samples by what the attributes show
        </caption>
        <tbody>
          <tr>
            <th class="text" scope="row">
              Saw it but named it wrong (mentioned an attribute telling the gold class from the answer)
            </th>
            <td>
              ${sliceLink(g.misclassified.saw_it_named_wrong.count, g.misclassified.saw_it_named_wrong.slice, 'that saw it but named it wrong')}
            </td>
          </tr>
          <tr>
            <th class="text" scope="row">Never saw it (mentioned none)</th>
            <td>
              ${sliceLink(g.misclassified.never_saw_it.count, g.misclassified.never_saw_it.slice, 'that never saw it')}
            </td>
          </tr>
          <tr>
            <th class="text" scope="row">Misclassified samples judged</th>
            <td>${integer(g.misclassified.judged)}</td>
          </tr>
        </tbody>
      </table>
      ${list('Reference attributes most often missed', g.most_missed, 'missing')}
      ${list('Generated attributes most often unsupported', g.most_unsupported, 'generating the unsupported')}
      ${
        g.classes.length === 0
          ? nothing
          : html`<h3>Grounding per class (lowest precision first)</h3>
              <div class="scroll">
                <table data-testid="grounding-classes">
                  <thead>
                    <tr>
                      <th class="text" scope="col">Class</th>
                      <th scope="col">Samples</th>
                      <th scope="col">Precision</th>
                      <th scope="col">Recall</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${[...g.classes]
                      .sort((x, y) => (x.precision ?? 2) - (y.precision ?? 2) || y.samples - x.samples)
                      .slice(0, ROWS_SHOWN)
                      .map(
                        (c) =>
                          html`<tr>
                            <th class="text" scope="row">${c.label}</th>
                            <td>${sliceLink(c.samples, c.slice, `of ${c.label} with attributes`)}</td>
                            <td>${score(c.precision)}</td>
                            <td>${score(c.recall)}</td>
                          </tr>`,
                      )}
                  </tbody>
                </table>
              </div>`
      }`;
  }

  override render(): unknown {
    const a = this.analysis;
    if (!a) return nothing;
    return html`<h3>Modality gap</h3>
      ${this.modality(a)}
      <h3>ATTRSEEK vs direct</h3>
      ${this.strategy(a)}
      <h3>Attribute grounding</h3>
      ${this.grounding(a)}`;
  }
}

customElements.define('fl-modality-section', ModalitySection);

declare global {
  interface HTMLElementTagNameMap {
    'fl-modality-section': ModalitySection;
  }
}
