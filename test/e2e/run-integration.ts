// Entry point for the integration layer: `node dist/test/e2e/run-integration.js [--summary FILE]`.
// Prints the extension host's output, writes the layer's counts as JSON to FILE, and exits
// non-zero when any test failed, the suite crashed, or it timed out.
import { writeFileSync } from 'node:fs';
import { runIntegrationTests, type LayerResult } from './support/integrationRunner';
import { findRepoRoot } from './support/repoPaths';

async function main(): Promise<number> {
  const summaryAt = process.argv.indexOf('--summary');
  const summaryFile = summaryAt >= 0 ? process.argv[summaryAt + 1] : undefined;
  const timeoutMs = Number(process.env.FINER_LENS_INTEGRATION_TIMEOUT_MS ?? 5 * 60_000);

  let result: LayerResult;
  try {
    const outcome = await runIntegrationTests({
      repoRoot: findRepoRoot(),
      timeoutMs,
      onLog: (line) => console.log(line),
    });
    result = outcome.result ?? { layer: 'integration', passed: 0, failed: 0, failures: [] };
    if (outcome.timedOut) {
      console.error(`[integration] TIMEOUT: the suite did not finish within ${timeoutMs / 1000} s`);
      result = { ...result, failed: result.failed + 1, failures: [...result.failures, 'timeout'] };
    } else if (outcome.result === null) {
      console.error(
        `[integration] the suite exited with ${outcome.exitCode} without a FINER_LENS_RESULT line`,
      );
      result = { ...result, failed: 1, failures: ['no result reported'] };
    } else if (outcome.exitCode !== 0 && result.failed === 0) {
      console.error(`[integration] the suite exited with ${outcome.exitCode} but reported no failure`);
      result = { ...result, failed: 1, failures: [`exit code ${outcome.exitCode}`] };
    }
  } catch (error) {
    console.error('[integration] could not run the suite:', error);
    result = { layer: 'integration', passed: 0, failed: 1, failures: [String(error)] };
  }

  console.log(`[integration] ${result.passed} passed, ${result.failed} failed`);
  if (summaryFile) writeFileSync(summaryFile, JSON.stringify(result));
  return result.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
