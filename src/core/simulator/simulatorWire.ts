// The OpenAI wire format as the simulated server writes it: JSON and error bodies, completions
// (plain and server-sent events) and the injected faults (bad JSON, cut-off responses).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector, FaultKind } from './faultInjection';

/** Rough token count: whitespace-separated words x 1.3, as a stand-in for a tokenizer. */
export function estimateTokens(text: string): number {
  const words = text.split(/\s+/).filter((w) => w.length > 0).length;
  return Math.ceil(words * 1.3);
}

/** Image tokens per image, as LLaVA-1.5 spends (24 x 24 patches). */
export const TOKENS_PER_IMAGE = 576;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** An error body shaped like OpenAI's: { error: { message, type, param, code } }. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { message, type, param: null, code } }, headers);
}

export function readBody(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function isLoopback(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? '';
  return a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1';
}

const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

export interface CompletionToWrite {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  promptText: string;
  images: number;
  text: string;
  maxTokens: number;
  /** Cut the answer after a few words and report finish_reason "length" (the `length` fault). */
  forceLength?: boolean;
  /** Answer with this refusal instead of content (the `refusal` fault). */
  refusal?: string;
}

/** How many tokens a forced "length" answer keeps. */
const FORCED_LENGTH_TOKENS = 3;

/** Writes a whole completion at once (streams too: the latency was already waited out). */
export function writeCompletion(res: ServerResponse, c: CompletionToWrite): void {
  let text = c.refusal === undefined ? c.text : c.refusal;
  let finishReason = 'stop';
  const limit = c.forceLength ? Math.min(c.maxTokens, FORCED_LENGTH_TOKENS) : c.maxTokens;
  if (c.refusal === undefined && (c.forceLength || estimateTokens(text) > limit)) {
    text = text
      .split(/\s+/)
      .slice(0, Math.max(1, Math.floor(limit / 1.3)))
      .join(' ');
    finishReason = 'length';
  }
  const promptTokens = estimateTokens(c.promptText) + c.images * TOKENS_PER_IMAGE;
  const completionTokens = estimateTokens(text);
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const model = c.model;
  if (!c.stream) {
    const message =
      c.refusal === undefined
        ? { role: 'assistant', content: text, refusal: null }
        : { role: 'assistant', content: null, refusal: text };
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      usage,
    });
    return;
  }
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`;
  let out = chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
  const field = c.refusal === undefined ? 'content' : 'refusal';
  for (const piece of text.match(/\S+\s*/g) ?? [text]) {
    out += chunk([{ index: 0, delta: { [field]: piece }, finish_reason: null }]);
  }
  out += chunk([{ index: 0, delta: {}, finish_reason: finishReason }]);
  if (c.includeUsage) out += chunk([], { usage });
  out += 'data: [DONE]\n\n';
  res.writeHead(200, SSE_HEADERS);
  res.end(out);
}

/** Writes the injected fault, if any; returns true when the request has been dealt with. */
export function writeFault(
  res: ServerResponse,
  kind: FaultKind | null,
  stream: boolean,
  faults: FaultInjector,
): boolean {
  switch (kind) {
    case null:
      return false;
    case 'fail-first': {
      const status = faults.failFirstStatus;
      const limited = status === 429;
      const headers: Record<string, string> = limited ? { 'retry-after': faults.retryAfterHeader() } : {};
      const type = limited ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
      sendError(res, status, `Simulated failure (${status}).`, type, null, headers);
      return true;
    }
    case 'rate-limit':
      sendError(res, 429, 'Rate limit reached (simulated).', 'rate_limit_error', 'rate_limit_exceeded', {
        'retry-after': faults.retryAfterHeader(),
      });
      return true;
    case 'server-error':
      sendError(
        res,
        500,
        'The server had an error processing your request (simulated).',
        'server_error',
        null,
      );
      return true;
    case 'unauthorized':
      sendError(
        res,
        401,
        'Incorrect API key provided (simulated).',
        'invalid_request_error',
        'invalid_api_key',
      );
      return true;
    case 'malformed-json':
      if (stream) {
        res.writeHead(200, SSE_HEADERS);
        res.end('data: {"id": "broken", "choices": [\n\n');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id": "chatcmpl-broken", "choices": [ {"message": ');
      }
      return true;
    case 'length':
    case 'refusal':
      return false; // answered, in a special way: see writeCompletion
    case 'hang':
      return true; // never answered: the client's timeout (or close()) ends it
    case 'truncate':
      if (stream) {
        res.writeHead(200, SSE_HEADERS);
        const delta = { role: 'assistant', content: 'Answer:' };
        const first = { id: 'chatcmpl-cut', object: 'chat.completion.chunk', created: 0, model: 'simulated' };
        res.write(
          `data: ${JSON.stringify({ ...first, choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`,
        );
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
        res.write('{"id": "chatcmpl-cut", "object": "chat.completion", "choices": [');
      }
      // Let the partial data leave before cutting the connection.
      setTimeout(() => res.socket?.destroy(), 5);
      return true;
  }
}
