// The gallery's HTML shell (the shared webview shell: strict CSP, nonce, initial state as JSON).
import type * as vscode from 'vscode';
import type { GalleryInitialState } from '../../shared/galleryProtocol';
import { GALLERY_INITIAL_STATE_ID } from '../../shared/galleryProtocol';
import { buildWebviewHtml } from '../webviews/webviewHtml';

export function buildGalleryHtml(
  webview: vscode.Webview,
  scriptUri: vscode.Uri,
  codiconsUri: vscode.Uri,
  state: Omit<GalleryInitialState, 'codiconsHref'>,
): string {
  return buildWebviewHtml({
    webview,
    scriptUri,
    codiconsUri,
    title: 'Finer Lens Gallery',
    stateElementId: GALLERY_INITIAL_STATE_ID,
    state,
  });
}
