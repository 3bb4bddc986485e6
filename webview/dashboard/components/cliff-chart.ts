// The performance-cliff chart (FINER's Figure 2): FINER EM at superordinate -> coarse -> fine,
// one line per run. Rendered as SVG by lit templates (no eval, no inline styles: series colours
// come from --vscode-charts-* through CSS classes, and each series also has its own marker and
// dash so colour is never the only signal). The same numbers are in a table next to it, which
// screen readers always get and a toggle shows.
import { css, html, LitElement, svg } from 'lit';
import type { CliffSeries, DashboardLevel } from '../../../src/shared/dashboardProtocol';
import { sectionStyles } from './dashboard-styles';
import { LEVEL_NAMES, score } from '../format';

const ALL_LEVELS: DashboardLevel[] = ['superordinate', 'coarse', 'fine'];
const W = 460;
const H = 230;
const PAD = { left: 44, right: 16, top: 12, bottom: 36 };
export const SERIES_STYLES = 6;

const x = (i: number, count: number): number =>
  count <= 1 ? (PAD.left + W - PAD.right) / 2 : PAD.left + (i * (W - PAD.left - PAD.right)) / (count - 1);
const y = (v: number): number => PAD.top + (1 - v) * (H - PAD.top - PAD.bottom);

function marker(kind: number, cx: number, cy: number): unknown {
  switch (kind % SERIES_STYLES) {
    case 1:
      return svg`<rect x=${cx - 4} y=${cy - 4} width="8" height="8"></rect>`;
    case 2:
      return svg`<polygon points=${`${cx},${cy - 5} ${cx + 5},${cy + 4} ${cx - 5},${cy + 4}`}></polygon>`;
    case 3:
      return svg`<polygon points=${`${cx},${cy - 5} ${cx + 5},${cy} ${cx},${cy + 5} ${cx - 5},${cy}`}></polygon>`;
    case 4:
      return svg`<path d=${`M${cx - 4},${cy - 4}L${cx + 4},${cy + 4}M${cx + 4},${cy - 4}L${cx - 4},${cy + 4}`}></path>`;
    default:
      return svg`<circle cx=${cx} cy=${cy} r="4"></circle>`;
  }
}

export class CliffChart extends LitElement {
  static override properties = {
    series: { attribute: false },
    showTable: { state: true },
  };

  declare series: CliffSeries[];
  declare showTable: boolean;

  constructor() {
    super();
    this.series = [];
    this.showTable = false;
  }

  static override styles = [
    sectionStyles,
    css`
      svg {
        width: 100%;
        max-width: 560px;
        height: auto;
        display: block;
        overflow: visible;
      }
      .axis,
      .grid {
        stroke: var(--vscode-editorWidget-border, var(--vscode-foreground));
        stroke-width: 1;
      }
      .grid {
        stroke-opacity: 0.35;
        stroke-dasharray: 2 3;
      }
      text {
        fill: var(--vscode-foreground);
        font-size: 11px;
        font-family: var(--vscode-font-family);
      }
      .line {
        fill: none;
        stroke-width: 2;
      }
      .s0 {
        stroke: var(--vscode-charts-blue);
        fill: var(--vscode-charts-blue);
      }
      .s1 {
        stroke: var(--vscode-charts-orange);
        fill: var(--vscode-charts-orange);
      }
      .s2 {
        stroke: var(--vscode-charts-green);
        fill: var(--vscode-charts-green);
      }
      .s3 {
        stroke: var(--vscode-charts-purple);
        fill: var(--vscode-charts-purple);
      }
      .s4 {
        stroke: var(--vscode-charts-red);
        fill: var(--vscode-charts-red);
      }
      .s5 {
        stroke: var(--vscode-charts-yellow);
        fill: var(--vscode-charts-yellow);
      }
      .line.d1 {
        stroke-dasharray: 6 3;
      }
      .line.d2 {
        stroke-dasharray: 2 3;
      }
      .line.d3 {
        stroke-dasharray: 8 3 2 3;
      }
      .line.d4 {
        stroke-dasharray: 4 4;
      }
      .line.d5 {
        stroke-dasharray: 1 2;
      }
      path.s0,
      path.s1,
      path.s2,
      path.s3,
      path.s4,
      path.s5 {
        stroke-width: 2;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 14px;
        margin: 4px 0;
        padding: 0;
        list-style: none;
      }
      .legend svg {
        width: 30px;
        height: 12px;
        display: inline-block;
        vertical-align: middle;
      }
    `,
  ];

  /** The levels any run answered (a dataset with one superordinate class is often not asked it). */
  private levels(): DashboardLevel[] {
    const asked = new Set(this.series.flatMap((s) => s.points.map((p) => p.level)));
    return ALL_LEVELS.filter((l) => asked.has(l));
  }

  private chart(): unknown {
    const LEVELS = this.levels();
    const ticks = [0, 0.25, 0.5, 0.75, 1];
    const summary = this.series
      .map((s) => `${s.name}: ${s.points.map((p) => `${p.level} ${score(p.finer_em)}`).join(', ')}`)
      .join('; ');
    return html`<svg
      viewBox=${`0 0 ${W} ${H}`}
      role="img"
      aria-label=${`FINER EM (lenient) per level. ${summary}`}
      data-testid="cliff-chart"
    >
      ${ticks.map(
        (t) => svg`<line class="grid" x1=${PAD.left} x2=${W - PAD.right} y1=${y(t)} y2=${y(t)}></line>
          <text x=${PAD.left - 6} y=${y(t) + 4} text-anchor="end">${t.toFixed(2)}</text>`,
      )}
      <line class="axis" x1=${PAD.left} x2=${PAD.left} y1=${PAD.top} y2=${H - PAD.bottom}></line>
      <line class="axis" x1=${PAD.left} x2=${W - PAD.right} y1=${H - PAD.bottom} y2=${H - PAD.bottom}></line>
      ${LEVELS.map(
        (l, i) =>
          svg`<text x=${x(i, LEVELS.length)} y=${H - PAD.bottom + 18} text-anchor=${i === 0 ? 'start' : i === LEVELS.length - 1 ? 'end' : 'middle'}>${LEVEL_NAMES[l]}</text>`,
      )}
      ${this.series.map((s, k) => {
        const pts = LEVELS.map((l, i) => {
          const p = s.points.find((q) => q.level === l);
          return p && p.finer_em !== null ? { cx: x(i, LEVELS.length), cy: y(p.finer_em) } : null;
        });
        const known = pts.filter((p): p is { cx: number; cy: number } => p !== null);
        const cls = `s${k % SERIES_STYLES}`;
        return svg`<g>
          <polyline class=${`line ${cls} d${k % SERIES_STYLES}`} points=${known.map((p) => `${p.cx},${p.cy}`).join(' ')}></polyline>
          ${known.map((p) => svg`<g class=${cls}>${marker(k, p.cx, p.cy)}</g>`)}
        </g>`;
      })}
    </svg>`;
  }

  private legend(): unknown {
    return html`<ul class="legend" aria-hidden="true">
      ${this.series.map(
        (s, k) =>
          html`<li>
            <svg viewBox="0 0 30 12">
              <line
                class=${`line s${k % SERIES_STYLES} d${k % SERIES_STYLES}`}
                x1="1"
                x2="29"
                y1="6"
                y2="6"
              ></line>
              <g class=${`s${k % SERIES_STYLES}`}>${marker(k, 15, 6)}</g>
            </svg>
            ${s.name}
          </li>`,
      )}
    </ul>`;
  }

  private table(): unknown {
    const LEVELS = this.levels();
    return html`<table data-testid="cliff-table">
      <caption class="visually-hidden">
        FINER EM (lenient) per level and run
      </caption>
      <thead>
        <tr>
          <th class="text" scope="col">Run</th>
          ${LEVELS.map((l) => html`<th scope="col">${LEVEL_NAMES[l]}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${this.series.map(
          (s) =>
            html`<tr>
              <th class="text" scope="row">${s.name}</th>
              ${LEVELS.map((l) => {
                const p = s.points.find((q) => q.level === l);
                return html`<td>${p ? `${score(p.finer_em)} (n ${p.n})` : '–'}</td>`;
              })}
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  override render(): unknown {
    return html`${this.chart()} ${this.legend()}
      <button
        class="count"
        aria-expanded=${String(this.showTable)}
        @click=${() => (this.showTable = !this.showTable)}
      >
        ${this.showTable ? 'Hide the table' : 'Show as table'}
      </button>
      <div class=${this.showTable ? '' : 'visually-hidden'}>${this.table()}</div>`;
  }
}

customElements.define('fl-cliff-chart', CliffChart);

declare global {
  interface HTMLElementTagNameMap {
    'fl-cliff-chart': CliffChart;
  }
}
