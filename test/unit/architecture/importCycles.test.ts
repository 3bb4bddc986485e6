// Keeps import circles out of src/ and webview/: every relative import (type-only ones too, as
// the TypeScript compiler's own pre-processor lists them) is an edge, and no module may reach
// itself again. A circle makes load order matter and hides which layer depends on which.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** The repository root, found by walking up from the bundle (dist depth varies). */
function repoRoot(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'src', 'core')) && existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error('the repository root was not found above the test bundle');
}

function tsFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFilesUnder(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined; // packages and node: builtins are no part of a circle
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return undefined;
}

/** file -> the files it imports (relative imports only, including `import type` and re-exports). */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => resolveImport(file, f.fileName))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The strongly connected components with more than one module, or a module importing itself. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm, iterative so a deep import chain cannot overflow the stack.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; edge: number };
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++] as string;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(to) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent)
        low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && edges.includes(frame.node);
        if (component.length > 1 || selfLoop) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}

describe('import circles', () => {
  it('finds a circle, a self-import and none in a chain (the checker itself can fail)', () => {
    const graph = new Map<string, string[]>([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
      ['f', ['d']],
    ]);
    assert.deepEqual(importCycles(graph), [['a', 'b', 'c'], ['e']].reverse().sort());
    assert.deepEqual(
      importCycles(
        new Map([
          ['x', ['y']],
          ['y', []],
        ]),
      ),
      [],
    );
  });

  it('src/ and webview/ have none, type-only imports included', () => {
    const root = repoRoot();
    const files = [...tsFilesUnder(join(root, 'src')), ...tsFilesUnder(join(root, 'webview'))];
    const graph = importGraph(files);
    const edges = [...graph.values()].reduce((n, targets) => n + targets.length, 0);
    // The walk must see the code: hundreds of modules, and a known type-only edge.
    assert.ok(files.length > 100 && edges > files.length, `${files.length} files, ${edges} edges`);
    const samplePanel = join(root, 'src', 'extension', 'samplePanel', 'samplePanel.ts');
    assert.ok(
      graph.get(samplePanel)?.includes(join(root, 'src', 'shared', 'samplePanelProtocol.ts')),
      'samplePanel.ts -> samplePanelProtocol.ts (import type) is an edge',
    );
    const cycles = importCycles(graph).map((c) => c.map((f) => relative(root, f)).join(' <-> '));
    assert.deepEqual(cycles, [], `import circles:\n${cycles.join('\n')}`);
  });
});
