// A few error classes whose `message` is fit to show a user as-is.

export class FinerLensError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input data: names the file (and line / field when known). */
export class InputError extends FinerLensError {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly field?: string,
  ) {
    super(message);
  }
}

export type StoreErrorReason =
  'not-sqlite' | 'corrupt' | 'newer-schema' | 'locked' | 'conflict' | 'io' | 'not-found' | 'invalid';

/** A problem with the database file or an operation on it. */
export class StoreError extends FinerLensError {
  constructor(
    message: string,
    readonly reason: StoreErrorReason,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
