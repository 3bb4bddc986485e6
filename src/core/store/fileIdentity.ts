// Tells whether a file was replaced or modified since we last read or wrote it (inode, size,
// modification time), without reading it.
import { statSync } from 'node:fs';

/** How a file looked when we last read or wrote it: a change means someone else replaced it. */
export interface FileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
}

export function identityOf(path: string): FileIdentity | undefined {
  try {
    const stat = statSync(path);
    return { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return undefined;
  }
}

export function sameIdentity(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
