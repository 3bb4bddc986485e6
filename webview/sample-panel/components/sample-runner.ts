// "Run ATTRSEEK / Run direct / Text-only probe" on the shown sample: endpoint and level pickers,
// then each turn as it streams in, then the parsed attributes, the answer and the EM marks per
// level. The result is saved by the host as a one-sample run and shows up under Predictions.
import { css, html, LitElement, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type {
  LabelLevelName,
  NotificationMessage,
  PredictionLevelView,
  RunSetupView,
  SampleRunLevel,
  SampleRunStrategy,
} from '../../../src/shared/samplePanelProtocol';
import { SamplePanelMethod } from '../../../src/shared/samplePanelProtocol';
import type { HostChannel } from '../host-channel';
import './score-marks';

interface LiveLevel {
  level: LabelLevelName;
  /** Text of each turn so far (index 0 = turn 1). */
  turns: string[];
  result: PredictionLevelView | null;
}

type RunStatus = 'idle' | 'starting' | 'running' | 'done' | 'failed';

const STRATEGY_BUTTONS: ReadonlyArray<{
  strategy: SampleRunStrategy;
  label: string;
  icon: string;
  hint: string;
}> = [
  {
    strategy: 'attrseek',
    label: 'Run ATTRSEEK',
    icon: 'play',
    hint: 'Two turns: visible attributes, then the label',
  },
  { strategy: 'direct', label: 'Run direct', icon: 'play', hint: 'One request per level: image -> label' },
  {
    strategy: 'text-only',
    label: 'Text-only probe',
    icon: 'symbol-text',
    hint: 'No image: reference attributes -> fine label',
  },
];

const TURN_NAMES: Record<SampleRunStrategy, string[]> = {
  attrseek: ['Turn 1: attributes', 'Turn 2: answer'],
  direct: ['Response'],
  'text-only': ['Response'],
  counterfactual: ['Attributes given', 'Answer'],
};

export class SampleRunner extends LitElement {
  static override properties = {
    setup: { attribute: false },
    sampleId: { attribute: false },
    endpointName: { state: true },
    level: { state: true },
    status: { state: true },
    strategy: { state: true },
    live: { state: true },
    error: { state: true },
  };

  declare setup: RunSetupView;
  declare sampleId: number;
  declare private endpointName: string;
  declare private level: SampleRunLevel;
  declare private status: RunStatus;
  declare private strategy: SampleRunStrategy;
  declare private live: LiveLevel[];
  declare private error: string | null;
  channel: HostChannel | undefined;
  private token: number | null = null;
  private unsubscribe: (() => void) | undefined;

  constructor() {
    super();
    this.setup = { trusted: false, disabledReason: null, endpoints: [] };
    this.sampleId = -1;
    this.endpointName = '';
    this.level = 'all';
    this.status = 'idle';
    this.strategy = 'attrseek';
    this.live = [];
    this.error = null;
  }

  static override styles = css`
    :host {
      display: block;
    }
    .pickers {
      display: flex;
      flex-wrap: wrap;
      gap: 6px 12px;
      align-items: center;
      margin-bottom: 6px;
    }
    label {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      color: var(--vscode-descriptionForeground);
    }
    vscode-single-select {
      min-width: 120px;
    }
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    .disabled-reason,
    .error {
      display: flex;
      align-items: center;
      gap: 6px;
      margin: 6px 0 0;
      color: var(--vscode-descriptionForeground);
    }
    .error {
      color: var(--vscode-errorForeground);
    }
    .flag {
      display: flex;
      align-items: center;
      gap: 6px;
      margin: 6px 0 0;
      color: var(--vscode-editorWarning-foreground, var(--vscode-descriptionForeground));
    }
    .simulated {
      color: var(--vscode-editorWarning-foreground, var(--vscode-descriptionForeground));
    }
    .live {
      margin-top: 8px;
    }
    .level {
      border-left: 2px solid var(--vscode-textBlockQuote-border, var(--vscode-panel-border));
      padding: 2px 0 2px 8px;
      margin-bottom: 8px;
    }
    .level h3 {
      margin: 0 0 4px;
      font-size: inherit;
      font-weight: 600;
      text-transform: capitalize;
    }
    .turn-name {
      color: var(--vscode-descriptionForeground);
      font-size: 0.9em;
    }
    pre {
      margin: 2px 0 6px;
      padding: 4px 6px;
      white-space: pre-wrap;
      word-break: break-word;
      font-family: var(--vscode-editor-font-family);
      font-size: 0.92em;
      background: var(--vscode-textCodeBlock-background, transparent);
      max-height: 14em;
      overflow-y: auto;
    }
    .answer {
      font-weight: 600;
    }
    .attrs {
      margin: 2px 0 4px;
      padding-left: 18px;
    }
    .status {
      display: flex;
      align-items: center;
      gap: 6px;
      color: var(--vscode-descriptionForeground);
      margin-top: 6px;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.subscribe();
  }

  override disconnectedCallback(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    super.disconnectedCallback();
  }

  override firstUpdated(): void {
    this.subscribe();
  }

  private subscribe(): void {
    if (this.unsubscribe || !this.channel) return;
    this.unsubscribe = this.channel.onNotification((m) => this.onNotification(m));
  }

  override willUpdate(changed: PropertyValues): void {
    // Keep the chosen endpoint while it exists; otherwise default to the first one.
    if (changed.has('setup') && !this.setup.endpoints.some((e) => e.name === this.endpointName)) {
      this.endpointName = this.setup.endpoints[0]?.name ?? '';
    }
    if (changed.has('sampleId') && changed.get('sampleId') !== undefined && this.status !== 'running') {
      this.live = [];
      this.status = 'idle';
      this.error = null;
    }
  }

  private get busy(): boolean {
    return this.status === 'starting' || this.status === 'running';
  }

  private async start(strategy: SampleRunStrategy): Promise<void> {
    if (!this.channel || this.busy || this.endpointName === '') return;
    this.strategy = strategy;
    this.status = 'starting';
    this.error = null;
    this.live = [];
    this.token = null;
    const reply = await this.channel.request(SamplePanelMethod.startRun, {
      sampleId: this.sampleId,
      strategy,
      level: this.level,
      endpointName: this.endpointName,
    });
    if (!reply.ok) {
      this.status = 'failed';
      this.error = reply.error;
      return;
    }
    this.token = reply.value.token;
    if (this.status === 'starting') this.status = 'running';
  }

  private levelEntry(level: LabelLevelName): LiveLevel {
    let entry = this.live.find((l) => l.level === level);
    if (!entry) {
      entry = { level, turns: [], result: null };
      this.live = [...this.live, entry];
    }
    return entry;
  }

  private onNotification(message: NotificationMessage): void {
    if (
      message.method !== SamplePanelMethod.runDelta &&
      message.method !== SamplePanelMethod.runLevelResult &&
      message.method !== SamplePanelMethod.runFinished
    ) {
      return;
    }
    if (this.token !== null && message.params.token !== this.token) return;
    if (!this.busy) return;
    switch (message.method) {
      case SamplePanelMethod.runDelta: {
        const { level, turn, text, reset } = message.params;
        const entry = this.levelEntry(level);
        const turns = [...entry.turns];
        while (turns.length < turn) turns.push('');
        // A retried attempt starts over: what the failed one streamed is dropped, never shown twice.
        turns[turn - 1] = (reset === true ? '' : (turns[turn - 1] ?? '')) + text;
        entry.turns = turns;
        this.live = [...this.live];
        break;
      }
      case SamplePanelMethod.runLevelResult: {
        const entry = this.levelEntry(message.params.result.level);
        entry.result = message.params.result;
        this.live = [...this.live];
        break;
      }
      case SamplePanelMethod.runFinished:
        this.status = message.params.ok ? 'done' : 'failed';
        this.error = message.params.ok ? null : message.params.error;
        break;
    }
  }

  override render(): unknown {
    const { trusted, disabledReason, endpoints } = this.setup;
    const canRun = trusted && endpoints.length > 0 && !this.busy;
    const reason = disabledReason ?? (this.busy ? 'A run is in progress.' : '');
    const chosen = endpoints.find((e) => e.name === this.endpointName);
    return html`
      <div class="pickers">
        <label
          >Endpoint
          <vscode-single-select
            data-testid="run-endpoint"
            ?disabled=${!trusted || endpoints.length === 0}
            .value=${this.endpointName}
            @change=${(e: Event) => (this.endpointName = (e.target as HTMLSelectElement).value)}
          >
            ${endpoints.map(
              (e) =>
                html`<vscode-option value=${e.name} ?selected=${e.name === this.endpointName}
                  >${e.name}${e.simulated ? ' (simulated)' : ''}</vscode-option
                >`,
            )}
          </vscode-single-select>
        </label>
        <label
          >Level
          <vscode-single-select
            data-testid="run-level"
            .value=${this.level}
            @change=${(e: Event) => (this.level = (e.target as HTMLSelectElement).value as SampleRunLevel)}
          >
            <vscode-option value="all" ?selected=${this.level === 'all'}>all</vscode-option>
            <vscode-option value="superordinate" ?selected=${this.level === 'superordinate'}
              >superordinate (direct only)</vscode-option
            >
            <vscode-option value="coarse" ?selected=${this.level === 'coarse'}>coarse</vscode-option>
            <vscode-option value="fine" ?selected=${this.level === 'fine'}>fine</vscode-option>
          </vscode-single-select>
        </label>
        ${
          chosen?.simulated
            ? html`<span class="simulated" data-testid="simulated-endpoint"
                ><vscode-icon name="beaker"></vscode-icon> ${chosen.model} is a simulated model</span
              >`
            : nothing
        }
      </div>
      <div class="buttons">
        ${STRATEGY_BUTTONS.map(
          (b) =>
            html`<vscode-button
              data-testid=${`run-${b.strategy}`}
              icon=${b.icon}
              ?secondary=${b.strategy !== 'attrseek'}
              ?disabled=${!canRun}
              title=${canRun ? b.hint : reason || b.hint}
              @click=${() => void this.start(b.strategy)}
              >${b.label}</vscode-button
            >`,
        )}
      </div>
      ${
        !trusted || endpoints.length === 0
          ? html`<p class="disabled-reason" data-testid="run-disabled-reason">
              <vscode-icon name=${trusted ? 'info' : 'shield'}></vscode-icon>${disabledReason ?? ''}
            </p>`
          : nothing
      }
      ${this.renderLive()}
    `;
  }

  private renderLive(): unknown {
    if (this.status === 'idle') return nothing;
    const turnNames = TURN_NAMES[this.strategy];
    return html`<div class="live" data-testid="live-run" data-status=${this.status}>
      ${this.live.map(
        (l) =>
          html`<div class="level" data-testid=${`live-level-${l.level}`}>
            <h3>${l.level}</h3>
            ${l.turns.map(
              (text, i) =>
                html`<div class="turn-name">${turnNames[i] ?? `Turn ${i + 1}`}</div>
                  <pre data-testid=${`live-turn-${i + 1}`}>${text}</pre>`,
            )}
            ${l.result ? this.renderResult(l.result) : nothing}
          </div>`,
      )}
      ${
        this.busy
          ? html`<div class="status"><vscode-icon name="loading" spin></vscode-icon>Running…</div>`
          : nothing
      }
      ${
        this.error
          ? html`<p class="error" role="alert" data-testid="run-error">
              <vscode-icon name="error"></vscode-icon>${this.error}
            </p>`
          : nothing
      }
      ${
        this.status === 'done'
          ? html`<div class="status" data-testid="run-saved">
              <vscode-icon name="check"></vscode-icon>Saved as a one-sample run (see Predictions).
            </div>`
          : nothing
      }
    </div>`;
  }

  private renderResult(r: PredictionLevelView): unknown {
    return html`<div data-testid="live-result">
      ${
        r.attributes && r.attributes.length > 0
          ? html`<div class="turn-name">Parsed attributes</div>
              <ul class="attrs" data-testid="live-attributes">
                ${r.attributes.map((a) => html`<li>${a}</li>`)}
              </ul>`
          : nothing
      }
      ${
        r.error
          ? html`<p class="error"><vscode-icon name="error"></vscode-icon>${r.error}</p>`
          : r.refusal !== null
            ? html`<p class="flag" data-testid="live-refusal">
                <vscode-icon name="circle-slash"></vscode-icon>Refused (not scored): ${r.refusal}
              </p>`
            : html`<div>Answer: <span class="answer" data-testid="live-answer">${r.answer ?? ''}</span></div>`
      }
      ${
        r.finishReason === 'length'
          ? html`<p class="flag" data-testid="live-truncated">
              <vscode-icon name="warning"></vscode-icon>Truncated at the token limit; scored as given
            </p>`
          : nothing
      }
      <fl-score-marks .finerEm=${r.finerEm} .strictEm=${r.strictEm} .f1=${r.f1}></fl-score-marks>
    </div>`;
  }
}

customElements.define('fl-sample-runner', SampleRunner);

declare global {
  interface HTMLElementTagNameMap {
    'fl-sample-runner': SampleRunner;
  }
}
