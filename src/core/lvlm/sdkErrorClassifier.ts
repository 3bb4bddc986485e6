// Maps whatever the openai SDK (or fetch underneath it) throws onto an LvlmError with a reason
// and a message a user can act on. The API key never reaches these messages.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { LvlmError, redactSecret } from './lvlmErrors';
import { parseRetryAfter } from './retryPolicy';

export interface ClassifyContext {
  baseUrl: string;
  model: string;
  apiKey: string | undefined;
  timeoutMs: number;
  /** Which abort fired, if any: the per-request timer or the caller's signal. */
  abortedBy: 'timeout' | 'caller' | null;
}

/** Walks `cause` links looking for a Node error code such as ECONNREFUSED. */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The innermost message ("fetch failed" says little; its cause says why). */
function innermostMessage(error: unknown): string | undefined {
  let message: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    if (current instanceof Error && current.message) message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}

function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  const text = typeof body?.message === 'string' ? body.message : error.message;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function networkError(error: unknown, ctx: ClassifyContext): LvlmError {
  const code = causeCode(error);
  const host = (() => {
    try {
      return new URL(ctx.baseUrl).host;
    } catch {
      return ctx.baseUrl;
    }
  })();
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new LvlmError(`Host ${host} could not be resolved (DNS ${code}). Check the base URL.`, 'dns');
  }
  if (code === 'ECONNREFUSED') {
    return new LvlmError(
      `Connection to ${host} was refused: is the model server running?`,
      'connection-refused',
    );
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') {
    return new LvlmError(`${host} did not respond in time (${code}).`, 'timeout');
  }
  const what = [code, innermostMessage(error)].filter((x) => x !== undefined).join(': ') || 'network error';
  return new LvlmError(`The connection to ${host} failed (${redactSecret(what, ctx.apiKey)}).`, 'connection');
}

function statusError(error: APIError, status: number, ctx: ClassifyContext): LvlmError {
  const said = redactSecret(serverMessage(error), ctx.apiKey);
  const retryAfterMs = parseRetryAfter(error.headers);
  const details = retryAfterMs === undefined ? { status } : { status, retryAfterMs };
  if (status === 401 || status === 403) {
    return new LvlmError(`The server refused the API key (${status}): ${said}`, 'auth', details);
  }
  if (status === 404) {
    return new LvlmError(
      `Not found (404): model "${ctx.model}" or the API path at ${ctx.baseUrl} does not exist. Server said: ${said}`,
      'not-found',
      details,
    );
  }
  if (status === 429)
    return new LvlmError(`Rate limited by the server (429): ${said}`, 'rate-limited', details);
  if (status === 408)
    return new LvlmError(`The server timed out the request (408): ${said}`, 'timeout', details);
  if (status >= 500) return new LvlmError(`Server error (${status}): ${said}`, 'server', details);
  return new LvlmError(`The server rejected the request (${status}): ${said}`, 'bad-request', details);
}

export function classifySdkError(error: unknown, ctx: ClassifyContext): LvlmError {
  if (error instanceof LvlmError) return error;
  if (ctx.abortedBy === 'timeout') {
    return new LvlmError(`No complete response within ${ctx.timeoutMs} ms.`, 'timeout');
  }
  if (ctx.abortedBy === 'caller' || error instanceof APIUserAbortError) {
    return new LvlmError('The request was cancelled.', 'aborted');
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new LvlmError(`No response within ${ctx.timeoutMs} ms.`, 'timeout');
  }
  if (error instanceof APIConnectionError) return networkError(error.cause ?? error, ctx);
  if (error instanceof APIError && typeof error.status === 'number')
    return statusError(error, error.status, ctx);
  if (error instanceof SyntaxError) {
    // Retryable: a body that does not parse is usually a one-off (a proxy, a cut buffer).
    return new LvlmError(
      `The server's response is not valid JSON (${redactSecret(error.message, ctx.apiKey)}).`,
      'malformed-response',
    );
  }
  // fetch reports a body cut off mid-way as TypeError('terminated') with a socket error cause.
  if (
    error instanceof TypeError &&
    /terminated|other side closed/i.test(error.message + String(error.cause))
  ) {
    return new LvlmError('The response was cut off before it was complete.', 'stream-interrupted');
  }
  if (causeCode(error)) return networkError(error, ctx);
  const text = error instanceof Error ? error.message : String(error);
  return new LvlmError(
    `Unexpected failure talking to the model: ${redactSecret(text, ctx.apiKey)}`,
    'bad-response',
  );
}
