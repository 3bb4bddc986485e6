// Locates the repository from inside a bundled test file. Bundles land at different depths
// under dist/, so walk up instead of hard-coding a relative path.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ExtensionManifest {
  publisher: string;
  name: string;
  version: string;
}

export function findRepoRoot(startDir: string = __dirname): string {
  let dir = startDir;
  for (;;) {
    const manifestPath = join(dir, 'package.json');
    if (existsSync(manifestPath)) {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Partial<ExtensionManifest>;
      if (manifest.name === 'finer-lens' && manifest.publisher === 'finer-lens') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No finer-lens package.json above ${startDir}`);
    dir = parent;
  }
}

export function readExtensionManifest(repoRoot: string): ExtensionManifest {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as ExtensionManifest;
}

/** `publisher.name-version`: the folder name VS Code expects inside an extensions dir. */
export function extensionFolderName(manifest: ExtensionManifest): string {
  return `${manifest.publisher}.${manifest.name}-${manifest.version}`;
}

/** Where screenshots and layer results go; ignored by git, lint and packaging. */
export function testResultsDir(repoRoot: string): string {
  return join(repoRoot, '.test-results');
}
