// Reads a dataset's image files without leaving the dataset root. A row's image path may be a
// symlink (or sit under a symlinked folder) pointing anywhere, including /dev/zero or a FIFO,
// so every read resolves the real path, refuses what lies outside the real root, and reads
// only a regular file of bounded size from the descriptor it checked.
import { close, constants, fstat, open, read, realpath, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import {
  encodeImageBytes,
  ImageEncodingError,
  type EncodedImage,
  type ImageEncodingOptions,
} from '../lvlm/imageEncoding';

/** Largest image file read for a run or the panel unless a run sets another limit. */
export const DEFAULT_MAX_IMAGE_BYTES = 50 * 1024 * 1024;

/**
 * O_NONBLOCK: opening a FIFO must not wait for a writer. O_NOFOLLOW: the path opened is the
 * resolved one, so a symlink swapped in after the check is refused instead of followed.
 * Both are POSIX only (undefined on Windows, where neither hazard applies the same way).
 */
const OPEN_FLAGS =
  constants.O_RDONLY |
  ((constants.O_NONBLOCK as number | undefined) ?? 0) |
  ((constants.O_NOFOLLOW as number | undefined) ?? 0);

/** True when `realPath` is `realRoot` itself or below it (both already resolved). */
export function isInsideRoot(realRoot: string, realPath: string): boolean {
  const rel = relative(realRoot, realPath);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** What a non-regular file is, for messages ("a FIFO"). */
export function describeFileKind(
  stats: Pick<Stats, 'isDirectory' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>,
): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

export function notRegularFileReason(path: string, stats: Parameters<typeof describeFileKind>[0]): string {
  return stats.isDirectory()
    ? `${path} is a directory, not an image file`
    : `${path} is not a regular file (${describeFileKind(stats)})`;
}

export function outsideRootReason(path: string, realPath: string, realRoot: string): string {
  return `${path} resolves to ${realPath}, outside the dataset root ${realRoot}`;
}

/**
 * Whether the panel may show `imagePath` (relative to `rootDir`): a regular file whose real path
 * is under the real root. Synchronous and read-free: the webview loads the file itself.
 */
export function checkDatasetImageFile(
  rootDir: string,
  imagePath: string,
): { ok: true } | { ok: false; reason: string } {
  const path = resolve(rootDir, imagePath);
  let realRoot: string;
  let real: string;
  let stats: Stats;
  try {
    realRoot = realpathSync.native(rootDir);
    real = realpathSync.native(path);
    stats = statSync(real);
  } catch (error) {
    return {
      ok: false,
      reason: `Image file not found: ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  }
  if (!isInsideRoot(realRoot, real))
    return { ok: false, reason: `Image ${outsideRootReason(path, real, realRoot)}; not shown.` };
  if (!stats.isFile()) return { ok: false, reason: `Image ${notRegularFileReason(path, stats)}.` };
  return { ok: true };
}

function call<T>(start: (done: (error: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    start((error, value) => (error ? reject(error) : resolvePromise(value)));
  });
}

/**
 * Reads images of one dataset root. Uses the callback API: at hundreds of images a second,
 * fs/promises' FileHandle round trips cost measurably more main-thread time.
 */
export class DatasetImageReader {
  private realRoot: Promise<string> | undefined;

  constructor(
    readonly rootDir: string,
    readonly maxBytes: number = DEFAULT_MAX_IMAGE_BYTES,
  ) {}

  /** The bytes of `imagePath` (relative to the root); every refusal is an ImageEncodingError naming the path. */
  async read(imagePath: string): Promise<Buffer> {
    const path = this.pathOf(imagePath);
    const fail = (message: string, reason: ConstructorParameters<typeof ImageEncodingError>[1]): never => {
      throw new ImageEncodingError(message, reason, path);
    };
    const code = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? 'error';
    let realRoot: string;
    let real: string;
    try {
      realRoot = await this.resolvedRoot();
      real = await call<string>((done) => realpath.native(path, done));
    } catch (error) {
      return fail(`Image ${path} cannot be read (${code(error)}).`, 'unreadable');
    }
    if (!isInsideRoot(realRoot, real))
      fail(`Image ${outsideRootReason(path, real, realRoot)}; not read.`, 'outside-root');
    let fd: number;
    try {
      fd = await call<number>((done) => open(real, OPEN_FLAGS, done));
    } catch (error) {
      return fail(`Image ${path} cannot be read (${code(error)}).`, 'unreadable');
    }
    try {
      return await this.readOpened(fd, path);
    } finally {
      close(fd, () => {
        // nothing to do: the bytes were read (or the error is already on its way)
      });
    }
  }

  /** The path an image is read from, as messages name it. */
  pathOf(imagePath: string): string {
    return resolve(this.rootDir, imagePath);
  }

  private async readOpened(fd: number, path: string): Promise<Buffer> {
    const stats = await call<Stats>((done) => fstat(fd, done));
    if (!stats.isFile())
      throw new ImageEncodingError(`Image ${notRegularFileReason(path, stats)}.`, 'not-a-file', path);
    if (stats.size > this.maxBytes) {
      throw new ImageEncodingError(
        `Image ${path} is ${stats.size} bytes, over the ${this.maxBytes}-byte image size limit.`,
        'too-large',
        path,
      );
    }
    // Bounded by the size checked above: a file growing while it is read is cut at that size.
    const bytes = Buffer.allocUnsafe(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const n = await call<number>((done) => read(fd, bytes, filled, bytes.length - filled, filled, done));
      if (n === 0) break;
      filled += n;
    }
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  }

  private resolvedRoot(): Promise<string> {
    this.realRoot ??= call<string>((done) => realpath.native(this.rootDir, done));
    return this.realRoot;
  }
}

/**
 * Reads `imagePath` (relative to the reader's root) through every guard of the reader and
 * encodes it for a chat request: the one way an image of a dataset reaches a model.
 */
export async function encodeDatasetImage(
  reader: DatasetImageReader,
  imagePath: string,
  options: ImageEncodingOptions = {},
): Promise<EncodedImage> {
  const bytes = await reader.read(imagePath);
  return encodeImageBytes(bytes, reader.pathOf(imagePath), options);
}
