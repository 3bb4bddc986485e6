// The sample's free-text note: shown as text, edited in a textarea (n focuses it; Ctrl+Enter
// or the button saves, Escape leaves). Over NOTE_MAX_CHARS the host refuses with a message.
import { css, html, LitElement, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { NOTE_MAX_CHARS } from '../../../src/shared/samplePanelProtocol';

export interface SaveNoteDetail {
  text: string;
}

export class NoteEditor extends LitElement {
  static override properties = {
    note: { attribute: false },
    error: { attribute: false },
    draft: { state: true },
  };

  declare note: string | null;
  /** Set by the root after the host refused the note. */
  declare error: string | null;
  declare private draft: string;

  constructor() {
    super();
    this.note = null;
    this.error = null;
    this.draft = '';
  }

  static override styles = css`
    :host {
      display: block;
      margin-top: 8px;
    }
    textarea {
      box-sizing: border-box;
      width: 100%;
      min-height: 4.5em;
      resize: vertical;
      font: inherit;
      color: var(--vscode-input-foreground);
      background: var(--vscode-input-background);
      border: 1px solid var(--vscode-input-border, var(--vscode-panel-border, transparent));
      padding: 4px 6px;
    }
    textarea:focus {
      outline: 1px solid var(--vscode-focusBorder);
      outline-offset: -1px;
    }
    .row {
      display: flex;
      align-items: center;
      gap: 8px;
      margin-top: 4px;
    }
    .state {
      color: var(--vscode-descriptionForeground);
    }
    .count {
      color: var(--vscode-descriptionForeground);
      font-size: 0.9em;
      font-variant-numeric: tabular-nums;
    }
    .count.over {
      color: var(--vscode-errorForeground);
    }
    .error {
      color: var(--vscode-errorForeground);
    }
  `;

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new note from the host replaces the draft unless the user is typing.
    if (changed.has('note') && !this.matches(':focus-within')) this.draft = this.note ?? '';
  }

  /** Focuses the textarea (the n key). */
  focusEditor(): void {
    const area = this.renderRoot.querySelector('textarea');
    area?.focus();
  }

  private save(): void {
    this.dispatchEvent(
      new CustomEvent<SaveNoteDetail>('save-note', {
        detail: { text: this.draft },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private onKeyDown(event: KeyboardEvent): void {
    event.stopPropagation();
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.save();
    } else if (event.key === 'Escape') {
      (event.target as HTMLTextAreaElement).blur();
    }
  }

  override render(): unknown {
    const over = this.draft.length > NOTE_MAX_CHARS;
    const dirty = this.draft !== (this.note ?? '');
    return html`
      <textarea
        data-testid="note-input"
        aria-label="Note"
        placeholder="Note (n to focus, Ctrl+Enter to save)"
        .value=${this.draft}
        @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}
        @keydown=${this.onKeyDown}
      ></textarea>
      <div class="row">
        <vscode-button data-testid="save-note" ?disabled=${!dirty} @click=${this.save}
          >Save note</vscode-button
        >
        <span class="count ${over ? 'over' : ''}"
          >${this.draft.length.toLocaleString('en-US')} / ${NOTE_MAX_CHARS.toLocaleString('en-US')}</span
        >
        <span class="state" data-testid="note-state" aria-live="polite"
          >${this.error ? nothing : dirty ? 'Unsaved changes' : this.note ? 'Saved' : ''}</span
        >
        ${this.error ? html`<span class="error" role="alert" data-testid="note-error">${this.error}</span>` : nothing}
      </div>
    `;
  }
}

customElements.define('fl-note-editor', NoteEditor);

declare global {
  interface HTMLElementTagNameMap {
    'fl-note-editor': NoteEditor;
  }
}
