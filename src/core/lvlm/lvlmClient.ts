// Chat completions against any OpenAI-compatible server (OpenAI, Azure OpenAI, vLLM, Ollama,
// LM Studio, llama.cpp, OpenRouter) through the official SDK, with our own timeout, retry,
// rate limiting and error classification (the SDK's retries are switched off).
import type { OpenAI } from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionContentPart,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { onAbort } from './abortSubscriptions';
import type { ChatMessage, ChatParams, ChatResult, ChatUsage } from './chatMessages';
import type { LvlmEndpoint } from './lvlmEndpoint';
import { LvlmError } from './lvlmErrors';
import type { RequestLimiter } from './requestLimiter';
import { DEFAULT_RETRY_POLICY, type RetryEvent, type RetryPolicy, withRetries } from './retryPolicy';
import { createSdkClient } from './sdkClient';
import { classifySdkError } from './sdkErrorClassifier';

/**
 * Default limit for one attempt of one request (60 s). An image chat completion of at most 512
 * tokens takes a few seconds on hosted APIs and a GPU server, and under a minute on a slow
 * local one (prefill of ~600 image tokens plus 512 tokens at ~10 tokens/s); a request still
 * silent after that is almost always hung, and every second it waits holds a concurrency slot.
 * Timeouts are retried (4 attempts), so a hung request costs at most ~4 minutes of one slot.
 * See README "CLI" for the reasoning and --timeout-ms.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

export interface LvlmClientOptions {
  /** Secret from SecretStorage / an environment variable; 'none' is sent when absent (local servers). */
  apiKey?: string;
  /** Per-attempt limit for the whole response, streaming included (default DEFAULT_REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Shared limiter: every attempt (retries too) takes a concurrency slot and an RPM token. */
  limiter?: RequestLimiter;
  onRetry?: (event: RetryEvent) => void;
}

export interface ChatCallOptions {
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
  /**
   * A retry is about to start after an attempt that had already streamed text: everything
   * received through `onDelta` so far is void, so the listener must drop it (no text twice).
   */
  onDiscard?: () => void;
  /** Keep the raw response body in the result (non-streaming only). */
  keepRaw?: boolean;
}

export function toSdkMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((m): ChatCompletionMessageParam => {
    if (m.role === 'assistant') {
      const text =
        typeof m.content === 'string'
          ? m.content
          : m.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
      return { role: 'assistant', content: text };
    }
    if (typeof m.content === 'string') return { role: m.role, content: m.content };
    if (m.role === 'system') {
      return { role: 'system', content: m.content.map((p) => (p.type === 'text' ? p.text : '')).join('') };
    }
    const parts: ChatCompletionContentPart[] = m.content.map((p) =>
      p.type === 'text'
        ? { type: 'text', text: p.text }
        : { type: 'image_url', image_url: { url: p.image.dataUrl } },
    );
    return { role: 'user', content: parts };
  });
}

export class LvlmClient {
  private readonly sdk: OpenAI;
  private readonly apiKey: string | undefined;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;

  constructor(
    readonly endpoint: LvlmEndpoint,
    private readonly options: LvlmClientOptions = {},
  ) {
    this.apiKey = options.apiKey && options.apiKey.length > 0 ? options.apiKey : undefined;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.sdk = createSdkClient(endpoint, this.apiKey, this.timeoutMs);
  }

  /** Sends one conversation and returns the assistant's reply, retrying transient failures. */
  async chat(
    messages: readonly ChatMessage[],
    params: ChatParams = {},
    options: ChatCallOptions = {},
  ): Promise<ChatResult> {
    const body = chatRequestBody(this.endpoint, toSdkMessages(messages), params);
    let streamedSinceStart = false;
    const onDelta = (text: string): void => {
      streamedSinceStart = true;
      options.onDelta?.(text);
    };
    const attemptOnce = (): Promise<Omit<ChatResult, 'attempts'>> => {
      if (streamedSinceStart) {
        streamedSinceStart = false;
        options.onDiscard?.();
      }
      return this.attempt(options.signal, (signal) =>
        params.stream
          ? this.streamOnce(body, signal, onDelta)
          : this.completeOnce(body, signal, options.keepRaw),
      );
    };
    const limiter = this.options.limiter;
    const limited = limiter
      ? (): Promise<Omit<ChatResult, 'attempts'>> => limiter.run(attemptOnce, options.signal)
      : attemptOnce;
    const { value, attempts } = await withRetries(this.retry, limited, {
      signal: options.signal,
      onRetry: this.options.onRetry,
    });
    return { ...value, attempts };
  }

  /** Model ids the server lists at /models (OpenAI-compatible servers; Azure lists base models). */
  async listModels(options: { signal?: AbortSignal } = {}): Promise<string[]> {
    return this.attempt(options.signal, async (signal) => {
      const ids: string[] = [];
      for await (const model of this.sdk.models.list({ signal })) ids.push(model.id);
      return ids;
    });
  }

  /** One attempt with the per-request timeout and the caller's signal linked, errors classified. */
  private async attempt<T>(
    callerSignal: AbortSignal | undefined,
    run: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    let abortedBy: 'timeout' | 'caller' | null = null;
    const unsubscribe = callerSignal
      ? onAbort(callerSignal, () => {
          abortedBy ??= 'caller';
          controller.abort();
        })
      : () => {};
    const timer = setTimeout(() => {
      abortedBy ??= 'timeout';
      controller.abort();
    }, this.timeoutMs);
    try {
      return await run(controller.signal);
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
      unsubscribe();
    }
  }

  private async completeOnce(
    body: ChatCompletionCreateParamsNonStreaming,
    signal: AbortSignal,
    keepRaw: boolean | undefined,
  ): Promise<Omit<ChatResult, 'attempts'>> {
    const started = performance.now();
    const response = await this.sdk.chat.completions.create(body, { signal });
    const choice = response.choices?.[0];
    const refusal = choice?.message?.refusal;
    if (
      choice &&
      typeof refusal === 'string' &&
      refusal !== '' &&
      typeof choice.message.content !== 'string'
    ) {
      return refusalResult(response, body, refusal, choice.finish_reason ?? null, started, keepRaw);
    }
    if (!choice || typeof choice.message?.content !== 'string') {
      throw new LvlmError(
        'The server returned no answer text (no choices[0].message.content).',
        'bad-response',
      );
    }
    const usage = response.usage;
    const result: Omit<ChatResult, 'attempts'> = {
      text: choice.message.content,
      usage: usage ? { input: usage.prompt_tokens ?? 0, output: usage.completion_tokens ?? 0 } : null,
      latencyMs: performance.now() - started,
      model: response.model ?? body.model,
      finishReason: choice.finish_reason ?? null,
    };
    if (keepRaw) result.raw = response;
    return result;
  }

  private async streamOnce(
    body: ChatCompletionCreateParamsNonStreaming,
    signal: AbortSignal,
    onDelta: ((text: string) => void) | undefined,
  ): Promise<Omit<ChatResult, 'attempts'>> {
    const started = performance.now();
    const stream = await this.sdk.chat.completions.create({ ...body, ...STREAM_FIELDS }, { signal });
    let text = '';
    let refusal = '';
    let model = body.model;
    let finishReason: string | null = null;
    let usage: ChatUsage | null = null;
    for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
      if (chunk.model) model = chunk.model;
      // Servers that ignore stream_options simply never send this chunk.
      if (chunk.usage)
        usage = { input: chunk.usage.prompt_tokens ?? 0, output: chunk.usage.completion_tokens ?? 0 };
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const delta = choice.delta?.content;
      if (delta) {
        text += delta;
        onDelta?.(delta);
      }
      const refusalDelta = choice.delta?.refusal;
      if (refusalDelta) refusal += refusalDelta;
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
    if (finishReason === null) {
      // A stream that ends without a finish reason was cut off (proxy, crash, dropped connection).
      throw new LvlmError('The streamed response ended before the model finished.', 'stream-interrupted');
    }
    const result: Omit<ChatResult, 'attempts'> = {
      text,
      usage,
      latencyMs: performance.now() - started,
      model,
      finishReason,
    };
    if (refusal !== '' && text === '') result.refusal = refusal;
    return result;
  }
}

/** The request body for one conversation: the one place that decides which fields are sent. */
export function chatRequestBody(
  endpoint: LvlmEndpoint,
  messages: ChatCompletionMessageParam[],
  params: ChatParams,
): ChatCompletionCreateParamsNonStreaming {
  const d = endpoint.defaults;
  const body: ChatCompletionCreateParamsNonStreaming = {
    model: endpoint.model,
    messages,
    temperature: params.temperature ?? d.temperature,
  };
  const limit = params.maxTokens ?? d.maxTokens;
  if (endpoint.tokenLimitParam === 'max_completion_tokens') body.max_completion_tokens = limit;
  else body.max_tokens = limit;
  const seed = params.seed ?? d.seed;
  if (seed !== undefined) body.seed = seed;
  return body;
}

/** Options a streamed request adds to the body (usage in the last chunk). */
export const STREAM_FIELDS = { stream: true, stream_options: { include_usage: true } } as const;

function refusalResult(
  response: { usage?: { prompt_tokens?: number; completion_tokens?: number } | null; model?: string },
  body: ChatCompletionCreateParamsNonStreaming,
  refusal: string,
  finishReason: string | null,
  started: number,
  keepRaw: boolean | undefined,
): Omit<ChatResult, 'attempts'> {
  const usage = response.usage;
  const result: Omit<ChatResult, 'attempts'> = {
    text: '',
    refusal,
    usage: usage ? { input: usage.prompt_tokens ?? 0, output: usage.completion_tokens ?? 0 } : null,
    latencyMs: performance.now() - started,
    model: response.model ?? body.model,
    finishReason,
  };
  if (keepRaw) result.raw = response;
  return result;
}
