// The dashboard's HTML shell: strict CSP with a per-load nonce (scripts only from the bundle,
// styles only as constructed sheets and the codicon file, no eval), and the initial state
// embedded as JSON so the page knows its run before the first round trip.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import type { DashboardInitialState } from '../../shared/dashboardProtocol';
import { DASHBOARD_INITIAL_STATE_ID } from '../../shared/dashboardProtocol';

function embeddableJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const escapeAttribute = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function buildDashboardHtml(
  webview: vscode.Webview,
  scriptUri: vscode.Uri,
  codiconsUri: vscode.Uri,
  state: Omit<DashboardInitialState, 'codiconsHref'>,
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
  const initial: DashboardInitialState = { ...state, codiconsHref };
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link id="vscode-codicon-stylesheet" rel="stylesheet" href="${escapeAttribute(codiconsHref)}" nonce="${nonce}">
  <title>${escapeText(`Dashboard: ${state.runName}`)}</title>
</head>
<body>
  <script type="application/json" id="${DASHBOARD_INITIAL_STATE_ID}">${embeddableJson(initial)}</script>
  <script type="module" nonce="${nonce}" src="${escapeAttribute(scriptUri.toString())}"></script>
</body>
</html>`;
}
