// The one way Finer Lens builds an openai SDK client for an endpoint (OpenAI-compatible or
// Azure), shared by chat completions and embeddings. The SDK neither retries nor logs: we
// classify, retry and report failures ourselves, and our own timer aborts first.
import { AzureOpenAI, OpenAI } from 'openai';
import type { LvlmEndpoint } from './lvlmEndpoint';

export function createSdkClient(
  endpoint: LvlmEndpoint,
  apiKey: string | undefined,
  timeoutMs: number,
): OpenAI {
  const common = {
    apiKey: apiKey ?? 'none',
    maxRetries: 0,
    // The SDK would print raw chunks to stderr.
    logLevel: 'off' as const,
    // Only a backstop behind our own per-attempt timer.
    timeout: timeoutMs + 5_000,
    defaultHeaders: endpoint.headers ?? {},
  };
  return endpoint.kind === 'azure'
    ? new AzureOpenAI({
        ...common,
        endpoint: endpoint.baseUrl,
        apiVersion: endpoint.azureApiVersion,
        deployment: endpoint.azureDeployment ?? endpoint.model,
      })
    : new OpenAI({ ...common, baseURL: endpoint.baseUrl });
}
