// The few DOM shapes that our page functions (Playwright `evaluate` callbacks, which run in
// the browser) touch. The host tsconfig deliberately has no DOM lib, so the callbacks cast
// `globalThis` / their element argument to these instead.

export interface PageStyle {
  color: string;
  getPropertyValue(name: string): string;
}

export interface PageCanvasContext {
  fillStyle: string;
  fillRect(x: number, y: number, width: number, height: number): void;
  getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> };
}

export interface PageElement {
  className: string;
  classList: { contains(name: string): boolean };
  querySelector(selector: string): PageElement | null;
}

export interface PageImage extends PageElement {
  naturalWidth: number;
}

export interface PageCanvas extends PageElement {
  width: number;
  height: number;
  getContext(kind: '2d'): PageCanvasContext | null;
}

export interface PageWindow {
  document: {
    documentElement: PageElement;
    body: PageElement;
    createElement(tag: 'canvas'): PageCanvas;
  };
  getComputedStyle(element: PageElement): PageStyle;
}
