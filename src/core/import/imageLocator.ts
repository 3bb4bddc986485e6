// Turns the image path of a row into a path relative to the dataset root. FINER releases
// carry absolute paths from the authors' machines, so those are re-rooted under the
// folder the user picked by trying ever shorter suffixes of the path.
import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

export type LocateResult = { ok: true; imagePath: string } | { ok: false; reason: string };

const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]/;

export function isAbsoluteImagePath(p: string): boolean {
  return isAbsolute(p) || WINDOWS_ABSOLUTE.test(p) || p.startsWith('\\\\');
}

/** Path segments of a release path, whichever separator it was written with (drive letter dropped). */
export function pathSegments(p: string): string[] {
  const segments = p.split(/[\\/]+/);
  if (segments.length > 0 && /^[A-Za-z]:$/.test(segments[0] ?? '')) segments.shift();
  return segments.filter((s) => s !== '' && s !== '.');
}

/** True for "a/b/c.jpg": forward slashes only, no empty, "." or ".." segment, not absolute. */
function isCleanRelative(p: string): boolean {
  if (p === '' || p.charCodeAt(0) === 47 || p.includes('\\')) return false;
  for (const segment of p.split('/')) if (segment === '' || segment === '.' || segment === '..') return false;
  return true;
}

/** `abs` relative to `root` with forward slashes, or undefined when it lies outside `root`. */
export function relativeInside(root: string, abs: string): string | undefined {
  const rel = relative(root, abs);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/**
 * Answers "does this file exist?" for many files by listing each folder once: a dataset
 * has far fewer folders than images, so this saves most file-system calls. A name missing
 * from the listing is checked directly (case-insensitive file systems, late additions).
 */
export class FileExistenceCache {
  private readonly listings = new Map<string, Set<string>>();

  exists(dir: string, name: string): boolean {
    let names = this.listings.get(dir);
    if (!names) {
      try {
        names = new Set(readdirSync(dir));
      } catch {
        names = new Set();
      }
      this.listings.set(dir, names);
    }
    return names.has(name) || existsSync(join(dir, name));
  }

  /** `rel` is a clean relative path with forward slashes. */
  existsUnder(root: string, rel: string): boolean {
    const slash = rel.lastIndexOf('/');
    const dir =
      slash < 0
        ? root
        : `${root}${sep}${sep === '/' ? rel.slice(0, slash) : rel.slice(0, slash).split('/').join(sep)}`;
    return this.exists(dir, rel.slice(slash + 1));
  }
}

/**
 * The first of ever shorter suffixes of `absPath` (longest first, forward slashes) that
 * `exists` accepts as a path relative to the dataset root; undefined if none does.
 */
export function rerootImagePath(
  absPath: string,
  exists: (rel: string) => boolean,
): { imagePath: string; dropped: number } | undefined {
  const segments = pathSegments(absPath);
  if (segments.includes('..')) return undefined;
  for (let dropped = 0; dropped < segments.length; dropped++) {
    const rel = segments.slice(dropped).join('/');
    if (exists(rel)) return { imagePath: rel, dropped };
  }
  return undefined;
}

/** Resolves row image paths against one dataset root; remembers how release paths re-root. */
export class ImageLocator {
  /** Leading parts (forward slashes, ending in "/") of release paths that re-rooted before. */
  private readonly learnedPrefixes: string[] = [];
  private readonly files = new FileExistenceCache();
  private readonly existsRel = (rel: string): boolean => this.files.existsUnder(this.rootDir, rel);
  private readonly rootPrefix: string;

  constructor(
    readonly rootDir: string,
    private readonly checkImages: boolean,
  ) {
    this.rootPrefix = rootDir.endsWith(sep) ? rootDir : rootDir + sep;
  }

  locate(imagePath: string): LocateResult {
    if (isAbsoluteImagePath(imagePath)) return this.locateAbsolute(imagePath);
    let rel: string | undefined = imagePath;
    if (!isCleanRelative(rel)) {
      rel = relativeInside(this.rootDir, resolve(this.rootDir, imagePath.replace(/\\/g, '/')));
      if (rel === undefined) return { ok: false, reason: `path escapes the dataset root (${this.rootDir})` };
    }
    if (this.checkImages && !this.existsRel(rel)) {
      return { ok: false, reason: `image not found: ${join(this.rootDir, rel)}` };
    }
    return { ok: true, imagePath: rel };
  }

  private locateAbsolute(absPath: string): LocateResult {
    // Only paths with "." or ".." segments (or doubled separators) need path.resolve.
    const nativeAbs = isAbsolute(absPath)
      ? /[\\/]\.|\/\/|\\/.test(absPath)
        ? resolve(absPath)
        : absPath
      : undefined;
    if (nativeAbs !== undefined && nativeAbs.startsWith(this.rootPrefix)) {
      const inside = relativeInside(this.rootDir, nativeAbs);
      if (inside !== undefined && (!this.checkImages || this.existsRel(inside)))
        return { ok: true, imagePath: inside };
    }
    const forward = absPath.includes('\\') ? absPath.replace(/\\/g, '/') : absPath;
    for (const prefix of this.learnedPrefixes) {
      if (!forward.startsWith(prefix)) continue;
      const rel = forward.slice(prefix.length);
      if (isCleanRelative(rel) && (!this.checkImages || this.existsRel(rel)))
        return { ok: true, imagePath: rel };
    }
    const rerooted = rerootImagePath(absPath, this.existsRel);
    if (rerooted) {
      if (forward.endsWith(`/${rerooted.imagePath}`))
        this.learn(forward.slice(0, forward.length - rerooted.imagePath.length));
      return { ok: true, imagePath: rerooted.imagePath };
    }
    if (nativeAbs !== undefined && existsSync(nativeAbs)) {
      return { ok: false, reason: `path escapes the dataset root (${this.rootDir})` };
    }
    return {
      ok: false,
      reason: `image not found: ${absPath} (nor under ${this.rootDir} by any suffix of the path)`,
    };
  }

  private learn(prefix: string): void {
    const at = this.learnedPrefixes.indexOf(prefix);
    if (at === 0) return;
    if (at > 0) this.learnedPrefixes.splice(at, 1);
    this.learnedPrefixes.unshift(prefix);
    if (this.learnedPrefixes.length > 8) this.learnedPrefixes.pop();
  }
}
