// The dashboard's HTML shell (the shared webview shell: strict CSP, nonce, initial state as
// JSON so the page knows its run before the first round trip).
import type * as vscode from 'vscode';
import type { DashboardInitialState } from '../../shared/dashboardProtocol';
import { DASHBOARD_INITIAL_STATE_ID } from '../../shared/dashboardProtocol';
import { buildWebviewHtml } from '../webviews/webviewHtml';

export function buildDashboardHtml(
  webview: vscode.Webview,
  scriptUri: vscode.Uri,
  codiconsUri: vscode.Uri,
  state: Omit<DashboardInitialState, 'codiconsHref'>,
): string {
  return buildWebviewHtml({
    webview,
    scriptUri,
    codiconsUri,
    title: `Dashboard: ${state.runName}`,
    stateElementId: DASHBOARD_INITIAL_STATE_ID,
    state,
  });
}
