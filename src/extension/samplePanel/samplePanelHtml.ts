// The sample panel's HTML shell (the shared webview shell: strict CSP, nonce, the bundle,
// codicons, and the initial state embedded as JSON so the first paint needs no round trip).
import type * as vscode from 'vscode';
import type { SamplePanelInitialState } from '../../shared/samplePanelProtocol';
import { INITIAL_STATE_ELEMENT_ID } from '../../shared/samplePanelProtocol';
import { buildWebviewHtml } from '../webviews/webviewHtml';

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
  return buildWebviewHtml({
    webview,
    scriptUri,
    codiconsUri,
    title: 'Finer Lens Sample',
    stateElementId: INITIAL_STATE_ELEMENT_ID,
    state,
  });
}
