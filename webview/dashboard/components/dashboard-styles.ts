// Styles shared by the dashboard's sections: tables, clickable counts, shades of the confusion
// matrix and chart series. Only --vscode-* variables (and currentColor), so light, dark and both
// high-contrast themes work; shades are mixed from the theme's own colours with color-mix().
import { css } from 'lit';

export const sectionStyles = css`
  :host {
    display: block;
    color: var(--vscode-foreground);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
  }
  h2 {
    font-size: 1.15em;
    font-weight: 600;
    margin: 0 0 6px;
  }
  h3 {
    font-size: 1em;
    font-weight: 600;
    margin: 10px 0 4px;
  }
  p.note,
  .note {
    color: var(--vscode-descriptionForeground);
    margin: 2px 0 6px;
  }
  table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
    max-width: 100%;
  }
  th,
  td {
    text-align: right;
    padding: 2px 8px;
    border-bottom: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border, transparent));
    white-space: nowrap;
  }
  th {
    font-weight: 600;
    color: var(--vscode-foreground);
  }
  th.text,
  td.text {
    text-align: left;
    white-space: normal;
    /* break-word (not anywhere): long labels wrap, but a column is never narrower than a word. */
    overflow-wrap: break-word;
  }
  .scroll {
    overflow-x: auto;
    max-width: 100%;
  }
  button.count {
    font: inherit;
    font-variant-numeric: tabular-nums;
    color: var(--vscode-textLink-foreground);
    background: none;
    border: 1px solid transparent;
    border-radius: 2px;
    padding: 0 3px;
    cursor: pointer;
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  button.count:hover {
    color: var(--vscode-textLink-activeForeground);
  }
  button.count:focus-visible,
  button.plain:focus-visible,
  select:focus-visible,
  input:focus-visible {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: 1px;
  }
  button.count:disabled {
    color: var(--vscode-disabledForeground, var(--vscode-descriptionForeground));
    text-decoration: none;
    cursor: default;
  }
  button.plain {
    font: inherit;
    color: inherit;
    background: none;
    border: none;
    padding: 0;
    cursor: pointer;
  }
  select,
  input {
    font: inherit;
    color: var(--vscode-input-foreground, var(--vscode-foreground));
    background: var(--vscode-input-background, var(--vscode-editor-background));
    border: 1px solid var(--vscode-input-border, var(--vscode-dropdown-border, transparent));
    border-radius: 2px;
    padding: 2px 4px;
  }
  select {
    color: var(--vscode-dropdown-foreground, var(--vscode-foreground));
    background: var(--vscode-dropdown-background, var(--vscode-editor-background));
  }
  label {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    white-space: nowrap;
    max-width: 100%;
  }
  select {
    max-width: 100%;
    min-width: 0;
    text-overflow: ellipsis;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 14px;
    align-items: center;
    margin: 4px 0 8px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .bad {
    color: var(--vscode-errorForeground);
  }
  .good {
    color: var(--vscode-testing-iconPassed, var(--vscode-charts-green));
  }
`;
