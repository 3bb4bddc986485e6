// The wire format between a webview page and its host, for every Finer Lens webview: commands
// (fire and forget), requests (answered by exactly one response with the same id) and
// notifications (host -> page). Each webview names its own methods and their types.

export type RequestResult<T> = { ok: true; value: T } | { ok: false; error: string };

export interface IpcCommand<M extends string = string, P = unknown> {
  kind: 'command';
  method: M;
  params: P;
}

export interface IpcRequest<M extends string = string, P = unknown> {
  kind: 'request';
  id: number;
  method: M;
  params: P;
}

export interface IpcResponse<M extends string = string, R = unknown> {
  kind: 'response';
  id: number;
  method: M;
  result: RequestResult<R>;
}

export interface IpcNotification<M extends string = string, P = unknown> {
  kind: 'notification';
  method: M;
  params: P;
}

/** The longest method name a page may send; longer ones are refused unread. */
export const MAX_METHOD_LENGTH = 100;
