// Durable file replacement: readers see either the old or the new file, never a mix,
// whatever moment the process is killed at.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `bytes` to `tempPath` (same folder as `path`), fsyncs it, renames it over `path`
 * and fsyncs the folder so the rename itself survives a power cut. On failure (a full disk)
 * the temp file is removed, so it cannot keep the disk full, and the first error is thrown.
 */
export function replaceFileDurably(path: string, tempPath: string, bytes: Uint8Array): void {
  const fd = openSync(tempPath, 'w');
  try {
    let written = 0;
    while (written < bytes.byteLength) {
      written += writeSync(fd, bytes, written, bytes.byteLength - written);
    }
    fsyncSync(fd);
  } catch (error) {
    closeQuietly(fd);
    rmSync(tempPath, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(tempPath, path);
  } catch (error) {
    rmSync(tempPath, { force: true });
    throw error;
  }
  fsyncDirectory(dirname(path));
}

/** Closing after a failed write may fail too; the write's error is the one worth reporting. */
function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // see above
  }
}

/** Makes a rename or file creation in `dir` durable. */
export function fsyncDirectory(dir: string): void {
  // Windows cannot open a folder as a file; NTFS journals renames itself.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
