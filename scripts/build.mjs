// One esbuild script for every target: extension host, CLI, webviews, tests, benchmarks.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const dist = join(root, 'dist');

function filesUnder(dir, pattern) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true })
    .map((f) => join(abs, String(f)))
    .filter((f) => pattern.test(f));
}

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // sql.js probes for these in browsers only.
  external: ['vscode'],
};

const targets = [
  {
    ...nodeCommon,
    entryPoints: [join(root, 'src/extension/extension.ts')],
    outfile: join(dist, 'extension.js'),
  },
  {
    ...nodeCommon,
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile: join(dist, 'cli.js'),
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The attribute grounding's worker thread (src/core/analysis/runAnalysis/groundingInWorker.ts).
    ...nodeCommon,
    entryPoints: [join(root, 'src/core/analysis/runAnalysis/groundingWorker.ts')],
    outfile: join(dist, 'groundingWorker.js'),
  },
];

const webviewEntries = filesUnder('webview', /[\\/]main\.ts$/);
if (webviewEntries.length > 0) {
  targets.push({
    entryPoints: Object.fromEntries(
      webviewEntries.map((f) => [relative(join(root, 'webview'), dirname(f)), f]),
    ),
    outdir: join(dist, 'webview'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
  });
}

if (!production) {
  const testEntries = [
    ...filesUnder('test/unit', /\.test\.ts$/),
    ...filesUnder('test/integration', /\.ts$/),
    ...filesUnder('test/e2e', /\.ts$/),
    ...filesUnder('test/electron', /\.ts$/),
    ...filesUnder('test/support', /\.ts$/),
    ...filesUnder('bench', /\.ts$/),
  ];
  if (testEntries.length > 0) {
    targets.push({
      ...nodeCommon,
      entryPoints: testEntries,
      outbase: root,
      outdir: dist,
      external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron', 'typescript'],
    });
  }
}

function copyAssets() {
  mkdirSync(dist, { recursive: true });
  cpSync(join(root, 'node_modules/sql.js/dist/sql-wasm.wasm'), join(dist, 'sql-wasm.wasm'));
  mkdirSync(join(dist, 'codicons'), { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) {
    cpSync(join(root, 'node_modules/@vscode/codicons/dist', f), join(dist, 'codicons', f));
  }
}

if (!watch) rmSync(dist, { recursive: true, force: true });
copyAssets();
if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[build] watching…');
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
  if (existsSync(join(dist, 'cli.js'))) chmodSync(join(dist, 'cli.js'), 0o755);
  console.log(`[build] ${production ? 'production ' : ''}build done`);
}
