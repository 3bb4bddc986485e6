// Maps SQLite failures of a write to StoreErrors a user can act on.
import { errorText } from '../../shared/errorText';
import { StoreError } from '../errors';

export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const text = errorText(error);
  if (/FOREIGN KEY constraint failed/.test(text)) {
    return new StoreError('The item this change refers to no longer exists.', 'not-found', { cause: error });
  }
  if (/constraint failed/.test(text)) {
    return new StoreError(`Invalid change: ${text}`, 'invalid', { cause: error });
  }
  return error;
}

/** File-system failures (permissions, disk full) become StoreError 'io' naming what failed. */
export function asStoreError(error: unknown, what: string): StoreError {
  if (error instanceof StoreError) return error;
  return new StoreError(`${what}: ${errorText(error)}`, 'io', { cause: error });
}
