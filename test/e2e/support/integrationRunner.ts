// Runs the extension-host test suite (dist/test/integration/index.js) inside code-server.
// code-server's CLI refuses --extensionDevelopmentPath, so the web workbench gets the
// development and tests paths through its `payload` URL parameter (E2E.md); the exit code and
// the host's console output come back through window.codeAutomationExit / codeAutomationLog.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchChromium, newWorkbenchPage } from './chromium';
import { startCodeServer } from './codeServer';

export interface LayerResult {
  layer: string;
  passed: number;
  failed: number;
  failures: unknown[];
}

export interface IntegrationRunOptions {
  repoRoot: string;
  testsPath?: string;
  timeoutMs?: number;
  /** Called with each console line of the extension host as it arrives. */
  onLog?: (line: string) => void;
}

export interface IntegrationRunOutcome {
  exitCode: number | null;
  timedOut: boolean;
  result: LayerResult | null;
  logs: string[];
}

const RESULT_MARKER = 'FINER_LENS_RESULT ';

export async function runIntegrationTests(options: IntegrationRunOptions): Promise<IntegrationRunOutcome> {
  const testsPath = options.testsPath ?? join(options.repoRoot, 'dist', 'test', 'integration', 'index.js');
  if (!existsSync(testsPath))
    throw new Error(`No integration suite at ${testsPath}; run node scripts/build.mjs`);
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const scratch = mkdtempSync(join(tmpdir(), 'finer-lens-integration-'));
  const workspace = join(scratch, 'workspace');
  const resultsFile = join(scratch, 'results.json');
  mkdirSync(workspace);

  // No symlinked copy: the extension loads once, from extensionDevelopmentPath.
  const server = await startCodeServer({
    repoRoot: options.repoRoot,
    installExtension: false,
    env: { FINER_LENS_RESULTS_FILE: resultsFile },
  });
  const browser = await launchChromium(server.scratchEnv).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  const logs: string[] = [];
  try {
    const page = await newWorkbenchPage(browser);
    let settle: (code: number | null) => void = () => undefined;
    const exit = new Promise<number | null>((resolve) => (settle = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      // The host forwards console.* arguments unformatted, mocha's "%d passing" included.
      const line = format(...(Array.isArray(args) ? args : [args]));
      logs.push(line);
      options.onLog?.(line);
    });

    const authority = await readRemoteAuthority(server.baseUrl);
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${options.repoRoot}`],
      ['extensionTestsPath', `vscode-remote://${authority}${testsPath}`],
    ];
    const url =
      `${server.baseUrl}/?folder=${encodeURIComponent(workspace)}` +
      `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);

    const timer = setTimeout(() => settle(null), timeoutMs);
    const exitCode = await exit;
    clearTimeout(timer);
    const timedOut = exitCode === null;
    if (timedOut) {
      logs.push(
        `[integration] timed out after ${timeoutMs / 1000} s; code-server output:\n${server.output()}`,
      );
    }
    return { exitCode, timedOut, result: readResult(resultsFile, logs), logs };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** The web workbench's configuration names the remote authority the payload URIs must use. */
async function readRemoteAuthority(baseUrl: string): Promise<string> {
  const html = await (await fetch(`${baseUrl}/`)).text();
  const match = /id="vscode-workbench-web-configuration"\s+data-settings="([^"]*)"/.exec(html);
  if (!match?.[1]) throw new Error('code-server page has no vscode-workbench-web-configuration');
  const settings = JSON.parse(decodeHtmlAttribute(match[1])) as { remoteAuthority?: string };
  if (!settings.remoteAuthority) throw new Error('vscode-workbench-web-configuration has no remoteAuthority');
  return settings.remoteAuthority;
}

function decodeHtmlAttribute(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The suite's own count: from the results file, else from its FINER_LENS_RESULT log line. */
function readResult(resultsFile: string, logs: readonly string[]): LayerResult | null {
  if (existsSync(resultsFile)) return JSON.parse(readFileSync(resultsFile, 'utf8')) as LayerResult;
  for (const line of [...logs].reverse()) {
    const at = line.indexOf(RESULT_MARKER);
    if (at >= 0) {
      try {
        return JSON.parse(line.slice(at + RESULT_MARKER.length)) as LayerResult;
      } catch {
        continue;
      }
    }
  }
  return null;
}
