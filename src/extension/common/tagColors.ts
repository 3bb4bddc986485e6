// Tag colours are VS Code theme colour ids ("charts.red"); the webview gets the matching CSS
// variable so chips follow the theme (light, dark, high contrast). Only ids that VS Code
// registers with a value in every built-in theme (light, dark, both high-contrast) are used:
// an unregistered id such as "charts.pink" has no CSS variable and rendered an invisible chip.

/** Registered workbench colours with defaults for all four theme kinds. */
export const REGISTERED_TAG_COLORS: readonly string[] = [
  'charts.red',
  'charts.orange',
  'charts.yellow',
  'charts.green',
  'charts.blue',
  'charts.purple',
  'charts.foreground',
  'terminal.ansiMagenta',
  'terminal.ansiCyan',
  'terminal.ansiBrightBlack',
];

/** Ids stored by earlier versions (or typed by hand) that VS Code does not register. */
const LEGACY_COLOR_ALIASES: Readonly<Record<string, string>> = {
  'charts.pink': 'terminal.ansiMagenta',
};

/** The registered id to draw a stored tag colour with (legacy ids mapped), or undefined. */
export function registeredTagColor(colorId: string | null): string | undefined {
  const id = colorId === null ? undefined : (LEGACY_COLOR_ALIASES[colorId] ?? colorId);
  return id !== undefined && REGISTERED_TAG_COLORS.includes(id) ? id : undefined;
}

/** `charts.red` -> `var(--vscode-charts-red)`; unknown or missing -> the badge colour. */
export function themeColorCss(colorId: string | null): string {
  const fallback = 'var(--vscode-badge-background)';
  const id = registeredTagColor(colorId);
  if (id === undefined) return fallback;
  return `var(--vscode-${id.replace(/\./g, '-')}, ${fallback})`;
}

/** The colours offered by "Recolour Tag" and "Add Tag". */
export const TAG_COLOR_CHOICES: readonly string[] = REGISTERED_TAG_COLORS;
