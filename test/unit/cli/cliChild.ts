// Runs the built CLI (dist/cli.js) as a child process: the process boundary of the CLI tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../e2e/support/repoPaths';

function findCli(): string {
  const cli = join(findRepoRoot(), 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} not found; run node scripts/build.mjs`);
  return cli;
}

export const CLI_PATH = findCli();

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; done: Promise<CliResult>; stderrSoFar(): string; stdoutSoFar(): string } {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, stderrSoFar: () => stderr, stdoutSoFar: () => stdout };
}

export function runCliChild(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/** Resolves when `predicate` holds for the text so far (checked as output arrives). */
export function waitForOutput(
  child: ChildProcess,
  read: () => string,
  predicate: (text: string) => boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (predicate(read())) {
        child.stderr?.off('data', check);
        child.stdout?.off('data', check);
        resolve();
      }
    };
    child.stderr?.on('data', check);
    child.stdout?.on('data', check);
    child.once('close', () =>
      predicate(read()) ? resolve() : reject(new Error(`process ended first:\n${read()}`)),
    );
    check();
  });
}
