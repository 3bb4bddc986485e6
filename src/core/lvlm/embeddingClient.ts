// `/v1/embeddings` through the openai SDK (OpenAI, vLLM and Ollama serve it), with the same
// timeout, error classification and retries as chat requests. Used by the embedding matcher.
import type OpenAI from 'openai';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './lvlmClient';
import { createSdkClient } from './sdkClient';
import type { LvlmEndpoint } from './lvlmEndpoint';
import { DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from './retryPolicy';
import { classifySdkError } from './sdkErrorClassifier';
import { LvlmError } from './lvlmErrors';

export interface EmbeddingResult {
  vectors: number[][];
  promptTokens: number;
  attempts: number;
}

export interface EmbeddingClientOptions {
  apiKey?: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

export class EmbeddingClient {
  private readonly sdk: OpenAI;
  private readonly apiKey: string | undefined;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;

  constructor(
    readonly endpoint: LvlmEndpoint,
    options: EmbeddingClientOptions = {},
  ) {
    this.apiKey = options.apiKey && options.apiKey.length > 0 ? options.apiKey : undefined;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.sdk = createSdkClient(endpoint, this.apiKey, this.timeoutMs);
  }

  /** One vector per text, in order. */
  async embed(texts: readonly string[], signal?: AbortSignal): Promise<EmbeddingResult> {
    const { value, attempts } = await withRetries(this.retry, () => this.once(texts, signal), { signal });
    return { ...value, attempts };
  }

  private async once(
    texts: readonly string[],
    callerSignal?: AbortSignal,
  ): Promise<Omit<EmbeddingResult, 'attempts'>> {
    const controller = new AbortController();
    let abortedBy: 'timeout' | 'caller' | null = null;
    const onAbort = (): void => {
      abortedBy ??= 'caller';
      controller.abort();
    };
    callerSignal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      abortedBy ??= 'timeout';
      controller.abort();
    }, this.timeoutMs);
    try {
      const response = await this.sdk.embeddings.create(
        { model: this.endpoint.model, input: [...texts], encoding_format: 'float' },
        { signal: controller.signal },
      );
      const vectors: number[][] = [];
      for (const item of response.data) vectors[item.index] = item.embedding;
      if (vectors.length !== texts.length || vectors.some((v) => !Array.isArray(v) || v.length === 0)) {
        throw new LvlmError(
          `The embeddings response has ${response.data.length} vectors for ${texts.length} inputs.`,
          'bad-response',
        );
      }
      return { vectors, promptTokens: response.usage?.prompt_tokens ?? 0 };
    } catch (error) {
      throw classifySdkError(error, {
        baseUrl: this.endpoint.baseUrl,
        model: this.endpoint.model,
        apiKey: this.apiKey,
        timeoutMs: this.timeoutMs,
        abortedBy,
      });
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onAbort);
    }
  }
}
