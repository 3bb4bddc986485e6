// Runs the extension-host suite in a downloaded desktop VS Code (@vscode/test-electron), for
// laptops and hosted CI that can reach update.code.visualstudio.com. Machines without that
// access use the code-server runner instead (`npm run test:integration`).
//   npm run test:electron            (VS Code 1.100.3, the minimum the extension supports)
//   FINER_LENS_VSCODE_VERSION=stable npm run test:electron
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { findRepoRoot } from '../e2e/support/repoPaths';

const DEFAULT_VSCODE_VERSION = '1.100.3';

function isDownloadFailure(error: unknown): boolean {
  const text =
    error instanceof Error ? `${error.message} ${(error as { code?: string }).code ?? ''}` : String(error);
  return /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|download|Failed to get|status code/i.test(
    text,
  );
}

async function main(): Promise<number> {
  const repoRoot = findRepoRoot();
  const version = process.env.FINER_LENS_VSCODE_VERSION ?? DEFAULT_VSCODE_VERSION;
  const scratch = mkdtempSync(join(tmpdir(), 'finer-lens-electron-'));
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace);
  try {
    return await runTests({
      version,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'dist', 'test', 'integration', 'index.js'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${join(scratch, 'user-data')}`,
      ],
      extensionTestsEnv: { FINER_LENS_RESULTS_FILE: join(scratch, 'results.json') },
    });
  } catch (error) {
    if (isDownloadFailure(error)) {
      console.error(
        `[test:electron] Could not download VS Code ${version}: ${String(error)}\n` +
          'This runner needs access to update.code.visualstudio.com. Without it, run the same suite ' +
          'in code-server instead: npm run test:integration',
      );
    } else {
      console.error('[test:electron] The extension-host suite failed or could not start:', error);
    }
    return 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
