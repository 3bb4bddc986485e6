// Every run's predictions on this sample, grouped by level: answer, EM marks (metric named),
// latency and tokens, with the resolved prompt and the raw response on demand.
import { css, html, LitElement, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import type {
  LabelLevelName,
  PredictionLevelView,
  SamplePredictionsView,
} from '../../../src/shared/samplePanelProtocol';
import './score-marks';

const LEVEL_ORDER: readonly LabelLevelName[] = ['superordinate', 'coarse', 'fine'];

export class PredictionList extends LitElement {
  static override properties = {
    runs: { attribute: false },
  };

  declare runs: SamplePredictionsView[];

  constructor() {
    super();
    this.runs = [];
  }

  static override styles = css`
    :host {
      display: block;
    }
    h3 {
      margin: 8px 0 4px;
      font-size: inherit;
      font-weight: 600;
      text-transform: capitalize;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      padding: 4px 0 6px;
      border-bottom: 1px solid color-mix(in srgb, var(--vscode-foreground) 10%, transparent);
    }
    .run {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 2px 8px;
      color: var(--vscode-descriptionForeground);
    }
    .answer {
      color: var(--vscode-foreground);
      font-weight: 600;
      margin: 2px 0;
    }
    .error {
      color: var(--vscode-errorForeground);
    }
    .flag {
      color: var(--vscode-editorWarning-foreground, var(--vscode-descriptionForeground));
      display: flex;
      align-items: center;
      gap: 4px;
    }
    .numbers {
      color: var(--vscode-descriptionForeground);
      font-variant-numeric: tabular-nums;
    }
    .resolution {
      color: var(--vscode-descriptionForeground);
      font-style: italic;
    }
    .simulated {
      color: var(--vscode-editorWarning-foreground, var(--vscode-descriptionForeground));
      display: inline-flex;
      align-items: center;
      gap: 2px;
    }
    details {
      margin-top: 4px;
    }
    summary {
      cursor: pointer;
      color: var(--vscode-textLink-foreground);
    }
    summary:focus-visible {
      outline: 1px solid var(--vscode-focusBorder);
    }
    pre {
      margin: 4px 0;
      padding: 4px 6px;
      white-space: pre-wrap;
      word-break: break-word;
      font-family: var(--vscode-editor-font-family);
      font-size: 0.92em;
      background: var(--vscode-textCodeBlock-background, transparent);
      max-height: 20em;
      overflow-y: auto;
    }
    .label {
      color: var(--vscode-descriptionForeground);
      font-size: 0.9em;
    }
    .empty {
      color: var(--vscode-descriptionForeground);
      font-style: italic;
    }
  `;

  override render(): unknown {
    if (this.runs.length === 0) {
      return html`<p class="empty">
        No predictions yet. Run a model on this sample with the run controls, or run a dataset.
      </p>`;
    }
    return LEVEL_ORDER.map((level) => {
      const rows = this.runs.flatMap((run) =>
        run.levels.filter((l) => l.level === level).map((prediction) => ({ run, prediction })),
      );
      if (rows.length === 0) return nothing;
      return html`<h3>${level}</h3>
        <ul data-testid=${`predictions-${level}`}>
          ${rows.map(({ run, prediction }) => this.renderRow(run, prediction))}
        </ul>`;
    });
  }

  private renderRow(run: SamplePredictionsView, p: PredictionLevelView): unknown {
    const tokens =
      p.inputTokens !== null || p.outputTokens !== null
        ? `${p.inputTokens ?? 0} in / ${p.outputTokens ?? 0} out tokens`
        : null;
    return html`<li data-testid="prediction" data-run-id=${String(run.runId)}>
      <div class="run">
        <span title=${run.createdAt}>Run ${run.runId} · ${run.strategy}</span>
        <span>${run.model}</span>
        <span data-testid="prediction-protocol" title="Prompt protocol and template hash"
          >${run.protocol} · ${run.templateHash}</span
        >
        ${
          run.simulated
            ? html`<span class="simulated" data-testid="simulated-marker"
                ><vscode-icon name="beaker"></vscode-icon>(simulated)</span
              >`
            : nothing
        }
      </div>
      ${
        p.error
          ? html`<div class="error">Error: ${p.error}</div>`
          : p.refusal !== null
            ? html`<div class="flag" data-testid="prediction-refusal">
                Refused (not scored): ${p.refusal}
              </div>`
            : html`<div class="answer" data-testid="prediction-answer">${p.answer ?? ''}</div>`
      }
      ${
        p.finishReason === 'length'
          ? html`<div class="flag" data-testid="prediction-truncated">
              <vscode-icon name="warning"></vscode-icon>Truncated at the token limit (finish_reason "length");
              scored as given
            </div>`
          : nothing
      }
      <fl-score-marks .finerEm=${p.finerEm} .strictEm=${p.strictEm} .f1=${p.f1}></fl-score-marks>
      ${p.resolution ? html`<div class="resolution" data-testid="prediction-resolution">${p.resolution}</div>` : nothing}
      <div class="numbers">
        ${p.latencyMs !== null ? `${Math.round(p.latencyMs)} ms` : ''}${tokens ? ` · ${tokens}` : ''}
      </div>
      <details>
        <summary>Prompt and raw response</summary>
        ${
          p.attributes && p.attributes.length > 0
            ? html`<div class="label">Parsed attributes</div>
                <pre>${p.attributes.join('\n')}</pre>`
            : nothing
        }
        <div class="label">Resolved prompt</div>
        <pre data-testid="prediction-prompt">${p.promptText}</pre>
        ${
          p.turn1Raw !== null
            ? html`<div class="label">Turn 1 response (attributes)</div>
                <pre>${p.turn1Raw}</pre>`
            : nothing
        }
        <div class="label">Raw response</div>
        <pre data-testid="prediction-raw">${p.rawResponse ?? '(none)'}</pre>
      </details>
    </li>`;
  }
}

customElements.define('fl-prediction-list', PredictionList);

declare global {
  interface HTMLElementTagNameMap {
    'fl-prediction-list': PredictionList;
  }
}
