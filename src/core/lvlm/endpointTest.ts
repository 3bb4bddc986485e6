// "Test endpoint": list the models, then send one tiny request, and report what worked and
// exactly what failed as data (for the endpoint editor and `finer-lens endpoint test`).
import type { LvlmClient } from './lvlmClient';
import { LvlmError, type LvlmErrorReason } from './lvlmErrors';

export interface EndpointTestStep {
  ok: boolean;
  latencyMs: number;
  /** Failure reason and message when !ok. */
  reason?: LvlmErrorReason;
  message?: string;
}

export interface EndpointTestReport {
  ok: boolean;
  endpointName: string;
  models: EndpointTestStep & {
    ids?: string[];
    /** Whether the configured model is in the list (undefined when the list is unavailable). */
    modelListed?: boolean;
  };
  chat: EndpointTestStep & { model?: string; text?: string };
}

function failure(error: unknown, started: number): EndpointTestStep {
  const latencyMs = performance.now() - started;
  if (error instanceof LvlmError)
    return { ok: false, latencyMs, reason: error.reason, message: error.message };
  return {
    ok: false,
    latencyMs,
    reason: 'bad-response',
    message: error instanceof Error ? error.message : String(error),
  };
}

export async function testEndpoint(
  client: LvlmClient,
  options: { signal?: AbortSignal } = {},
): Promise<EndpointTestReport> {
  const model = client.endpoint.model;
  let started = performance.now();
  let models: EndpointTestReport['models'];
  try {
    const ids = await client.listModels(options);
    models = { ok: true, latencyMs: performance.now() - started, ids, modelListed: ids.includes(model) };
  } catch (error) {
    // Several servers (and Azure deployments) have no usable /models; the chat step decides.
    models = failure(error, started);
  }
  started = performance.now();
  let chat: EndpointTestReport['chat'];
  try {
    const result = await client.chat(
      [{ role: 'user', content: 'Reply with the single word: ready' }],
      { maxTokens: 8, temperature: 0 },
      options,
    );
    chat = { ok: true, latencyMs: performance.now() - started, model: result.model, text: result.text };
  } catch (error) {
    chat = failure(error, started);
  }
  return { ok: chat.ok, endpointName: client.endpoint.name, models, chat };
}
