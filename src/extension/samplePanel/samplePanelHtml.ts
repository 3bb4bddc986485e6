// The sample panel's HTML shell: strict CSP with a per-load nonce, the bundle, codicons, and the
// initial state embedded as JSON so the first paint needs no round trip.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import type { SamplePanelInitialState } from '../../shared/samplePanelProtocol';
import { INITIAL_STATE_ELEMENT_ID } from '../../shared/samplePanelProtocol';

/** JSON that is safe inside a <script type="application/json"> element. */
function embeddableJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const escapeAttribute = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface SamplePanelHtmlParts {
  webview: vscode.Webview;
  scriptUri: vscode.Uri;
  codiconsUri: vscode.Uri;
  state: Omit<SamplePanelInitialState, 'codiconsHref'>;
}

export function buildSamplePanelHtml({
  webview,
  scriptUri,
  codiconsUri,
  state,
}: SamplePanelHtmlParts): string {
  const nonce = randomBytes(18).toString('base64');
  const source = webview.cspSource;
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${source}`,
    `img-src ${source}`,
    `font-src ${source}`,
  ].join('; ');
  const codiconsHref = codiconsUri.toString();
  const initial: SamplePanelInitialState = { ...state, codiconsHref };
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link id="vscode-codicon-stylesheet" rel="stylesheet" href="${escapeAttribute(codiconsHref)}" nonce="${nonce}">
  <title>Finer Lens Sample</title>
</head>
<body>
  <script type="application/json" id="${INITIAL_STATE_ELEMENT_ID}">${embeddableJson(initial)}</script>
  <script type="module" nonce="${nonce}" src="${escapeAttribute(scriptUri.toString())}"></script>
</body>
</html>`;
}
