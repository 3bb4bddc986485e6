// sql.js keeps the whole database in one buffer and writes it out as one, which fails near
// 2 GiB (about 5 million samples) after minutes of work. An import projects the final size
// from the part of the file read so far and stops early, with the limit in the message.
import type { ReadPosition } from '../boundedLines';
import { FinerLensError } from '../errors';

/** The largest database an import may produce: 1.8 GiB, under the 2 GiB hard limit. */
export const MAX_DATABASE_BYTES = Math.floor(1.8 * 1024 ** 3);

/** Projections from less input than this are too noisy to act on (unless that is the whole file). */
const MIN_BYTES_FOR_PROJECTION = 4 * 1024 * 1024;

export class DatabaseSizeLimitError extends FinerLensError {
  constructor(
    file: string,
    readonly projectedBytes: number,
    readonly limitBytes: number,
    rowsRead: number,
  ) {
    super(
      `${file}: importing it would make the database about ${formatSize(projectedBytes)}, over the limit of ` +
        `${formatSize(limitBytes)} (the database is held in memory as one buffer; about 5 million samples in ` +
        `all). Stopped after ${rowsRead} rows; nothing was written. Split the file, or import it into another ` +
        `database (--db).`,
    );
  }
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return `${Math.round(bytes / 1024 ** 2)} MB`;
}

export interface DatabaseSizeBudgetOptions {
  file: string;
  /** Size of the row file in bytes. */
  inputBytes: number;
  /** How far the row reader has got; updated by the reader as it reads. */
  position: ReadPosition;
  limitBytes?: number;
}

export class DatabaseSizeBudget {
  private startBytes: number | undefined;
  readonly limitBytes: number;

  constructor(private readonly options: DatabaseSizeBudgetOptions) {
    this.limitBytes = options.limitBytes ?? MAX_DATABASE_BYTES;
  }

  /** Throws DatabaseSizeLimitError when the whole file would take the database over the limit. */
  check(databaseBytes: number, rowsRead: number): void {
    // The first call (before any row) fixes the size the import started from.
    this.startBytes ??= databaseBytes;
    const read = this.options.position.bytesRead;
    const whole = this.options.inputBytes;
    if (read <= 0 || (read < MIN_BYTES_FOR_PROJECTION && read < whole)) return;
    const projected = this.startBytes + (databaseBytes - this.startBytes) * Math.max(1, whole / read);
    if (projected > this.limitBytes) {
      throw new DatabaseSizeLimitError(this.options.file, projected, this.limitBytes, rowsRead);
    }
  }
}
