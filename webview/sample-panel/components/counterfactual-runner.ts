// "Re-classify from these attributes": sends the (possibly corrected) attribute list as
// ATTRSEEK turn 1 and re-asks turn 2 at the fine level; shows whether the label is now right.
// The host saves it as a run of its own (strategy "counterfactual").
import { css, html, LitElement, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type {
  NotificationMessage,
  PredictionLevelView,
  ReferenceAttributesView,
  RunSetupView,
} from '../../../src/shared/samplePanelProtocol';
import { SamplePanelMethod } from '../../../src/shared/samplePanelProtocol';
import type { HostChannel } from '../host-channel';
import './score-marks';

type Status = 'idle' | 'running' | 'done' | 'failed';

export class CounterfactualRunner extends LitElement {
  static override properties = {
    sampleId: { attribute: false },
    reference: { attribute: false },
    setup: { attribute: false },
    hasPredictions: { attribute: false },
    text: { state: true },
    endpointName: { state: true },
    status: { state: true },
    result: { state: true },
    error: { state: true },
  };

  declare sampleId: number;
  declare reference: ReferenceAttributesView | null;
  declare setup: RunSetupView;
  /** A counterfactual re-asks a classification: there must be one to compare with first. */
  declare hasPredictions: boolean;
  declare private text: string;
  declare private endpointName: string;
  declare private status: Status;
  declare private result: PredictionLevelView | null;
  declare private error: string | null;
  channel: HostChannel | undefined;
  private token: number | null = null;
  private touched = false;
  private unsubscribe: (() => void) | undefined;

  constructor() {
    super();
    this.sampleId = -1;
    this.reference = null;
    this.setup = { trusted: false, disabledReason: null, endpoints: [] };
    this.hasPredictions = false;
    this.text = '';
    this.endpointName = '';
    this.status = 'idle';
    this.result = null;
    this.error = null;
  }

  static override styles = css`
    :host {
      display: block;
    }
    textarea {
      box-sizing: border-box;
      width: 100%;
      min-height: 6em;
      resize: vertical;
      font-family: var(--vscode-editor-font-family);
      font-size: 0.92em;
      color: var(--vscode-input-foreground);
      background: var(--vscode-input-background);
      border: 1px solid var(--vscode-input-border, var(--vscode-panel-border, transparent));
      padding: 4px 6px;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px;
      margin-top: 4px;
    }
    .fixed {
      color: var(--vscode-testing-iconPassed, var(--vscode-charts-green));
      font-weight: 600;
    }
    .not-fixed {
      color: var(--vscode-errorForeground);
      font-weight: 600;
    }
    .hint,
    .muted {
      color: var(--vscode-descriptionForeground);
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = this.channel?.onNotification((m) => this.onNotification(m));
  }

  override disconnectedCallback(): void {
    this.unsubscribe?.();
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('sampleId')) {
      this.touched = false;
      this.status = 'idle';
      this.result = null;
      this.error = null;
    }
    // Follow the (edited) reference attributes until the user types their own list.
    if ((changed.has('reference') || changed.has('sampleId')) && !this.touched) {
      const ref = this.reference;
      this.text = ref ? [...ref.required, ...ref.likely].join('\n') : '';
    }
    if (!this.setup.endpoints.some((e) => e.name === this.endpointName)) {
      this.endpointName = this.setup.endpoints[0]?.name ?? '';
    }
  }

  private onNotification(message: NotificationMessage): void {
    if (message.method === SamplePanelMethod.runLevelResult && message.params.token === this.token) {
      this.result = message.params.result;
    } else if (message.method === SamplePanelMethod.runFinished && message.params.token === this.token) {
      this.status = message.params.ok ? 'done' : 'failed';
      if (!message.params.ok) this.error = message.params.error;
    }
  }

  private async run(): Promise<void> {
    if (!this.channel || this.text.trim() === '' || this.endpointName === '') return;
    this.status = 'running';
    this.result = null;
    this.error = null;
    const reply = await this.channel.request(SamplePanelMethod.startRun, {
      sampleId: this.sampleId,
      strategy: 'counterfactual',
      level: 'fine',
      endpointName: this.endpointName,
      attributes: this.text,
    });
    if (reply.ok) {
      this.token = reply.value.token;
    } else {
      this.status = 'failed';
      this.error = reply.error;
    }
  }

  override render(): unknown {
    const reason =
      this.setup.disabledReason ??
      (this.hasPredictions
        ? null
        : 'Run a model on this sample first: the counterfactual re-asks its answer.');
    const disabled = reason !== null || this.status === 'running';
    const r = this.result;
    return html`
      <textarea
        data-testid="counterfactual-attributes"
        aria-label="Attributes sent as turn 1, one per line"
        .value=${this.text}
        @input=${(e: Event) => {
          this.touched = true;
          this.text = (e.target as HTMLTextAreaElement).value;
        }}
        @keydown=${(e: KeyboardEvent) => e.stopPropagation()}
      ></textarea>
      <div class="row">
        <vscode-single-select
          aria-label="Endpoint"
          .value=${this.endpointName}
          @change=${(e: Event) => (this.endpointName = (e.target as HTMLSelectElement).value)}
        >
          ${this.setup.endpoints.map((e) => html`<vscode-option value=${e.name}>${e.name}</vscode-option>`)}
        </vscode-single-select>
        <vscode-button data-testid="reclassify" icon="beaker" ?disabled=${disabled} @click=${this.run}
          >Re-classify from these attributes</vscode-button
        >
        ${this.status === 'running' ? html`<span class="muted">asking…</span>` : nothing}
      </div>
      ${reason ? html`<div class="hint" data-testid="counterfactual-hint">${reason}</div>` : nothing}
      ${this.error ? html`<div class="not-fixed" role="alert">${this.error}</div>` : nothing}
      ${
        r
          ? html`<div data-testid="counterfactual-result">
              <div>
                Answer: <strong data-testid="counterfactual-answer">${r.answer ?? '(none)'}</strong> —
                ${
                  r.finerEm === 1
                    ? html`<span class="fixed" data-testid="counterfactual-verdict"
                        >label is right from these attributes</span
                      >`
                    : html`<span class="not-fixed" data-testid="counterfactual-verdict"
                        >label is still wrong</span
                      >`
                }
              </div>
              <fl-score-marks .finerEm=${r.finerEm} .strictEm=${r.strictEm} .f1=${r.f1}></fl-score-marks>
              ${this.status === 'done' ? html`<div class="muted">Saved as a counterfactual run.</div>` : nothing}
            </div>`
          : nothing
      }
    `;
  }
}

customElements.define('fl-counterfactual-runner', CounterfactualRunner);

declare global {
  interface HTMLElementTagNameMap {
    'fl-counterfactual-runner': CounterfactualRunner;
  }
}
