// A number that opens the samples behind it: a real <button> (keyboard reachable, announced
// with what it opens), which sends a composed "fl-open-slice" event up to the dashboard root.
import { html } from 'lit';
import type { SliceRef } from '../../../src/shared/dashboardProtocol';

export const OPEN_SLICE_EVENT = 'fl-open-slice';

export interface OpenSliceDetail {
  slice: SliceRef;
  /** Shift-click / Shift+Enter: a review queue instead of the gallery. */
  review: boolean;
}

function open(event: MouseEvent, slice: SliceRef): void {
  const target = event.currentTarget as HTMLElement;
  const detail: OpenSliceDetail = { slice, review: event.shiftKey };
  target.dispatchEvent(new CustomEvent(OPEN_SLICE_EVENT, { detail, bubbles: true, composed: true }));
}

/** `text` defaults to the count; `what` says what the samples are ("wrong at fine level"). */
export function sliceLink(count: number, slice: SliceRef, what: string, text?: string): unknown {
  const shown = text ?? count.toLocaleString('en-US');
  if (count <= 0) return html`<span class="zero" title=${what}>${shown}</span>`;
  return html`<button
    class="count"
    data-slice=${String(slice)}
    aria-label=${`${shown}: open the ${count} samples ${what}`}
    title=${`Open the ${count} samples ${what} (Shift: as a review queue)`}
    @click=${(e: MouseEvent) => open(e, slice)}
  >
    ${shown}
  </button>`;
}
