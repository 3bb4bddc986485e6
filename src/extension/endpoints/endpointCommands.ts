// Endpoint commands: Add Endpoint (presets for common servers), Set / Remove API Key and Test
// Endpoint. Each accepts an options object so scripts and tests can skip the inputs.
import * as vscode from 'vscode';
import { testEndpoint, type EndpointTestReport } from '../../core/lvlm/endpointTest';
import type { EndpointConnector } from './endpointConnector';
import {
  endpointFromSetting,
  endpointOrigin,
  saveEndpointSetting,
  type EndpointSettingEntry,
} from './endpointSettings';
import { isObject } from '../../shared/guards';
import { errorText } from '../../shared/errorText';

interface EndpointPreset {
  label: string;
  description: string;
  baseUrl: string;
  model: string;
  kind: 'openai' | 'azure';
  needsKey: boolean;
}

const PRESETS: readonly EndpointPreset[] = [
  {
    label: 'OpenAI',
    description: 'api.openai.com',
    baseUrl: 'https://api.openai.com/v1',
    model: 'gpt-4o-mini',
    kind: 'openai',
    needsKey: true,
  },
  {
    label: 'Azure OpenAI',
    description: 'your Azure resource',
    baseUrl: 'https://YOUR-RESOURCE.openai.azure.com',
    model: 'gpt-4o',
    kind: 'azure',
    needsKey: true,
  },
  {
    label: 'vLLM',
    description: 'vllm serve, port 8000',
    baseUrl: 'http://localhost:8000/v1',
    model: 'llava-hf/llava-1.5-7b-hf',
    kind: 'openai',
    needsKey: false,
  },
  {
    label: 'Ollama',
    description: 'OpenAI-compatible /v1, port 11434',
    baseUrl: 'http://localhost:11434/v1',
    model: 'llava:7b',
    kind: 'openai',
    needsKey: false,
  },
  {
    label: 'LM Studio',
    description: 'local server, port 1234',
    baseUrl: 'http://localhost:1234/v1',
    model: 'llava-v1.5-7b',
    kind: 'openai',
    needsKey: false,
  },
  {
    label: 'llama.cpp server',
    description: 'llama-server, port 8080',
    baseUrl: 'http://localhost:8080/v1',
    model: 'llava',
    kind: 'openai',
    needsKey: false,
  },
  {
    label: 'OpenRouter',
    description: 'openrouter.ai',
    baseUrl: 'https://openrouter.ai/api/v1',
    model: 'openai/gpt-4o-mini',
    kind: 'openai',
    needsKey: true,
  },
  {
    label: 'Other OpenAI-compatible server',
    description: '',
    baseUrl: 'http://localhost:8000/v1',
    model: '',
    kind: 'openai',
    needsKey: false,
  },
];

export interface SetApiKeyArgs {
  endpointName?: string;
  key?: string;
}

export class EndpointCommands {
  constructor(
    private readonly connector: EndpointConnector,
    private readonly output: vscode.OutputChannel,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('finerLens.addEndpoint', (args?: unknown) =>
        this.addEndpoint(isEntry(args) ? args : undefined),
      ),
      vscode.commands.registerCommand('finerLens.setApiKey', (args?: unknown) =>
        this.setApiKey(isObject(args) ? (args as SetApiKeyArgs) : {}),
      ),
      vscode.commands.registerCommand('finerLens.removeApiKey', (args?: unknown) =>
        this.removeApiKey(
          isObject(args) && typeof args['endpointName'] === 'string' ? args['endpointName'] : undefined,
        ),
      ),
      vscode.commands.registerCommand('finerLens.testEndpoint', (args?: unknown) =>
        this.testEndpoint(
          isObject(args) && typeof args['endpointName'] === 'string' ? args['endpointName'] : undefined,
        ),
      ),
    ];
  }

  async addEndpoint(entry?: EndpointSettingEntry): Promise<EndpointSettingEntry | undefined> {
    const input = entry ?? (await this.askForEndpoint());
    if (!input) return undefined;
    try {
      await saveEndpointSetting(input);
    } catch (err) {
      void vscode.window.showErrorMessage(`Finer Lens could not add the endpoint: ${errorText(err)}`);
      return undefined;
    }
    this.output.appendLine(
      `[endpoints] saved "${input.name}" (${input.model} at ${input.baseUrl}) in user settings`,
    );
    if (!entry) {
      const next = await vscode.window.showInformationMessage(
        `Endpoint "${input.name}" added to your user settings.`,
        'Set API Key',
        'Test Endpoint',
      );
      if (next === 'Set API Key') await this.setApiKey({ endpointName: input.name });
      if (next === 'Test Endpoint') await this.testEndpoint(input.name);
    }
    return input;
  }

  async setApiKey(args: SetApiKeyArgs): Promise<boolean> {
    const endpoint = await this.connector.pick(args.endpointName, 'Endpoint whose API key to set');
    if (!endpoint) return false;
    const key =
      args.key ??
      (await vscode.window.showInputBox({
        title: `API key for "${endpoint.name}"`,
        prompt: `Stored in VS Code's secret storage and sent only to ${endpointOrigin(endpoint)}.`,
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' ? 'Enter a key, or press Escape to cancel.' : undefined),
      }));
    if (key === undefined || key.trim() === '') return false;
    await this.connector.keys.set(endpoint.name, key.trim(), endpointOrigin(endpoint));
    this.output.appendLine(`[endpoints] API key of "${endpoint.name}" stored in secret storage`);
    if (args.key === undefined)
      void vscode.window.showInformationMessage(`API key of "${endpoint.name}" saved.`);
    return true;
  }

  async removeApiKey(endpointName?: string): Promise<boolean> {
    const endpoint = await this.connector.pick(endpointName, 'Endpoint whose API key to remove');
    if (!endpoint) return false;
    await this.connector.keys.delete(endpoint.name);
    this.output.appendLine(`[endpoints] API key of "${endpoint.name}" removed from secret storage`);
    if (endpointName === undefined)
      void vscode.window.showInformationMessage(`API key of "${endpoint.name}" removed.`);
    return true;
  }

  /** Lists models, sends one tiny request, and reports latency and exactly what failed. */
  async testEndpoint(endpointName?: string): Promise<EndpointTestReport | undefined> {
    const endpoint = await this.connector.pick(endpointName, 'Endpoint to test');
    if (!endpoint) return undefined;
    const client = await this.connector.connect(endpoint, { timeoutMs: 30_000, retry: { maxAttempts: 1 } });
    if (!client) return undefined;
    const report = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Testing "${endpoint.name}"…`,
        cancellable: true,
      },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return testEndpoint(client, { signal: controller.signal });
      },
    );
    const lines = describeReport(report, endpoint.model);
    this.output.appendLine(`[test endpoint] ${endpoint.name} (${endpoint.baseUrl})`);
    for (const line of lines) this.output.appendLine(`  ${line}`);
    const summary = lines.join(' · ');
    if (report.ok) {
      void vscode.window.showInformationMessage(`Endpoint "${endpoint.name}" works. ${summary}`);
    } else {
      void vscode.window
        .showErrorMessage(`Endpoint "${endpoint.name}" failed. ${summary}`, 'Show Log')
        .then((c) => {
          if (c) this.output.show(true);
        });
    }
    return report;
  }

  private async askForEndpoint(): Promise<EndpointSettingEntry | undefined> {
    const picked = await vscode.window.showQuickPick(
      PRESETS.map((p) => ({ label: p.label, description: p.description, detail: p.baseUrl, preset: p })),
      { title: 'Add Endpoint (1/4): server kind', placeHolder: 'Which server?' },
    );
    if (!picked) return undefined;
    const preset = picked.preset;
    const name = await vscode.window.showInputBox({
      title: 'Add Endpoint (2/4): name',
      value: preset.label
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, ''),
      validateInput: (v) => (v.trim() === '' ? 'A name is required.' : undefined),
    });
    if (!name) return undefined;
    const baseUrl = await vscode.window.showInputBox({
      title: 'Add Endpoint (3/4): base URL',
      prompt: preset.kind === 'azure' ? 'Your Azure OpenAI resource endpoint' : 'The API root, including /v1',
      value: preset.baseUrl,
      validateInput: (v) =>
        validateField({ name, baseUrl: v, model: 'x', kind: preset.kind, azureApiVersion: '2024-10-21' }),
    });
    if (!baseUrl) return undefined;
    const model = await vscode.window.showInputBox({
      title: 'Add Endpoint (4/4): model',
      prompt: preset.kind === 'azure' ? 'Deployment name' : 'Model name as the server knows it',
      value: preset.model,
      validateInput: (v) => (v.trim() === '' ? 'A model name is required.' : undefined),
    });
    if (!model) return undefined;
    const entry: EndpointSettingEntry = {
      name: name.trim(),
      baseUrl: baseUrl.trim(),
      model: model.trim(),
      kind: preset.kind,
    };
    if (preset.kind === 'azure') entry.azureApiVersion = '2024-10-21';
    return entry;
  }
}

function validateField(entry: EndpointSettingEntry): string | undefined {
  try {
    endpointFromSetting(entry);
    return undefined;
  } catch (err) {
    return errorText(err);
  }
}

export function describeReport(report: EndpointTestReport, model: string): string[] {
  const ms = (n: number): string => `${Math.round(n)} ms`;
  const lines: string[] = [];
  const m = report.models;
  if (m.ok) {
    const ids = m.ids ?? [];
    const listed = m.modelListed ? `"${model}" is listed` : `"${model}" is NOT listed`;
    lines.push(
      `/models: ${ids.length} model(s) in ${ms(m.latencyMs)} (${listed}): ${ids.slice(0, 10).join(', ')}`,
    );
  } else {
    lines.push(`/models failed (${m.reason ?? 'error'}, ${ms(m.latencyMs)}): ${m.message ?? ''}`);
  }
  const c = report.chat;
  if (c.ok)
    lines.push(
      `chat request answered in ${ms(c.latencyMs)} by ${c.model ?? model}: "${(c.text ?? '').slice(0, 40)}"`,
    );
  else lines.push(`chat request failed (${c.reason ?? 'error'}, ${ms(c.latencyMs)}): ${c.message ?? ''}`);
  return lines;
}

function isEntry(v: unknown): v is EndpointSettingEntry {
  return (
    isObject(v) &&
    typeof v['name'] === 'string' &&
    typeof v['baseUrl'] === 'string' &&
    typeof v['model'] === 'string'
  );
}
