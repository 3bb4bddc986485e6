// What a user sees of a theme, measured in the webview: text colour against the editor
// background (WCAG contrast), and whether an element's content is cut off.
import type { Locator } from 'playwright-core';
import type { PageElement, PageWindow } from './pageTypes';

/** WCAG contrast ratio of two sRGB colours (0-255 channels). */
export function contrastRatio(a: readonly number[], b: readonly number[]): number {
  const luminance = (rgb: readonly number[]): number => {
    const [r = 0, g = 0, bl = 0] = rgb.map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export interface RenderedColours {
  bodyClass: string;
  text: number[];
  background: number[];
}

/** Resolves the element's text colour and the webview's editor background to RGB via a canvas. */
export async function renderedColours(
  element: Locator,
  property: 'color' | 'background-color' = 'color',
): Promise<RenderedColours> {
  return element.evaluate((el: PageElement, prop: string) => {
    const { document, getComputedStyle } = globalThis as unknown as PageWindow;
    const toRgb = (css: string): number[] => {
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 1;
      const ctx = canvas.getContext('2d');
      if (!ctx) return [];
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      return Array.from(ctx.getImageData(0, 0, 1, 1).data).slice(0, 3);
    };
    const root = getComputedStyle(document.documentElement);
    return {
      bodyClass: document.body.className,
      text: toRgb(getComputedStyle(el).getPropertyValue(prop)),
      background: toRgb(root.getPropertyValue('--vscode-editor-background').trim()),
    };
  }, property);
}

/** True when the element's content is wider or taller than its box (text cut off). */
export async function isClipped(element: Locator): Promise<boolean> {
  return element.evaluate((el: PageElement) => {
    const box = el as unknown as {
      scrollWidth: number;
      clientWidth: number;
      scrollHeight: number;
      clientHeight: number;
    };
    return box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
  });
}
