// The one HTML shell of every Finer Lens webview: a strict CSP with a per-load nonce (scripts
// only from our bundle, styles, images and fonts only from webview resource URIs, no eval), the
// codicon stylesheet, and the page's initial state embedded as JSON so the first paint needs no
// round trip. Kept free of `vscode` values (only its types) so it is unit-tested in Node.
import { randomBytes } from 'node:crypto';

/** What a webview offers for building its HTML (a subset of vscode.Webview). */
export interface WebviewSource {
  readonly cspSource: string;
}

export interface WebviewHtmlParts<S> {
  webview: WebviewSource;
  /** The page's bundle (a webview resource URI). */
  scriptUri: { toString(): string };
  codiconsUri: { toString(): string };
  title: string;
  /** The id of the `<script type="application/json">` element the page reads its state from. */
  stateElementId: string;
  /** The initial state; `codiconsHref` is added. */
  state: S;
}

/** JSON that is safe inside a `<script type="application/json">` element. */
export function embeddableJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export const escapeAttribute = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The Content-Security-Policy of a page loaded with `nonce` from `source`. */
export function webviewCsp(source: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${source}`,
    `img-src ${source}`,
    `font-src ${source}`,
  ].join('; ');
}

export function buildWebviewHtml<S extends object>(parts: WebviewHtmlParts<S>): string {
  const nonce = randomBytes(18).toString('base64');
  const csp = webviewCsp(parts.webview.cspSource, nonce);
  const codiconsHref = parts.codiconsUri.toString();
  const initial = { ...parts.state, codiconsHref };
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link id="vscode-codicon-stylesheet" rel="stylesheet" href="${escapeAttribute(codiconsHref)}" nonce="${nonce}">
  <title>${escapeText(parts.title)}</title>
</head>
<body>
  <script type="application/json" id="${escapeAttribute(parts.stateElementId)}">${embeddableJson(initial)}</script>
  <script type="module" nonce="${nonce}" src="${escapeAttribute(parts.scriptUri.toString())}"></script>
</body>
</html>`;
}
