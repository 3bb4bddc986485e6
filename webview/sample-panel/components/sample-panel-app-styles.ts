// Styles of the sample panel's root element (layout, header, section headings).
import { css } from 'lit';

export const samplePanelAppStyles = css`
  :host {
    display: grid;
    grid-template-rows: auto 1fr;
    height: 100vh;
    box-sizing: border-box;
    padding: 8px 12px 0;
    color: var(--vscode-foreground);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 12px;
    padding-bottom: 8px;
    border-bottom: 1px solid var(--vscode-panel-border, transparent);
  }
  h1 {
    font-size: 1.25em;
    font-weight: 600;
    margin: 0;
  }
  .meta {
    display: flex;
    align-items: center;
    gap: 4px;
    color: var(--vscode-descriptionForeground);
  }
  .path {
    display: flex;
    align-items: center;
    gap: 2px;
    flex-basis: 100%;
    min-width: 0;
  }
  .path code {
    font-family: var(--vscode-editor-font-family);
    font-size: 0.92em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    direction: rtl;
    text-align: left;
    color: var(--vscode-foreground);
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(260px, 2fr);
    gap: 12px;
    min-height: 0;
    padding: 8px 0;
  }
  fl-image-viewer {
    min-height: 0;
  }
  .details {
    overflow-y: auto;
    min-height: 0;
    padding-right: 4px;
  }
  section {
    margin-bottom: 16px;
  }
  h2 {
    font-size: 0.85em;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--vscode-descriptionForeground);
    margin: 0 0 6px;
    padding-bottom: 2px;
    border-bottom: 1px solid color-mix(in srgb, var(--vscode-foreground) 15%, transparent);
  }
  .concept {
    margin: 0 0 8px;
  }
  .provenance {
    color: var(--vscode-descriptionForeground);
  }
  fl-attribute-list + fl-attribute-list {
    margin-top: 8px;
  }
  .empty,
  .error {
    color: var(--vscode-descriptionForeground);
    font-style: italic;
  }
  .error {
    display: flex;
    align-items: center;
    gap: 6px;
    color: var(--vscode-errorForeground);
    font-style: normal;
    padding: 4px 0;
  }
  @media (max-width: 720px) {
    :host {
      height: auto;
      min-height: 100vh;
    }
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
    fl-image-viewer {
      height: 55vh;
    }
    .details {
      overflow: visible;
    }
  }
`;
