// The modality gap of this sample: an image run and a text-only probe compared at fine level.
import { css, html, LitElement, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import type { ModalityGapView } from '../../../src/shared/sampleReviewTypes';

const ICONS: Record<ModalityGapView['direction'], string> = {
  'text-not-image': 'eye-closed',
  'image-not-text': 'eye',
  'both-correct': 'pass',
  'both-wrong': 'error',
};

export class ModalityBadge extends LitElement {
  static override properties = {
    gap: { attribute: false },
  };

  declare gap: ModalityGapView | null;

  constructor() {
    super();
    this.gap = null;
  }

  static override styles = css`
    :host {
      display: block;
    }
    .badge {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      padding: 2px 8px;
      border-radius: 10px;
      border: 1px solid var(--vscode-contrastBorder, transparent);
      background: var(--vscode-badge-background);
      color: var(--vscode-badge-foreground);
    }
    .badge.gap {
      background: color-mix(in srgb, var(--vscode-charts-orange) 30%, transparent);
      color: var(--vscode-foreground);
    }
    .runs {
      margin-top: 4px;
      color: var(--vscode-descriptionForeground);
      font-size: 0.9em;
    }
  `;

  override render(): unknown {
    const g = this.gap;
    if (!g) return nothing;
    const isGap = g.direction === 'text-not-image' || g.direction === 'image-not-text';
    return html`<span
        class="badge ${isGap ? 'gap' : ''}"
        data-testid="modality-gap"
        data-direction=${g.direction}
        ><vscode-icon name=${ICONS[g.direction]}></vscode-icon>${g.message}</span
      >
      <div class="runs">
        Image run “${g.imageRunName}” answered “${g.imageAnswer ?? '—'}”; text-only probe “${g.textRunName}”
        answered “${g.textAnswer ?? '—'}”.
      </div>`;
  }
}

customElements.define('fl-modality-badge', ModalityBadge);

declare global {
  interface HTMLElementTagNameMap {
    'fl-modality-badge': ModalityBadge;
  }
}
