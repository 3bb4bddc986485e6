// Response cache: identical requests (same server, model, parameters, prompt and image) are
// answered from the cache. Images enter the key by the SHA-256 of their original file bytes,
// not by the (large, possibly re-encoded) data URL.
import { createHash } from 'node:crypto';
import type { ChatMessage, ChatParams, ChatResult } from './chatMessages';
import type { LvlmClient } from './lvlmClient';

export interface CachedResponse {
  text: string;
  usage: ChatResult['usage'];
  model: string;
  finishReason: string | null;
}

/** Implemented in memory here and by the store for batch runs. */
export interface ResponseCache {
  get(key: string): Promise<CachedResponse | undefined>;
  set(key: string, response: CachedResponse): Promise<void>;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface CacheKeyInput {
  baseUrl: string;
  model: string;
  /** Effective sampling parameters (after endpoint defaults); `stream` is not part of the key. */
  params: { temperature: number; maxTokens: number; seed?: number };
  messages: readonly ChatMessage[];
}

export function responseCacheKey(input: CacheKeyInput): string {
  const messages = input.messages.map((m) => ({
    role: m.role,
    content:
      typeof m.content === 'string'
        ? m.content
        : m.content.map((p) => (p.type === 'text' ? { text: p.text } : { imageSha256: p.image.sha256 })),
  }));
  const canonical = stableJson({
    v: 1,
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    model: input.model,
    params: input.params,
    messages,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** The cache key of a request as `client` would send it. */
export function cacheKeyForClient(
  client: LvlmClient,
  messages: readonly ChatMessage[],
  params: ChatParams = {},
): string {
  const d = client.endpoint.defaults;
  const seed = params.seed ?? d.seed;
  return responseCacheKey({
    baseUrl: client.endpoint.baseUrl,
    model: client.endpoint.model,
    params: {
      temperature: params.temperature ?? d.temperature,
      maxTokens: params.maxTokens ?? d.maxTokens,
      ...(seed === undefined ? {} : { seed }),
    },
    messages,
  });
}

/** Least-recently-used in-memory cache. */
export class InMemoryResponseCache implements ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const found = this.entries.get(key);
    if (found === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, found);
    return found;
  }

  async set(key: string, response: CachedResponse): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, response);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}

/** chat() through a cache: a hit costs no request and reports zero latency and attempts. */
export async function chatWithCache(
  client: LvlmClient,
  cache: ResponseCache,
  messages: readonly ChatMessage[],
  params: ChatParams = {},
  options: Parameters<LvlmClient['chat']>[2] = {},
): Promise<{ result: ChatResult; cacheKey: string; fromCache: boolean }> {
  const cacheKey = cacheKeyForClient(client, messages, params);
  const hit = await cache.get(cacheKey);
  if (hit) return { result: { ...hit, latencyMs: 0, attempts: 0 }, cacheKey, fromCache: true };
  const result = await client.chat(messages, params, options);
  // A refusal is not cached: its text lives in `refusal`, and asking again may get an answer.
  if (result.finishReason !== null && !result.refusal) {
    await cache.set(cacheKey, {
      text: result.text,
      usage: result.usage,
      model: result.model,
      finishReason: result.finishReason,
    });
  }
  return { result, cacheKey, fromCache: false };
}
