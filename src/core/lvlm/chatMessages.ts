// Provider-neutral chat messages, as built by the prompt templates and sent by LvlmClient.
// Kept free of the `openai` types so prompts, the store and the UI need not import the SDK.
import type { EncodedImage } from './imageEncoding';

export type ChatRole = 'system' | 'user' | 'assistant';

export type ChatContentPart = { type: 'text'; text: string } | { type: 'image'; image: EncodedImage };

export interface ChatMessage {
  role: ChatRole;
  content: string | ChatContentPart[];
}

export interface ChatParams {
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  /** Stream the response (server-sent events); `onDelta` then receives text as it arrives. */
  stream?: boolean;
}

/** Which request field carries the token limit: OpenAI's newer models accept only the second. */
export type TokenLimitParam = 'max_tokens' | 'max_completion_tokens';
export const TOKEN_LIMIT_PARAMS: readonly TokenLimitParam[] = ['max_tokens', 'max_completion_tokens'];

export interface ChatUsage {
  input: number;
  output: number;
}

export interface ChatResult {
  text: string;
  /** Token counts reported by the server; null when it reported none. */
  usage: ChatUsage | null;
  /** From sending the first attempt to the end of the response. */
  latencyMs: number;
  /** Model name the server reports (may differ from the requested alias). */
  model: string;
  finishReason: string | null;
  /** The refusal text when the model declined (OpenAI `message.refusal`, `content` null); `text` is then ''. */
  refusal?: string | null;
  attempts: number;
  /** The final non-streaming response body, when requested via `keepRaw`. */
  raw?: unknown;
}
