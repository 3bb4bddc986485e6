// Image paths when the image check is off (`--no-image-check`): no file-system call per row.
// With the check on, ImageLocator finds which ending of a release's absolute path exists
// under the images folder; without it nothing may be looked at, so an absolute path is
// re-rooted by name instead: the part after the last folder named like the images folder.
import { basename, isAbsolute, resolve } from 'node:path';
import { ImageLocator, isAbsoluteImagePath, pathSegments, relativeInside } from './imageLocator';
import type { LocateResult } from './imageLocator';

/** Turns a row's image path into a path relative to the dataset root. */
export interface ImagePathResolver {
  locate(imagePath: string): LocateResult;
}

/** ImageLocator when images are checked; otherwise the by-name rule, which never touches the disk. */
export function createImagePathResolver(rootDir: string, checkImages: boolean): ImagePathResolver {
  if (checkImages) return new ImageLocator(rootDir, true);
  // Relative paths and absolute paths inside the root need no file-system call in ImageLocator.
  const relativePaths = new ImageLocator(rootDir, false);
  return {
    locate(imagePath) {
      if (!isAbsoluteImagePath(imagePath)) return relativePaths.locate(imagePath);
      const nativeAbs = isAbsolute(imagePath) ? resolve(imagePath) : undefined;
      const inside = nativeAbs === undefined ? undefined : relativeInside(rootDir, nativeAbs);
      if (inside !== undefined) return { ok: true, imagePath: inside };
      return rerootByFolderName(imagePath, rootDir);
    },
  };
}

/**
 * `/home/a/CUB_200_2011/images/001.X/x.jpg` under the root `~/data/CUB_200_2011/images`
 * becomes `001.X/x.jpg`; under `~/data/CUB_200_2011` it becomes `images/001.X/x.jpg`.
 * Pure: the result is not checked to exist.
 */
export function rerootByFolderName(absPath: string, rootDir: string): LocateResult {
  const rootName = basename(rootDir);
  const segments = pathSegments(absPath);
  if (segments.includes('..')) {
    return { ok: false, reason: `path escapes the dataset root (${rootDir}): ".." in ${absPath}` };
  }
  // The last segment is the file name, never the folder.
  const at =
    rootName === '' || segments.length < 2 ? -1 : segments.lastIndexOf(rootName, segments.length - 2);
  if (at < 0) {
    return {
      ok: false,
      reason:
        `cannot re-root ${absPath} without the image check: it has no folder named "${rootName}" ` +
        `(pick the images folder the release paths name, or import with the image check)`,
    };
  }
  return { ok: true, imagePath: segments.slice(at + 1).join('/') };
}
