// Named model endpoints from the `finerLens.endpoints` setting. The setting has "application"
// scope: only the user's own settings can say where requests (and their API keys) go, never a
// workspace or folder settings file that came with a cloned repository. Workspace values are
// therefore ignored; if one exists we say so in the output channel instead of using it.
import * as vscode from 'vscode';
import { validateEndpoint, type LvlmEndpoint } from '../../core/lvlm/lvlmEndpoint';
import { isObject } from '../../shared/guards';

export const ENDPOINTS_SECTION = 'finerLens';
export const ENDPOINTS_KEY = 'endpoints';

/** One entry of the setting as the user writes it (sampling defaults at the top level). */
export interface EndpointSettingEntry {
  name: string;
  baseUrl: string;
  model: string;
  kind?: 'openai' | 'azure';
  azureApiVersion?: string;
  azureDeployment?: string;
  headers?: Record<string, string>;
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  pricing?: { inputPerMTok: number; outputPerMTok: number };
  tokenLimitParam?: 'max_tokens' | 'max_completion_tokens';
}

export interface ConfiguredEndpoints {
  endpoints: LvlmEndpoint[];
  /** Entries that failed validation, as messages that name the field. */
  problems: string[];
  /** True when a workspace or folder settings file also defines endpoints (ignored). */
  workspaceValueIgnored: boolean;
}

/** Maps the flat setting entry onto the core's endpoint shape and validates it. */
export function endpointFromSetting(entry: unknown): LvlmEndpoint {
  if (!isObject(entry)) return validateEndpoint(entry);
  const { temperature, maxTokens, seed, ...rest } = entry;
  const defaults: Record<string, unknown> = {};
  if (temperature !== undefined) defaults['temperature'] = temperature;
  if (maxTokens !== undefined) defaults['maxTokens'] = maxTokens;
  if (seed !== undefined) defaults['seed'] = seed;
  return validateEndpoint({ ...rest, defaults });
}

/** The user-level endpoint definitions, validated. */
export function readConfiguredEndpoints(): ConfiguredEndpoints {
  const inspected = vscode.workspace.getConfiguration(ENDPOINTS_SECTION).inspect<unknown[]>(ENDPOINTS_KEY);
  const raw = inspected?.globalValue ?? [];
  const endpoints: LvlmEndpoint[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const entry of Array.isArray(raw) ? raw : []) {
    try {
      const endpoint = endpointFromSetting(entry);
      if (seen.has(endpoint.name)) {
        problems.push(`Endpoint "${endpoint.name}" is defined twice; the first definition is used.`);
        continue;
      }
      seen.add(endpoint.name);
      endpoints.push(endpoint);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  }
  const workspaceValueIgnored =
    inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
  return { endpoints, problems, workspaceValueIgnored };
}

/** Adds (or replaces, by name) an endpoint in the user settings. */
export async function saveEndpointSetting(entry: EndpointSettingEntry): Promise<void> {
  endpointFromSetting(entry); // throws EndpointConfigError naming the bad field
  const config = vscode.workspace.getConfiguration(ENDPOINTS_SECTION);
  const current = config.inspect<unknown[]>(ENDPOINTS_KEY)?.globalValue ?? [];
  const others = current.filter((e) => !(isObject(e) && e['name'] === entry.name));
  await config.update(ENDPOINTS_KEY, [...others, entry], vscode.ConfigurationTarget.Global);
}

/** The simulated LVLM's model names contain "simulated"; the UI marks them so nobody mistakes them. */
export function isSimulatedModel(model: string): boolean {
  return /simulated/i.test(model);
}

/** Host (and port) a request would go to, for comparing where a key is sent. */
export function endpointOrigin(endpoint: Pick<LvlmEndpoint, 'baseUrl'>): string {
  try {
    return new URL(endpoint.baseUrl).origin;
  } catch {
    return endpoint.baseUrl;
  }
}
