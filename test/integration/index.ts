// Extension-host test entry (the VS Code `extensionTestsPath` contract): runs every
// *.test.js next to this file with mocha inside the real extension host, prints one
// FINER_LENS_RESULT line, writes it to $FINER_LENS_RESULTS_FILE, and rejects on failure.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface MochaTest {
  fullTitle(): string;
}
interface MochaRunner {
  on(event: 'pass', listener: (test: MochaTest) => void): MochaRunner;
  on(event: 'fail', listener: (test: MochaTest, error: unknown) => void): MochaRunner;
}
interface MochaInstance {
  addFile(file: string): void;
  loadFilesAsync(): Promise<void>;
  run(done: (failures: number) => void): MochaRunner;
}
type MochaConstructor = new (options: Record<string, unknown>) => MochaInstance;

export async function run(): Promise<void> {
  // mocha 12 is ESM-first; its CommonJS entry exposes the class as `.Mocha`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mochaModule = require('mocha') as { Mocha: MochaConstructor };
  // The timeout is a ceiling against a hung host, not a performance assertion.
  const mocha = new mochaModule.Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec' });
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  await mocha.loadFilesAsync();

  const failures: { title: string; error: string }[] = [];
  let passed = 0;
  await new Promise<void>((resolve) => {
    mocha
      .run(() => resolve())
      .on('pass', () => {
        passed++;
      })
      .on('fail', (test, error) => {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        failures.push({ title: test.fullTitle(), error: message });
      });
  });

  const result = { layer: 'integration', passed, failed: failures.length, failures };
  const json = JSON.stringify(result);
  console.log(`FINER_LENS_RESULT ${json}`);
  const resultsFile = process.env.FINER_LENS_RESULTS_FILE;
  if (resultsFile) fs.writeFileSync(resultsFile, json);
  if (failures.length > 0) throw new Error(`${failures.length} integration test(s) failed`);
}
