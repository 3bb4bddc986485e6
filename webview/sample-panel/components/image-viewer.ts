// The sample image: fit to the panel by default, zoom with the toolbar or the mouse wheel
// (around the pointer), drag to pan, double-click to toggle fit / actual size.
import { css, html, LitElement } from 'lit';
import type { PropertyValues } from 'lit';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import type { ZoomSetting } from '../../../src/shared/samplePanelProtocol';

const MIN_SCALE = 0.05;
const MAX_SCALE = 32;
const STEP = 1.25;

export class ImageViewer extends LitElement {
  static override properties = {
    src: { attribute: false },
    alt: { type: String },
    missingPath: { attribute: false },
    problem: { attribute: false },
    zoom: { attribute: false },
    natural: { state: true },
    viewport: { state: true },
    offset: { state: true },
    dragging: { state: true },
  };

  declare src: string | null;
  declare alt: string;
  /** Shown when `src` is null: the path that could not be found. */
  declare missingPath: string;
  /** Why the host gave no image (e.g. it resolves outside the dataset root); default "not found". */
  declare problem: string;
  declare zoom: ZoomSetting;
  declare private natural: { w: number; h: number } | null;
  declare private viewport: { w: number; h: number };
  declare private offset: { x: number; y: number };
  declare private dragging: boolean;

  private dragStart: { px: number; py: number; x: number; y: number } | null = null;
  private readonly resizeObserver = new ResizeObserver((entries) => {
    const box = entries[0]?.contentRect;
    if (box) this.viewport = { w: box.width, h: box.height };
  });

  constructor() {
    super();
    this.src = null;
    this.alt = '';
    this.missingPath = '';
    this.problem = '';
    this.zoom = 'fit';
    this.natural = null;
    this.viewport = { w: 0, h: 0 };
    this.offset = { x: 0, y: 0 };
    this.dragging = false;
  }

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      border: 1px solid var(--vscode-panel-border, transparent);
      outline: 1px solid var(--vscode-contrastBorder, transparent);
    }
    .toolbar {
      display: flex;
      align-items: center;
      gap: 2px;
      padding: 2px 4px;
      border-bottom: 1px solid var(--vscode-panel-border, transparent);
    }
    .scale {
      margin-left: auto;
      color: var(--vscode-descriptionForeground);
      font-variant-numeric: tabular-nums;
    }
    .viewport {
      position: relative;
      flex: 1;
      min-height: 0;
      overflow: hidden;
      cursor: grab;
      background: color-mix(in srgb, var(--vscode-foreground) 4%, var(--vscode-editor-background));
      touch-action: none;
    }
    .viewport.dragging {
      cursor: grabbing;
    }
    img {
      position: absolute;
      left: 0;
      top: 0;
      transform-origin: 0 0;
      user-select: none;
      -webkit-user-drag: none;
      image-rendering: auto;
    }
    .missing {
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 8px;
      height: 100%;
      padding: 16px;
      box-sizing: border-box;
      text-align: center;
      color: var(--vscode-descriptionForeground);
      word-break: break-all;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-observe after a reconnect; firstUpdated only runs once.
    const viewport = this.renderRoot.querySelector?.('.viewport');
    if (viewport) this.resizeObserver.observe(viewport);
  }

  override disconnectedCallback(): void {
    this.resizeObserver.disconnect();
    super.disconnectedCallback();
  }

  override firstUpdated(): void {
    const viewport = this.renderRoot.querySelector('.viewport');
    if (viewport) this.resizeObserver.observe(viewport);
  }

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('src')) this.natural = null;
    // Keep the image centred whenever the scale is recomputed from outside (fit, restore).
    if (changed.has('zoom') || changed.has('natural') || (changed.has('viewport') && this.zoom === 'fit')) {
      this.offset = this.centredOffset(this.scale());
    }
  }

  /** The scale actually applied: the fit scale, or the explicit zoom. */
  scale(): number {
    if (this.zoom !== 'fit') return this.zoom;
    if (!this.natural || this.viewport.w === 0 || this.viewport.h === 0) return 1;
    return Math.min(this.viewport.w / this.natural.w, this.viewport.h / this.natural.h);
  }

  private centredOffset(scale: number): { x: number; y: number } {
    if (!this.natural) return { x: 0, y: 0 };
    return {
      x: (this.viewport.w - this.natural.w * scale) / 2,
      y: (this.viewport.h - this.natural.h * scale) / 2,
    };
  }

  private setZoom(zoom: ZoomSetting): void {
    this.zoom = zoom;
    this.dispatchEvent(
      new CustomEvent<ZoomSetting>('zoom-change', { detail: zoom, bubbles: true, composed: true }),
    );
  }

  /** Zooms by `factor` keeping the point (cx, cy) of the viewport still. */
  private zoomAround(factor: number, cx = this.viewport.w / 2, cy = this.viewport.h / 2): void {
    const old = this.scale();
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, old * factor));
    const ratio = next / old;
    const offset = { x: cx - (cx - this.offset.x) * ratio, y: cy - (cy - this.offset.y) * ratio };
    this.setZoom(next);
    // setZoom re-centres in willUpdate; restore the pointer-anchored offset after it.
    void this.updateComplete.then(() => {
      this.offset = offset;
    });
  }

  private onWheel(event: WheelEvent): void {
    if (!this.natural) return;
    event.preventDefault();
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    this.zoomAround(event.deltaY < 0 ? STEP : 1 / STEP, event.clientX - rect.left, event.clientY - rect.top);
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0 || !this.natural) return;
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    this.dragStart = { px: event.clientX, py: event.clientY, x: this.offset.x, y: this.offset.y };
    this.dragging = true;
  }

  private onPointerMove(event: PointerEvent): void {
    if (!this.dragStart) return;
    this.offset = {
      x: this.dragStart.x + event.clientX - this.dragStart.px,
      y: this.dragStart.y + event.clientY - this.dragStart.py,
    };
  }

  private onPointerUp(): void {
    this.dragStart = null;
    this.dragging = false;
  }

  private onLoad(event: Event): void {
    const img = event.currentTarget as HTMLImageElement;
    this.natural = { w: img.naturalWidth, h: img.naturalHeight };
  }

  /**
   * Positions the image through the CSSOM: a style attribute (lit's styleMap on first render)
   * would be blocked by the panel's CSP, which has no 'unsafe-inline'.
   */
  override updated(): void {
    const img = this.renderRoot.querySelector<HTMLImageElement>('img');
    if (!img) return;
    img.style.transform = `translate(${this.offset.x}px, ${this.offset.y}px) scale(${this.scale()})`;
    img.style.visibility = this.natural ? 'visible' : 'hidden';
  }

  override render(): unknown {
    const scale = this.scale();
    return html`
      <div class="toolbar" role="toolbar" aria-label="Image zoom">
        <vscode-toolbar-button
          icon="zoom-out"
          label="Zoom Out"
          @click=${() => this.zoomAround(1 / STEP)}
        ></vscode-toolbar-button>
        <vscode-toolbar-button
          icon="zoom-in"
          label="Zoom In"
          @click=${() => this.zoomAround(STEP)}
        ></vscode-toolbar-button>
        <vscode-toolbar-button
          icon="screen-normal"
          label="Fit to Panel"
          @click=${() => this.setZoom('fit')}
        ></vscode-toolbar-button>
        <vscode-toolbar-button
          icon="screen-full"
          label="Actual Size"
          @click=${() => this.setZoom(1)}
        ></vscode-toolbar-button>
        <span class="scale" data-testid="zoom-level"
          >${this.zoom === 'fit' ? 'Fit' : ''} ${Math.round(scale * 100)}%</span
        >
      </div>
      <div
        class="viewport ${this.dragging ? 'dragging' : ''}"
        @wheel=${this.onWheel}
        @pointerdown=${this.onPointerDown}
        @pointermove=${this.onPointerMove}
        @pointerup=${this.onPointerUp}
        @pointercancel=${this.onPointerUp}
        @dblclick=${() => this.setZoom(this.zoom === 'fit' ? 1 : 'fit')}
      >
        ${
          this.src
            ? html`<img
                data-testid="sample-image"
                src=${this.src}
                alt=${this.alt}
                draggable="false"
                @load=${this.onLoad}
              />`
            : html`<div class="missing" data-testid="image-missing">
                <vscode-icon name="warning" size="24"></vscode-icon>
                <span>${this.problem === '' ? 'Image file not found' : this.problem}</span>
                <code>${this.missingPath}</code>
              </div>`
        }
      </div>
    `;
  }
}

customElements.define('fl-image-viewer', ImageViewer);

declare global {
  interface HTMLElementTagNameMap {
    'fl-image-viewer': ImageViewer;
  }
}
