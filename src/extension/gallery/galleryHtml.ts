// The gallery's HTML shell: strict CSP with a per-load nonce (scripts only from the bundle,
// images only from webview resource URIs), codicons, and the initial state embedded as JSON.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import type { GalleryInitialState } from '../../shared/galleryProtocol';
import { GALLERY_INITIAL_STATE_ID } from '../../shared/galleryProtocol';

function embeddableJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const escapeAttribute = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function buildGalleryHtml(
  webview: vscode.Webview,
  scriptUri: vscode.Uri,
  codiconsUri: vscode.Uri,
  state: Omit<GalleryInitialState, 'codiconsHref'>,
): string {
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
  const initial: GalleryInitialState = { ...state, codiconsHref };
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link id="vscode-codicon-stylesheet" rel="stylesheet" href="${escapeAttribute(codiconsHref)}" nonce="${nonce}">
  <title>Finer Lens Gallery</title>
</head>
<body>
  <script type="application/json" id="${GALLERY_INITIAL_STATE_ID}">${embeddableJson(initial)}</script>
  <script type="module" nonce="${nonce}" src="${escapeAttribute(scriptUri.toString())}"></script>
</body>
</html>`;
}
