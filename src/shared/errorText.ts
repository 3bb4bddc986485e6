// The one way an error becomes text for a person (a message, the Output channel, a reply to
// a webview): our errors' messages are written to be shown as they are.

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return String(error);
  } catch {
    return 'unknown error';
  }
}
