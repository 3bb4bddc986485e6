// The host side of a webview: one table, method -> { parse, handle }. `deliver` checks the
// envelope, looks the method up among the table's own keys (never a prototype's), parses the
// params (untrusted: the page is a browser context) and runs the handler; every request gets
// exactly one response through `respond`, also when the method is unknown, the params are
// invalid or the handler throws. Kept free of `vscode` so it is unit-tested in Node.
import { errorText } from '../../shared/errorText';
import { hasOwn, isId, isObject } from '../../shared/guards';
import type { IpcResponse, RequestResult } from '../../shared/webviewIpc';
import { MAX_METHOD_LENGTH } from '../../shared/webviewIpc';

/** Returns the typed params, or undefined when they are not acceptable. */
export type ParamsParser<P> = (params: unknown) => P | undefined;

export interface RequestHandler<P, R, C> {
  parse: ParamsParser<P>;
  handle(params: P, context: C): R | Promise<R>;
  /** Runs once a successful response went out (e.g. start streaming what the reply announced). */
  afterResponse?(value: R, context: C): void | Promise<void>;
}

export interface CommandHandler<P, C> {
  parse: ParamsParser<P>;
  handle(params: P, context: C): void | Promise<void>;
}

/** `{ method: { params, result } }` -> the request handlers of those methods. */
export type RequestHandlers<T extends { [M in keyof T]: { params: unknown; result: unknown } }, C> = {
  [M in keyof T & string]: RequestHandler<T[M]['params'], T[M]['result'], C>;
};

/** `{ method: params }` -> the command handlers of those methods. */
export type CommandHandlers<T extends { [M in keyof T]: unknown }, C> = {
  [M in keyof T & string]: CommandHandler<T[M], C>;
};

/** What happened to one message (for logs and tests). */
export type DeliveryOutcome =
  | { status: 'handled'; method: string }
  | { status: 'failed'; method: string; error: string }
  | { status: 'rejected'; reason: string };

/** Posts a message to the page (a webview's `postMessage`; what it returns is ignored). */
export type PostMessage = (message: unknown) => unknown;

/** The one way a host answers a request. */
export function respond<R>(post: PostMessage, id: number, method: string, result: RequestResult<R>): void {
  const message: IpcResponse<string, R> = { kind: 'response', id, method, result };
  void post(message);
}

/** A service's expected failure (`{ ok: false }`) as a handler's throw, so `respond` sends it. */
export function valueOf<T>(result: RequestResult<T>): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

export class WebviewHandlerTable<C> {
  constructor(
    private readonly requests: Record<string, RequestHandler<never, unknown, C>>,
    private readonly commands: Record<string, CommandHandler<never, C>>,
  ) {}

  /** Handles one raw message from the page; never throws. */
  async deliver(raw: unknown, context: C, post: PostMessage): Promise<DeliveryOutcome> {
    if (!isObject(raw)) return { status: 'rejected', reason: 'not an object' };
    const { kind, method, params } = raw;
    if (typeof method !== 'string' || method.length === 0 || method.length > MAX_METHOD_LENGTH) {
      if (kind === 'request' && isId(raw.id)) {
        respond(post, raw.id, '', { ok: false, error: 'Invalid request: no method.' });
      }
      return { status: 'rejected', reason: 'no method' };
    }
    if (kind === 'request') {
      if (!isId(raw.id)) return { status: 'rejected', reason: 'request without a valid id' };
      return this.request(raw.id, method, params, context, post);
    }
    if (kind === 'command') return this.command(method, params, context);
    return { status: 'rejected', reason: `unknown message kind` };
  }

  private async request(
    id: number,
    method: string,
    params: unknown,
    context: C,
    post: PostMessage,
  ): Promise<DeliveryOutcome> {
    const handler = hasOwn(this.requests, method) ? this.requests[method] : undefined;
    if (!handler) {
      respond(post, id, method, { ok: false, error: `Unknown request "${method}".` });
      return { status: 'rejected', reason: 'unknown method' };
    }
    const parsed = handler.parse(params);
    if (parsed === undefined) {
      respond(post, id, method, { ok: false, error: `Invalid parameters for "${method}".` });
      return { status: 'rejected', reason: 'invalid params' };
    }
    let value: unknown;
    try {
      value = await handler.handle(parsed as never, context);
    } catch (error) {
      const text = errorText(error);
      respond(post, id, method, { ok: false, error: text });
      return { status: 'failed', method, error: text };
    }
    respond(post, id, method, { ok: true, value });
    if (!handler.afterResponse) return { status: 'handled', method };
    try {
      await handler.afterResponse(value as never, context);
      return { status: 'handled', method };
    } catch (error) {
      // The page already has its answer; the failure is reported to the caller, not posted twice.
      return { status: 'failed', method, error: errorText(error) };
    }
  }

  private async command(method: string, params: unknown, context: C): Promise<DeliveryOutcome> {
    const handler = hasOwn(this.commands, method) ? this.commands[method] : undefined;
    if (!handler) return { status: 'rejected', reason: 'unknown method' };
    const parsed = handler.parse(params);
    if (parsed === undefined) return { status: 'rejected', reason: 'invalid params' };
    try {
      await handler.handle(parsed as never, context);
      return { status: 'handled', method };
    } catch (error) {
      return { status: 'failed', method, error: errorText(error) };
    }
  }
}

/** Builds a table from typed handler maps (the types tie each method to its params and result). */
export function handlerTable<
  Req extends { [M in keyof Req]: { params: unknown; result: unknown } },
  Cmd extends { [M in keyof Cmd]: unknown },
  C,
>(requests: RequestHandlers<Req, C>, commands: CommandHandlers<Cmd, C>): WebviewHandlerTable<C> {
  return new WebviewHandlerTable<C>(
    requests as unknown as Record<string, RequestHandler<never, unknown, C>>,
    commands as unknown as Record<string, CommandHandler<never, C>>,
  );
}
