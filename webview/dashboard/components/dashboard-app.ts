// The dashboard's root element: loads the analysis of the panel's run with the page's choices
// (text-only run, coarse group of the fine matrix, runs overlaid on the cliff chart), lays out
// the sections, and turns clicks on numbers into "open these samples" commands for the host.
import { css, html, LitElement, nothing } from 'lit';
import type {
  CliffSeries,
  CompareView,
  DashboardChoices,
  DashboardData,
  DashboardInitialState,
  GroundingReply,
} from '../../../src/shared/dashboardProtocol';
import { DASHBOARD_MAX_OVERLAYS, DashboardMethod } from '../../../src/shared/dashboardProtocol';
import type { DashboardChannel } from '../host-channel';
import { sectionStyles } from './dashboard-styles';
import { OPEN_SLICE_EVENT, type OpenSliceDetail } from './slice-link';
import { CHOOSE_MATRIX_EVENT } from './confusion-section';
import { CHOOSE_TEXT_RUN_EVENT } from './modality-section';
import { CHOOSE_COMPARE_EVENT } from './compare-section';
import './class-table';
import './cliff-chart';
import './compare-section';
import './confusion-section';
import './modality-section';
import './overview-section';

export class DashboardApp extends LitElement {
  static override properties = {
    data: { state: true },
    error: { state: true },
    loading: { state: true },
    compare: { state: true },
    compareError: { state: true },
    comparing: { state: true },
    compareRunId: { state: true },
    grounding: { state: true },
  };

  channel!: DashboardChannel;
  initial!: DashboardInitialState;
  choices!: DashboardChoices;
  declare data: DashboardData | undefined;
  declare error: string | undefined;
  declare loading: boolean;
  declare compare: CompareView | undefined;
  declare compareError: string | undefined;
  declare comparing: boolean;
  declare compareRunId: number | null;
  /** The attribute grounding of the current data: undefined while it is computed. */
  declare grounding: GroundingReply | { error: string } | undefined;
  private loadSeq = 0;
  /** When the first data was painted (performance.now()), for the benchmark. */
  firstPaintMs: number | undefined;

  constructor() {
    super();
    this.loading = false;
    this.comparing = false;
    this.compareRunId = null;
    this.addEventListener(OPEN_SLICE_EVENT, (e) =>
      this.openSlice((e as CustomEvent<OpenSliceDetail>).detail),
    );
    this.addEventListener(CHOOSE_MATRIX_EVENT, (e) =>
      this.choose({ matrixCoarse: (e as CustomEvent<string>).detail }),
    );
    this.addEventListener(CHOOSE_TEXT_RUN_EVENT, (e) =>
      this.choose({ textRunId: (e as CustomEvent<number | null>).detail }),
    );
    this.addEventListener(
      CHOOSE_COMPARE_EVENT,
      (e) => void this.loadCompare((e as CustomEvent<number | null>).detail),
    );
  }

  static override styles = [
    sectionStyles,
    css`
      :host {
        height: 100%;
        overflow: auto;
        box-sizing: border-box;
        padding: 12px 18px 40px;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 20px;
        align-items: baseline;
        justify-content: space-between;
        border-bottom: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border, transparent));
        padding-bottom: 8px;
        margin-bottom: 10px;
      }
      h1 {
        font-size: 1.35em;
        font-weight: 600;
        margin: 0;
      }
      .meta {
        color: var(--vscode-descriptionForeground);
        margin: 4px 0 0;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 460px), 1fr));
        gap: 14px 28px;
      }
      section {
        min-width: 0;
        padding: 8px 0;
      }
      section.wide {
        grid-column: 1 / -1;
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 8px;
        align-items: center;
      }
      .chip {
        border: 1px solid var(--vscode-editorWidget-border, var(--vscode-contrastBorder, transparent));
        border-radius: 10px;
        padding: 0 6px;
      }
    `,
  ];

  override firstUpdated(): void {
    this.channel.saveChoices(this.initial.runId, this.choices);
    void this.reload();
    if (this.initial.compareRunId !== null) void this.loadCompare(this.initial.compareRunId);
  }

  override updated(): void {
    if (this.data && this.firstPaintMs === undefined) {
      // After lit committed the data to the DOM; the next frame is the first paint with it.
      requestAnimationFrame(() => {
        this.firstPaintMs ??= performance.now();
        document.body.dataset.firstPaintMs = String(Math.round(this.firstPaintMs));
      });
    }
  }

  /** Loads (again) with the current choices; a newer load wins over an older one. */
  async reload(): Promise<void> {
    const seq = ++this.loadSeq;
    this.loading = true;
    const result = await this.channel.request(DashboardMethod.load, this.choices);
    if (seq !== this.loadSeq) return;
    this.loading = false;
    if (result.ok) {
      this.data = result.value;
      this.error = undefined;
      this.grounding = undefined;
      void this.loadGrounding(seq, result.value.generation);
    } else {
      this.error = result.error;
    }
    if (this.compareRunId !== null && result.ok) void this.loadCompare(this.compareRunId);
  }

  private async loadGrounding(seq: number, generation: number): Promise<void> {
    const result = await this.channel.request(DashboardMethod.grounding, { generation });
    if (seq !== this.loadSeq) return;
    this.grounding = result.ok ? result.value : { error: result.error };
  }

  private choose(change: Partial<DashboardChoices>): void {
    this.choices = { ...this.choices, ...change };
    this.channel.saveChoices(this.initial.runId, this.choices);
    void this.reload();
  }

  private async loadCompare(otherRunId: number | null): Promise<void> {
    this.compareRunId = otherRunId;
    this.compareError = undefined;
    if (otherRunId === null) {
      this.compare = undefined;
      return;
    }
    this.comparing = true;
    const result = await this.channel.request(DashboardMethod.compare, { otherRunId });
    this.comparing = false;
    if (this.compareRunId !== otherRunId) return;
    if (result.ok) this.compare = result.value;
    else this.compareError = result.error;
  }

  private openSlice(detail: OpenSliceDetail): void {
    // The host mints the refs of an analysis and of the comparisons loaded after it in one
    // generation; a reload starts a new one (and reloads the comparison).
    const generation = this.data?.generation;
    if (generation === undefined) return;
    const method = detail.review ? DashboardMethod.reviewSlice : DashboardMethod.openSlice;
    this.channel.command(method, { generation, slice: detail.slice });
  }

  private series(data: DashboardData): CliffSeries[] {
    const own: CliffSeries = {
      runId: data.analysis.run.run_id,
      name: data.analysis.run.name || `run ${data.analysis.run.run_id}`,
      points: data.analysis.levels.map((l) => ({ level: l.level, finer_em: l.finer_em, n: l.n })),
    };
    return [own, ...data.overlays];
  }

  private overlayControls(data: DashboardData): unknown {
    const shown = new Set(this.choices.overlayRunIds);
    const addable = data.runs.filter((r) => !shown.has(r.id));
    return html`<div class="controls chips">
      ${data.overlays.map(
        (o) =>
          html`<span class="chip"
            >${o.name}
            <button
              class="plain"
              aria-label=${`Remove ${o.name} from the chart`}
              title="Remove from the chart"
              @click=${() => this.choose({ overlayRunIds: this.choices.overlayRunIds.filter((id) => id !== o.runId) })}
            >
              ×
            </button></span
          >`,
      )}
      ${
        addable.length > 0 && this.choices.overlayRunIds.length < DASHBOARD_MAX_OVERLAYS
          ? html`<label
              >Add a run
              <select
                data-testid="overlay-run"
                @change=${(e: Event) => {
                  const id = Number((e.target as HTMLSelectElement).value);
                  if (Number.isSafeInteger(id) && id > 0) {
                    this.choose({ overlayRunIds: [...this.choices.overlayRunIds, id] });
                  }
                }}
              >
                <option value="" selected>choose…</option>
                ${addable.map((r) => html`<option value=${String(r.id)}>${r.name} (run ${r.id}, ${r.strategy})</option>`)}
              </select></label
            >`
          : nothing
      }
    </div>`;
  }

  private header(): unknown {
    const run = this.data?.analysis.run;
    return html`<header>
      <div>
        <h1>${run ? run.name || `Run ${run.run_id}` : this.initial.runName}</h1>
        ${
          run
            ? html`<p class="meta" data-testid="run-meta">
                Run ${run.run_id} on ${run.dataset} · ${run.model} · ${run.strategy} · protocol
                ${run.protocol} · gold conditioning ${run.gold_conditioning ? 'on' : 'off'} · template
                ${run.template_hash.slice(0, 12)} · temperature ${run.decoding.temperature}, max tokens
                ${run.decoding.max_tokens}${run.decoding.seed === null ? '' : `, seed ${run.decoding.seed}`} ·
                ${run.status}
              </p>`
            : nothing
        }
      </div>
      <div>
        ${this.loading ? html`<span class="note" role="status">Loading…</span>` : nothing}
        <button
          class="count"
          data-testid="export-report"
          @click=${() => this.channel.command(DashboardMethod.exportReport, { compareRunId: this.compareRunId })}
        >
          Export Report…
        </button>
      </div>
    </header>`;
  }

  override render(): unknown {
    const data = this.data;
    if (!data) {
      return html`${this.header()}
      ${
        this.error
          ? html`<p class="bad" role="alert">${this.error}</p>`
          : html`<p class="note" role="status">Computing the analysis…</p>`
      }`;
    }
    const a = data.analysis;
    const target = data.clickTarget === 'gallery' ? 'the gallery' : 'a review queue';
    return html`${this.header()} ${this.error ? html`<p class="bad" role="alert">${this.error}</p>` : nothing}
      <p class="note">
        Every underlined number opens its samples in ${target} (Shift-click: a review queue).
      </p>
      <div class="grid">
        <section class="wide" aria-labelledby="h-levels">
          <h2 id="h-levels">Scores per level</h2>
          <fl-overview-section .analysis=${a}></fl-overview-section>
        </section>
        <section aria-labelledby="h-cliff">
          <h2 id="h-cliff">Performance cliff</h2>
          <p class="note">
            FINER EM (lenient) from superordinate to fine; add runs of this dataset to overlay them.
          </p>
          ${this.overlayControls(data)}
          <fl-cliff-chart .series=${this.series(data)}></fl-cliff-chart>
        </section>
        <section class="wide" aria-labelledby="h-classes">
          <h2 id="h-classes">Per class</h2>
          <fl-class-table .rows=${a.classes} .levels=${a.run.levels}></fl-class-table>
        </section>
        <section class="wide" aria-labelledby="h-confusions">
          <h2 id="h-confusions">Confusions</h2>
          <fl-confusion-section
            .confusions=${a.confusions}
            .matrices=${a.confusion_matrices}
            .coarseGroups=${data.coarseGroups}
          ></fl-confusion-section>
        </section>
        <section class="wide" aria-labelledby="h-modality">
          <h2 id="h-modality">Modality, strategy and grounding</h2>
          <fl-modality-section
            .analysis=${this.grounding && 'grounding' in this.grounding ? { ...a, grounding: this.grounding.grounding } : a}
            .groundingState=${this.grounding === undefined ? 'loading' : 'error' in this.grounding ? this.grounding.error : 'ready'}
            .runs=${data.runs}
          ></fl-modality-section>
        </section>
        <section class="wide" aria-labelledby="h-compare">
          <h2 id="h-compare">Compare runs</h2>
          <fl-compare-section
            .runs=${data.runs}
            .view=${this.compare}
            .error=${this.compareError}
            .busy=${this.comparing}
            .chosen=${this.compareRunId}
          ></fl-compare-section>
        </section>
      </div>`;
  }
}

customElements.define('fl-dashboard-app', DashboardApp);

declare global {
  interface HTMLElementTagNameMap {
    'fl-dashboard-app': DashboardApp;
  }
}
