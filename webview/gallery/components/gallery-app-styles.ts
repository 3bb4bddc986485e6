// Styles of the gallery (toolbar, virtualized grid, tiles). Theme only through --vscode-*
// variables; selection and focus use the list colours so every theme, high contrast included,
// draws them the way VS Code's own lists do.
import { css } from 'lit';

export const TILE_WIDTH = 148;
export const TILE_HEIGHT = 190;
export const TILE_GAP = 8;

export const galleryAppStyles = css`
  :host {
    display: grid;
    grid-template-rows: auto 1fr;
    height: 100vh;
    box-sizing: border-box;
    color: var(--vscode-foreground);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
  }
  header {
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: 8px 12px;
    border-bottom: 1px solid var(--vscode-panel-border, transparent);
    min-width: 0;
  }
  .title {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px 12px;
    min-width: 0;
  }
  h1 {
    font-size: 1.2em;
    font-weight: 600;
    margin: 0;
    overflow-wrap: anywhere;
  }
  .meta {
    color: var(--vscode-descriptionForeground);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  .selected-count {
    min-width: 8ch;
  }
  vscode-single-select {
    width: 200px;
  }
  .status {
    display: flex;
    align-items: center;
    gap: 8px;
    min-height: 26px;
    color: var(--vscode-descriptionForeground);
  }
  .scroller {
    position: relative;
    overflow-y: auto;
    overflow-x: hidden;
    min-height: 0;
    outline: none;
  }
  .scroller:focus-visible {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: -1px;
  }
  .spacer {
    position: relative;
    height: var(--height);
  }
  .empty {
    padding: 12px;
    color: var(--vscode-descriptionForeground);
  }
  .tile {
    position: absolute;
    left: 0;
    top: 0;
    transform: translate(var(--x), var(--y));
    width: ${TILE_WIDTH}px;
    height: ${TILE_HEIGHT}px;
    box-sizing: border-box;
    display: grid;
    grid-template-rows: 1fr auto;
    border: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border, transparent));
    border-radius: 4px;
    background: var(--vscode-editorWidget-background, var(--vscode-editor-background));
    cursor: default;
    user-select: none;
    overflow: hidden;
    /* Fixed-size box: its layout and paint never reach outside it, so mounting a row of tiles
       while scrolling lays out only those tiles. */
    contain: strict;
  }
  .tile.placeholder {
    background: color-mix(in srgb, var(--vscode-foreground) 6%, transparent);
  }
  .tile:hover {
    background: var(--vscode-list-hoverBackground);
  }
  /* High-contrast themes draw selection as a border (they have no selection fill). */
  .tile.selected {
    background: var(--vscode-list-activeSelectionBackground);
    color: var(--vscode-list-activeSelectionForeground, var(--vscode-foreground));
    border: 2px solid var(--vscode-contrastActiveBorder, var(--vscode-focusBorder));
  }
  .tile.selected .meta {
    color: inherit;
  }
  .scroller:focus .tile.focused {
    outline: 2px solid var(--vscode-list-focusOutline, var(--vscode-focusBorder));
    outline-offset: -2px;
  }
  .tile.focused {
    outline: 1px dashed var(--vscode-focusBorder);
    outline-offset: -2px;
  }
  .thumb {
    position: relative;
    min-height: 0;
    display: flex;
    align-items: center;
    justify-content: center;
    background: color-mix(in srgb, var(--vscode-foreground) 5%, transparent);
  }
  .thumb img {
    max-width: 100%;
    max-height: 100%;
    object-fit: contain;
  }
  .no-image {
    color: var(--vscode-descriptionForeground);
  }
  .tile .no-image .codicon {
    font-size: 24px;
  }
  /* The button colour over the editor background: high-contrast themes leave the button
     background transparent, and the mark must still stand out over a bright image. */
  .tile .check.codicon {
    font-size: 18px;
    position: absolute;
    top: 4px;
    right: 4px;
    color: var(--vscode-button-foreground);
    background: var(--vscode-editor-background);
    box-shadow: inset 0 0 0 12px var(--vscode-button-background, transparent);
    outline: 1px solid var(--vscode-contrastActiveBorder, transparent);
    border-radius: 50%;
  }
  .caption {
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: 4px 6px 5px;
    min-width: 0;
  }
  /* Two lines fit the longest names of usual datasets; longer ones end in an ellipsis
     (the full path is the tooltip and the accessible name). */
  .label {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    overflow: hidden;
    overflow-wrap: anywhere;
    line-height: 1.3em;
    height: 2.6em;
  }
  .meta {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 4px;
    font-size: 0.9em;
  }
  .marks {
    display: inline-flex;
    gap: 3px;
  }
  .mark {
    display: inline-flex;
    align-items: center;
    gap: 1px;
    padding: 0 3px;
    border-radius: 3px;
    font-size: 0.85em;
    font-weight: 600;
    border: 1px solid currentColor;
  }
  /* Three classes: more specific than codicon.css's .codicon[class*='codicon-'] font rule. */
  .tile .mark .codicon {
    color: inherit;
    font-size: 11px;
  }
  .mark.correct {
    color: var(--vscode-testing-iconPassed, var(--vscode-charts-green));
  }
  .mark.wrong {
    color: var(--vscode-testing-iconFailed, var(--vscode-errorForeground));
  }
  .mark.failed {
    color: var(--vscode-editorWarning-foreground, var(--vscode-charts-yellow));
  }
  .tile.selected .mark {
    color: inherit;
  }
`;
