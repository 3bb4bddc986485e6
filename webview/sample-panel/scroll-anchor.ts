// Keeps an element where the user sees it while content above it changes. A finished one-sample
// run refreshes the sections above the run controls (predictions, alignment, class diff), which
// pushed the run output out of view; browsers' own scroll anchoring does not see through shadow
// roots, so the panel measures the element before the update and scrolls by the difference.

/** The nearest scrolling ancestor, crossing shadow roots. */
function scrollParentOf(element: Element): Element | null {
  let node: Node | null = element.parentNode;
  while (node) {
    if (node instanceof ShadowRoot) {
      node = node.host;
      continue;
    }
    if (node instanceof Element) {
      const overflowY = getComputedStyle(node).overflowY;
      if ((overflowY === 'auto' || overflowY === 'scroll') && node.scrollHeight > node.clientHeight)
        return node;
    }
    node = node.parentNode;
  }
  return document.scrollingElement;
}

export class ScrollAnchor {
  private anchor: { element: Element; top: number } | undefined;

  /** Remembers where `element` is, if the user can see any of it. */
  capture(element: Element | null): void {
    this.anchor = undefined;
    if (!element) return;
    const rect = element.getBoundingClientRect();
    const visible = rect.bottom > 0 && rect.top < window.innerHeight;
    if (visible) this.anchor = { element, top: rect.top };
  }

  /**
   * After the update: scrolls so the element is back where it was. Child components re-render
   * in their own update after the parent's, so the measurement waits for the next frame (which
   * runs before it is painted).
   */
  restore(): void {
    const anchor = this.anchor;
    this.anchor = undefined;
    if (anchor) requestAnimationFrame(() => this.scrollBack(anchor));
  }

  private scrollBack(anchor: { element: Element; top: number }): void {
    if (!anchor.element.isConnected) return;
    const delta = anchor.element.getBoundingClientRect().top - anchor.top;
    if (Math.abs(delta) < 1) return;
    const scroller = scrollParentOf(anchor.element);
    if (scroller) scroller.scrollTop += delta;
  }
}
