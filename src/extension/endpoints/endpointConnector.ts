// Turns an endpoint name into a ready LvlmClient: the Workspace Trust check, the endpoint
// picker, the API key from SecretStorage and the "key would go to another host" question.
// Every code path that sends a request goes through `connect`.
import * as vscode from 'vscode';
import { LvlmClient, type LvlmClientOptions } from '../../core/lvlm/lvlmClient';
import type { LvlmEndpoint } from '../../core/lvlm/lvlmEndpoint';
import type { LvlmClientFactory } from '../../core/runs/runEngine';
import type { ApiKeyStore } from './apiKeyStore';
import { endpointOrigin, isSimulatedModel, readConfiguredEndpoints } from './endpointSettings';
import { ensureRequestsAllowed } from '../common/workspaceTrustGuard';

export const SEND_KEY_ACTION = 'Send Key to New Host';

export class EndpointConnector {
  constructor(
    readonly keys: ApiKeyStore,
    private readonly output: vscode.OutputChannel,
    private readonly isTrusted: () => boolean = () => vscode.workspace.isTrusted,
  ) {}

  /** The valid endpoints of the user settings; problems go to the output channel. */
  list(): LvlmEndpoint[] {
    const { endpoints, problems, workspaceValueIgnored } = readConfiguredEndpoints();
    for (const problem of problems) this.output.appendLine(`[endpoints] ${problem}`);
    if (workspaceValueIgnored) {
      this.output.appendLine(
        '[endpoints] A workspace settings file defines finerLens.endpoints; it is ignored. Endpoints (and so where API keys are sent) come from user settings only.',
      );
    }
    return endpoints;
  }

  find(name: string): LvlmEndpoint | undefined {
    return this.list().find((e) => e.name === name);
  }

  /** The named endpoint, or a quick pick over all of them; undefined when none / cancelled. */
  async pick(name?: string, placeHolder = 'Endpoint'): Promise<LvlmEndpoint | undefined> {
    const endpoints = this.list();
    if (name !== undefined) {
      const found = endpoints.find((e) => e.name === name);
      if (!found) void vscode.window.showErrorMessage(`Finer Lens has no endpoint named "${name}".`);
      return found;
    }
    if (endpoints.length === 0) {
      const choice = await vscode.window.showInformationMessage(
        'Finer Lens has no model endpoints yet.',
        'Add Endpoint',
      );
      if (choice) await vscode.commands.executeCommand('finerLens.addEndpoint');
      return undefined;
    }
    if (endpoints.length === 1) return endpoints[0];
    const picked = await vscode.window.showQuickPick(
      endpoints.map((e) => ({
        label: e.name,
        description: `${e.model}${isSimulatedModel(e.model) ? ' (simulated)' : ''}`,
        detail: e.baseUrl,
        endpoint: e,
      })),
      { placeHolder, ignoreFocusOut: true },
    );
    return picked?.endpoint;
  }

  /**
   * A client for the endpoint, or undefined when requests are not allowed (untrusted
   * workspace) or the user declined to send the key to a changed host.
   */
  async connect(
    endpoint: LvlmEndpoint,
    options: Omit<LvlmClientOptions, 'apiKey'> = {},
  ): Promise<LvlmClient | undefined> {
    const key = await this.resolveKey(endpoint);
    if (!key) return undefined;
    return new LvlmClient(endpoint, { ...options, apiKey: key.apiKey });
  }

  /**
   * A client factory for the run engine, or undefined when requests are not allowed. The key
   * only goes with requests to the endpoint's own origin.
   */
  async clientFactory(
    endpoint: LvlmEndpoint,
    options: Omit<LvlmClientOptions, 'apiKey' | 'limiter'> = {},
  ): Promise<LvlmClientFactory | undefined> {
    const key = await this.resolveKey(endpoint);
    if (!key) return undefined;
    const origin = endpointOrigin(endpoint);
    return (target, limiter) =>
      new LvlmClient(target, {
        ...options,
        limiter,
        apiKey: endpointOrigin(target) === origin ? key.apiKey : undefined,
      });
  }

  /** Trust check, then the stored key (after asking when its host changed). */
  private async resolveKey(endpoint: LvlmEndpoint): Promise<{ apiKey: string | undefined } | undefined> {
    if (!ensureRequestsAllowed(this.isTrusted())) return undefined;
    const stored = await this.keys.get(endpoint.name);
    if (!stored) return { apiKey: undefined };
    const origin = endpointOrigin(endpoint);
    if (stored.origin !== '' && stored.origin !== origin) {
      const answer = await vscode.window.showWarningMessage(
        `The API key of "${endpoint.name}" was stored for ${stored.origin}, but the endpoint now points to ${origin}.`,
        {
          modal: true,
          detail:
            'Send the stored key to the new host? Choose Cancel to stop and check the endpoint definition.',
        },
        SEND_KEY_ACTION,
      );
      if (answer !== SEND_KEY_ACTION) return undefined;
      await this.keys.set(endpoint.name, stored.key, origin);
    }
    return { apiKey: stored.key };
  }
}
