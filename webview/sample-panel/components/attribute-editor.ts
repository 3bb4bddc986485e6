// The concept's reference attributes, read-only or (e) in edit mode: add, edit, remove,
// reorder (buttons or drag), move between required and likely, undo / redo, revert to the
// imported values, with an optional reason. Every change is a request to the host, which
// records it in the history. Attribute text is data: rendered as text, never as HTML.
import { css, html, LitElement, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import type { ReferenceAttributesView } from '../../../src/shared/samplePanelProtocol';
import type {
  AttributeEditingView,
  AttributeEditOp,
  AttributeListName,
} from '../../../src/shared/sampleReviewTypes';
import './attribute-list';

export interface AttributeEditDetail {
  edit: AttributeEditOp;
  reason: string | null;
}

const LISTS: ReadonlyArray<{ list: AttributeListName; heading: string; hint: string }> = [
  { list: 'required', heading: 'Required', hint: 'discriminative, visible' },
  { list: 'likely', heading: 'Likely', hint: 'may or may not be visible' },
];

export class AttributeEditor extends LitElement {
  static override properties = {
    reference: { attribute: false },
    editing: { attribute: false },
    editMode: { type: Boolean },
    error: { attribute: false },
    reason: { state: true },
  };

  declare reference: ReferenceAttributesView | null;
  declare editing: AttributeEditingView | null;
  declare editMode: boolean;
  declare error: string | null;
  declare private reason: string;
  private dragged: { list: AttributeListName; index: number } | null = null;

  constructor() {
    super();
    this.reference = null;
    this.editing = null;
    this.editMode = false;
    this.error = null;
    this.reason = '';
  }

  static override styles = css`
    :host {
      display: block;
    }
    fl-attribute-list + fl-attribute-list {
      margin-top: 8px;
    }
    h3 {
      margin: 8px 0 4px;
      font-size: inherit;
      font-weight: 600;
    }
    .hint {
      font-weight: normal;
      color: var(--vscode-descriptionForeground);
    }
    ol {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    li {
      display: flex;
      align-items: center;
      gap: 2px;
      padding: 1px 0;
    }
    li.drop {
      box-shadow: 0 -2px 0 var(--vscode-focusBorder);
    }
    .grip {
      cursor: grab;
      color: var(--vscode-descriptionForeground);
    }
    input {
      flex: 1;
      min-width: 0;
      font: inherit;
      color: var(--vscode-input-foreground);
      background: var(--vscode-input-background);
      border: 1px solid var(--vscode-input-border, transparent);
      padding: 2px 4px;
    }
    input:focus {
      outline: 1px solid var(--vscode-focusBorder);
      outline-offset: -1px;
    }
    .add {
      display: flex;
      gap: 4px;
      margin-top: 2px;
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px;
      margin: 8px 0 4px;
    }
    .toolbar input {
      flex: 1 1 160px;
    }
    .meta,
    .empty {
      color: var(--vscode-descriptionForeground);
      font-size: 0.9em;
    }
    .error {
      color: var(--vscode-errorForeground);
    }
  `;

  private emit(edit: AttributeEditOp): void {
    const reason = this.reason.trim();
    this.dispatchEvent(
      new CustomEvent<AttributeEditDetail>('attribute-edit', {
        detail: { edit, reason: reason === '' ? null : reason },
        bubbles: true,
        composed: true,
      }),
    );
  }

  override render(): unknown {
    const ref = this.reference;
    if (!ref) return nothing;
    if (!this.editMode) {
      return html`${LISTS.map(
        ({ list, heading, hint }) =>
          html`<fl-attribute-list
            heading=${heading}
            hint=${hint}
            testid=${`attr-${list}`}
            .items=${ref[list]}
          ></fl-attribute-list>`,
      )}`;
    }
    const editing = this.editing;
    return html`
      <div class="toolbar" data-testid="attribute-editor">
        <vscode-button
          icon="discard"
          secondary
          data-testid="attr-undo"
          ?disabled=${!editing?.canUndo}
          @click=${() => this.emit({ op: 'undo' })}
          >Undo</vscode-button
        >
        <vscode-button
          icon="redo"
          secondary
          data-testid="attr-redo"
          ?disabled=${!editing?.canRedo}
          @click=${() => this.emit({ op: 'redo' })}
          >Redo</vscode-button
        >
        <vscode-button
          icon="history"
          secondary
          data-testid="attr-revert"
          ?disabled=${!editing?.edited}
          @click=${() => this.emit({ op: 'revert' })}
          >Revert to imported</vscode-button
        >
        <input
          data-testid="attr-reason"
          aria-label="Reason for the change (optional)"
          placeholder="Reason (optional)"
          .value=${this.reason}
          @input=${(e: Event) => (this.reason = (e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => e.stopPropagation()}
        />
      </div>
      ${editing ? html`<div class="meta">Changes are recorded as ${editing.actor} · ${editing.changeCount} so far</div>` : nothing}
      ${this.error ? html`<div class="error" role="alert" data-testid="attr-error">${this.error}</div>` : nothing}
      ${LISTS.map(({ list, heading, hint }) => this.renderList(list, heading, hint, ref[list]))}
    `;
  }

  private renderList(list: AttributeListName, heading: string, hint: string, items: string[]): unknown {
    const other = list === 'required' ? 'likely' : 'required';
    return html`<h3>${heading} <span class="hint">${hint}</span></h3>
      <ol data-testid=${`edit-${list}`}>
        ${items.map(
          (text, index) =>
            html`<li
              draggable="true"
              data-testid="edit-attribute"
              @dragstart=${() => (this.dragged = { list, index })}
              @dragover=${(e: DragEvent) => {
                if (this.dragged?.list === list) e.preventDefault();
              }}
              @drop=${(e: DragEvent) => {
                e.preventDefault();
                const from = this.dragged;
                this.dragged = null;
                if (from && from.list === list && from.index !== index) {
                  this.emit({ op: 'reorder', list, from: from.index, to: index });
                }
              }}
            >
              <span class="grip" aria-hidden="true">⋮⋮</span>
              <input
                data-testid="attr-text"
                aria-label=${`${heading} attribute ${index + 1}`}
                .value=${text}
                @keydown=${(e: KeyboardEvent) => {
                  e.stopPropagation();
                  if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
                  if (e.key === 'Escape') {
                    (e.target as HTMLInputElement).value = text;
                    (e.target as HTMLInputElement).blur();
                  }
                }}
                @change=${(e: Event) => {
                  const value = (e.target as HTMLInputElement).value.trim();
                  if (value !== '' && value !== text) this.emit({ op: 'edit', list, index, text: value });
                }}
              />
              <vscode-toolbar-button
                icon="arrow-up"
                label="Move up"
                ?disabled=${index === 0}
                @click=${() => this.emit({ op: 'reorder', list, from: index, to: index - 1 })}
              ></vscode-toolbar-button>
              <vscode-toolbar-button
                icon="arrow-down"
                label="Move down"
                ?disabled=${index === items.length - 1}
                @click=${() => this.emit({ op: 'reorder', list, from: index, to: index + 1 })}
              ></vscode-toolbar-button>
              <vscode-toolbar-button
                icon="arrow-swap"
                label=${`Move to ${other}`}
                data-testid="attr-move"
                @click=${() => this.emit({ op: 'move', list, index })}
              ></vscode-toolbar-button>
              <vscode-toolbar-button
                icon="trash"
                label="Remove"
                data-testid="attr-remove"
                @click=${() => this.emit({ op: 'remove', list, index })}
              ></vscode-toolbar-button>
            </li>`,
        )}
        ${items.length === 0 ? html`<li class="empty">No attributes</li>` : nothing}
      </ol>
      <div class="add">
        <input
          data-testid=${`attr-add-${list}`}
          aria-label=${`Add a ${list} attribute`}
          placeholder=${`Add a ${list} attribute, Enter to add`}
          @keydown=${(e: KeyboardEvent) => {
            e.stopPropagation();
            const input = e.target as HTMLInputElement;
            if (e.key === 'Enter' && input.value.trim() !== '') {
              this.emit({ op: 'add', list, text: input.value.trim() });
              input.value = '';
            }
          }}
        />
      </div>`;
  }
}

customElements.define('fl-attribute-editor', AttributeEditor);

declare global {
  interface HTMLElementTagNameMap {
    'fl-attribute-editor': AttributeEditor;
  }
}
