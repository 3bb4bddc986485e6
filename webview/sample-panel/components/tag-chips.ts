// Failure-mode tag chips of the sample (click or 1-9 toggles) and the tags the run results
// suggest, each with accept / reject. Tag names are workspace data: rendered as text.
import { css, html, LitElement, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import type { TagChipView, TagSuggestionView } from '../../../src/shared/sampleReviewTypes';
import { cssVariable } from '../css-variable';

export interface ToggleTagDetail {
  tagId: number;
}
export interface DecideSuggestionDetail {
  tagId: number;
  runId: number;
  decision: 'accept' | 'reject';
}

export class TagChips extends LitElement {
  static override properties = {
    chips: { attribute: false },
    suggestions: { attribute: false },
    busy: { type: Boolean },
  };

  declare chips: TagChipView[];
  declare suggestions: TagSuggestionView[];
  declare busy: boolean;

  constructor() {
    super();
    this.chips = [];
    this.suggestions = [];
    this.busy = false;
  }

  static override styles = css`
    :host {
      display: block;
    }
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
    }
    button.chip {
      --chip: var(--vscode-badge-background);
      display: inline-flex;
      align-items: center;
      gap: 4px;
      font: inherit;
      font-size: 0.92em;
      padding: 1px 8px 1px 4px;
      border-radius: 10px;
      cursor: pointer;
      color: var(--vscode-foreground);
      background: transparent;
      border: 1px solid color-mix(in srgb, var(--chip) 60%, transparent);
    }
    button.chip[aria-pressed='true'] {
      background: color-mix(in srgb, var(--chip) 28%, transparent);
      border-color: var(--chip);
      font-weight: 600;
    }
    button.chip:focus-visible {
      outline: 1px solid var(--vscode-focusBorder);
      outline-offset: 1px;
    }
    .dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: var(--chip);
    }
    kbd {
      font-family: var(--vscode-editor-font-family);
      font-size: 0.85em;
      color: var(--vscode-descriptionForeground);
    }
    .suggestions {
      margin: 8px 0 0;
      padding: 0;
      list-style: none;
    }
    .suggestion {
      display: grid;
      grid-template-columns: auto 1fr auto auto;
      align-items: center;
      gap: 0 6px;
      padding: 2px 0;
    }
    .suggestion .reason {
      grid-column: 2 / -1;
      color: var(--vscode-descriptionForeground);
      font-size: 0.92em;
    }
    .status {
      font-size: 0.9em;
      color: var(--vscode-descriptionForeground);
    }
    .heading {
      font-size: 0.9em;
      color: var(--vscode-descriptionForeground);
      margin-top: 8px;
    }
    .empty {
      color: var(--vscode-descriptionForeground);
      font-style: italic;
    }
  `;

  private toggle(tagId: number): void {
    this.dispatchEvent(
      new CustomEvent<ToggleTagDetail>('toggle-tag', { detail: { tagId }, bubbles: true, composed: true }),
    );
  }

  private decide(tagId: number, runId: number, decision: 'accept' | 'reject'): void {
    this.dispatchEvent(
      new CustomEvent<DecideSuggestionDetail>('decide-suggestion', {
        detail: { tagId, runId, decision },
        bubbles: true,
        composed: true,
      }),
    );
  }

  override render(): unknown {
    const pending = this.suggestions.filter((s) => s.status === 'pending');
    const decided = this.suggestions.filter((s) => s.status !== 'pending');
    return html`
      <div class="chips" data-testid="tag-chips" role="group" aria-label="Failure-mode tags">
        ${
          this.chips.length === 0
            ? html`<span class="empty">No tags defined: run "Finer Lens: Add Tag".</span>`
            : this.chips.map(
                (chip) =>
                  html`<button
                    class="chip"
                    data-testid="tag-chip"
                    data-tag=${chip.name}
                    aria-pressed=${chip.active ? 'true' : 'false'}
                    ${cssVariable('--chip', chip.color)}
                    title=${chip.shortcut ? `Toggle with ${chip.shortcut}` : 'Toggle'}
                    ?disabled=${this.busy}
                    @click=${() => this.toggle(chip.id)}
                  >
                    <span class="dot"></span
                    >${chip.name}${chip.shortcut ? html` <kbd>${chip.shortcut}</kbd>` : nothing}
                  </button>`,
              )
        }
      </div>
      ${
        pending.length > 0
          ? html`<div class="heading">
                Suggested from run results (<kbd>a</kbd> accept, <kbd>x</kbd> reject)
              </div>
              <ul class="suggestions" data-testid="suggestions">
                ${pending.map(
                  (s, i) =>
                    html`<li class="suggestion" data-testid="suggestion" data-tag=${s.tagName}>
                      <vscode-icon name=${i === 0 ? 'lightbulb' : 'circle-small'}></vscode-icon>
                      <strong>${s.tagName}</strong>
                      <vscode-toolbar-button
                        icon="check"
                        label="Accept suggestion"
                        data-testid="accept-suggestion"
                        @click=${() => this.decide(s.tagId, s.runId, 'accept')}
                      ></vscode-toolbar-button>
                      <vscode-toolbar-button
                        icon="close"
                        label="Reject suggestion"
                        data-testid="reject-suggestion"
                        @click=${() => this.decide(s.tagId, s.runId, 'reject')}
                      ></vscode-toolbar-button>
                      <span class="reason">${s.reason}</span>
                    </li>`,
                )}
              </ul>`
          : nothing
      }
      ${
        decided.length > 0
          ? html`<div class="status" data-testid="decided-suggestions">
              ${decided.map((s) => `${s.tagName}: ${s.status}`).join(' · ')}
            </div>`
          : nothing
      }
    `;
  }
}

customElements.define('fl-tag-chips', TagChips);

declare global {
  interface HTMLElementTagNameMap {
    'fl-tag-chips': TagChips;
  }
}
