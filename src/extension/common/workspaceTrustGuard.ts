// Workspace Trust: in an untrusted workspace Finer Lens sends no request to any model endpoint.
// Commands are disabled by `enablement: isWorkspaceTrusted`; this check is the second line,
// in the code path that builds clients, for callers that bypass the command palette.
import * as vscode from 'vscode';

export const UNTRUSTED_REQUEST_MESSAGE =
  'Finer Lens sends no requests to model endpoints in an untrusted workspace. Trust this workspace (Manage Workspace Trust) to run models or test endpoints.';

export type TrustDecision = { ok: true } | { ok: false; message: string };

/** Pure decision, so tests can exercise the refusal path without toggling trust. */
export function requestTrustDecision(trusted: boolean): TrustDecision {
  return trusted ? { ok: true } : { ok: false, message: UNTRUSTED_REQUEST_MESSAGE };
}

/** True when requests may be sent; otherwise tells the user why not and returns false. */
export function ensureRequestsAllowed(trusted: boolean = vscode.workspace.isTrusted): boolean {
  const decision = requestTrustDecision(trusted);
  if (!decision.ok) {
    void vscode.window.showWarningMessage(decision.message, 'Manage Workspace Trust').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  }
  return decision.ok;
}
