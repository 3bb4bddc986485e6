// Turns the image path of a row into a path relative to the dataset root. FINER releases
// carry absolute paths from the authors' machines, so those are re-rooted under the
// folder the user picked by trying ever shorter suffixes of the path. With image checks on,
// only a regular file whose real path (symlinks resolved) lies under the real root is accepted.
import { existsSync, lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isInsideRoot, notRegularFileReason, outsideRootReason } from '../images/datasetImageFile';

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

/** What a folder listing says a name is; symlinks are resolved later, by the locator. */
export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

function kindOf(entry: Dirent | Stats): EntryKind {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  if (entry.isSymbolicLink()) return 'symlink';
  return 'other';
}

/**
 * Answers "what is this file?" for many files by listing each folder once: a dataset has far
 * fewer folders than images, and the listing carries each entry's type, so this saves most
 * file-system calls. A name missing from the listing is checked directly (case-insensitive
 * file systems, late additions).
 */
export class FileExistenceCache {
  private readonly listings = new Map<string, Map<string, EntryKind>>();

  kind(dir: string, name: string): EntryKind | undefined {
    let entries = this.listings.get(dir);
    if (!entries) {
      entries = new Map();
      try {
        for (const entry of readdirSync(dir, { withFileTypes: true })) entries.set(entry.name, kindOf(entry));
      } catch {
        // an unreadable or missing folder lists nothing; names are then checked one by one
      }
      this.listings.set(dir, entries);
    }
    const listed = entries.get(name);
    if (listed !== undefined) return listed;
    try {
      return kindOf(lstatSync(join(dir, name)));
    } catch {
      return undefined;
    }
  }

  exists(dir: string, name: string): boolean {
    return this.kind(dir, name) !== undefined;
  }

  /** `rel` is a clean relative path with forward slashes. */
  kindUnder(root: string, rel: string): EntryKind | undefined {
    const slash = rel.lastIndexOf('/');
    const dir =
      slash < 0
        ? root
        : `${root}${sep}${sep === '/' ? rel.slice(0, slash) : rel.slice(0, slash).split('/').join(sep)}`;
    return this.kind(dir, rel.slice(slash + 1));
  }

  existsUnder(root: string, rel: string): boolean {
    return this.kindUnder(root, rel) !== undefined;
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
  /** Real path of the root ('') and of each image folder, and whether it is inside the real root. */
  private readonly folders = new Map<string, { realDir: string | null; inside: boolean }>();

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
    return this.verified(rel);
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
      if (inside !== undefined && (!this.checkImages || this.existsRel(inside))) return this.verified(inside);
    }
    const forward = absPath.includes('\\') ? absPath.replace(/\\/g, '/') : absPath;
    for (const prefix of this.learnedPrefixes) {
      if (!forward.startsWith(prefix)) continue;
      const rel = forward.slice(prefix.length);
      if (isCleanRelative(rel) && (!this.checkImages || this.existsRel(rel))) return this.verified(rel);
    }
    const rerooted = rerootImagePath(absPath, this.existsRel);
    if (rerooted) {
      if (forward.endsWith(`/${rerooted.imagePath}`))
        this.learn(forward.slice(0, forward.length - rerooted.imagePath.length));
      return this.verified(rerooted.imagePath);
    }
    if (nativeAbs !== undefined && existsSync(nativeAbs)) {
      return { ok: false, reason: `path escapes the dataset root (${this.rootDir})` };
    }
    return {
      ok: false,
      reason: `image not found: ${absPath} (nor under ${this.rootDir} by any suffix of the path)`,
    };
  }

  /**
   * `rel` exists under the root; with image checks on it must be a regular file whose real
   * path stays under the real root (a symlinked file or folder may point anywhere).
   */
  private verified(rel: string): LocateResult {
    if (!this.checkImages) return { ok: true, imagePath: rel };
    const slash = rel.lastIndexOf('/');
    const folder = this.folder(slash < 0 ? '' : rel.slice(0, slash));
    // The common case, a plain file in a folder inside the root, costs two map look-ups.
    if (folder.inside && this.files.kindUnder(this.rootDir, rel) === 'file')
      return { ok: true, imagePath: rel };
    return this.verifiedSlowly(rel, folder);
  }

  private verifiedSlowly(rel: string, folder: { realDir: string | null }): LocateResult {
    const path = join(this.rootDir, rel);
    const realRoot = this.folder('').realDir;
    if (realRoot === null || folder.realDir === null)
      return { ok: false, reason: `image not found: ${path} (its folder cannot be resolved)` };
    let real = join(folder.realDir, basename(path));
    if (this.files.kindUnder(this.rootDir, rel) === 'symlink') {
      try {
        real = realpathSync.native(path);
      } catch {
        return { ok: false, reason: `image not found: ${path} (a symbolic link to a missing file)` };
      }
    }
    if (!isInsideRoot(realRoot, real)) return { ok: false, reason: outsideRootReason(path, real, realRoot) };
    let stats: Stats;
    try {
      stats = statSync(real);
    } catch {
      return { ok: false, reason: `image not found: ${path}` };
    }
    if (!stats.isFile()) return { ok: false, reason: notRegularFileReason(path, stats) };
    return { ok: true, imagePath: rel };
  }

  /** The real path of a folder of the root (by its forward-slash relative path), resolved once. */
  private folder(dirRel: string): { realDir: string | null; inside: boolean } {
    let folder = this.folders.get(dirRel);
    if (folder === undefined) {
      const dir = dirRel === '' ? this.rootDir : join(this.rootDir, dirRel);
      let realDir: string | null = null;
      try {
        realDir = realpathSync.native(dir);
      } catch {
        // reported by verifiedSlowly, with the image's path
      }
      const realRoot = dirRel === '' ? realDir : this.folder('').realDir;
      const inside =
        realDir !== null && realRoot !== null && (dirRel === '' || isInsideRoot(realRoot, realDir));
      folder = { realDir, inside };
      this.folders.set(dirRel, folder);
    }
    return folder;
  }

  private learn(prefix: string): void {
    const at = this.learnedPrefixes.indexOf(prefix);
    if (at === 0) return;
    if (at > 0) this.learnedPrefixes.splice(at, 1);
    this.learnedPrefixes.unshift(prefix);
    if (this.learnedPrefixes.length > 8) this.learnedPrefixes.pop();
  }
}
