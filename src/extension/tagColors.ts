// Tag colours are VS Code theme colour ids ("charts.red"); the webview gets the matching CSS
// variable so chips follow the theme (light, dark, high contrast).

const THEME_COLOR_ID = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/;

/** `charts.red` -> `var(--vscode-charts-red)`; unknown or missing -> the badge colour. */
export function themeColorCss(colorId: string | null): string {
  const fallback = 'var(--vscode-badge-background)';
  if (colorId === null || !THEME_COLOR_ID.test(colorId)) return fallback;
  return `var(--vscode-${colorId.replace(/\./g, '-')}, ${fallback})`;
}

/** The colours offered by "Recolour Tag" and "Add Tag". */
export const TAG_COLOR_CHOICES: readonly string[] = [
  'charts.red',
  'charts.orange',
  'charts.yellow',
  'charts.green',
  'charts.blue',
  'charts.purple',
  'charts.pink',
  'charts.foreground',
  'terminal.ansiCyan',
  'terminal.ansiBrightBlack',
];
