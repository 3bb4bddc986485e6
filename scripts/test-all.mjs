// Runs every test layer once after one build and prints one summary.
//   node scripts/test-all.mjs [--only static|unit|integration|e2e]
// Layers: static (lint + typecheck, one test each), unit (mocha in Node), integration (mocha in
// the extension host inside code-server), e2e (mocha driving Chromium against code-server).
// The last line is always `N passed, N failed`. Exit code 1 when anything failed, crashed or
// timed out; a crashed layer counts as at least one failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Set on Ctrl-C: the running layer is stopped and no further layer starts. */
let interrupted = false;
const LAYERS = ['static', 'unit', 'integration', 'e2e'];
const minutes = (name, fallback) => Number(process.env[name] ?? fallback) * 60_000;
const TIMEOUTS = {
  build: minutes('FINER_LENS_BUILD_TIMEOUT_MIN', 5),
  static: minutes('FINER_LENS_STATIC_TIMEOUT_MIN', 10),
  unit: minutes('FINER_LENS_UNIT_TIMEOUT_MIN', 15),
  integration: minutes('FINER_LENS_INTEGRATION_LAYER_TIMEOUT_MIN', 10),
  e2e: minutes('FINER_LENS_E2E_TIMEOUT_MIN', 20),
};

function parseArgs(argv) {
  const at = argv.indexOf('--only');
  if (at < 0) return LAYERS;
  const only = argv[at + 1];
  if (!LAYERS.includes(only)) {
    console.error(`--only expects one of ${LAYERS.join(', ')}`);
    process.exit(2);
  }
  return [only];
}

/** Runs a command in its own process group with inherited output; kills the group on timeout. */
function run(label, command, args, { timeoutMs, env = {} }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      detached: true,
      env: { ...process.env, ...env },
    });
    let timedOut = false;
    let forceKill;
    // SIGTERM first so the harness can stop the code-server groups it started, then SIGKILL.
    const terminate = () => {
      killGroup(child.pid, 'SIGTERM');
      forceKill = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 10_000);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`[test-all] ${label}: TIMEOUT after ${timeoutMs / 60_000} min, killing it`);
      terminate();
    }, timeoutMs);
    const forward = () => {
      interrupted = true;
      terminate();
    };
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.on('error', (error) => console.error(`[test-all] ${label}: ${error.message}`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(forceKill);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      // Stragglers (e.g. a browser) must not outlive their layer.
      killGroup(child.pid, 'SIGKILL');
      resolve({ code: code ?? 1, signal, timedOut, seconds: (Date.now() - started) / 1000 });
    });
  });
}

function killGroup(pid, signal) {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function filesUnder(dir, suffix) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(suffix))
    .map((f) => relative(root, join(abs, f)))
    .sort();
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Prints mocha's JSON report as a compact list and returns the counts. */
function summarizeMochaReport(report) {
  for (const test of report.tests ?? []) {
    const mark = test.err && Object.keys(test.err).length > 0 ? '✗' : test.pending ? '-' : '✓';
    console.log(`  ${mark} ${test.fullTitle}${test.duration !== undefined ? ` (${test.duration} ms)` : ''}`);
  }
  for (const [i, failure] of (report.failures ?? []).entries()) {
    console.log(
      `\n  ${i + 1}) ${failure.fullTitle}\n     ${failure.err?.stack ?? failure.err?.message ?? ''}`,
    );
  }
  return { passed: report.stats?.passes ?? 0, failed: report.stats?.failures ?? 0 };
}

async function runMochaLayer(layer, pattern, scratch, extraArgs = []) {
  const files = filesUnder(pattern.dir, pattern.suffix);
  if (files.length === 0) {
    console.error(`[test-all] ${layer}: no test files under ${pattern.dir}`);
    return { passed: 0, failed: 1, note: 'no test files' };
  }
  const reportFile = join(scratch, `${layer}.json`);
  const outcome = await run(
    layer,
    process.execPath,
    [
      join(root, 'node_modules/mocha/bin/mocha.js'),
      '--reporter',
      'json',
      '--reporter-option',
      `output=${reportFile}`,
      ...extraArgs,
      ...files,
    ],
    { timeoutMs: TIMEOUTS[layer] },
  );
  const report = readJson(reportFile);
  if (!report) {
    console.error(`[test-all] ${layer}: mocha exited with ${outcome.code} and wrote no report`);
    return { passed: 0, failed: 1, seconds: outcome.seconds, note: 'crashed' };
  }
  const counts = summarizeMochaReport(report);
  if (outcome.timedOut || (outcome.code !== 0 && counts.failed === 0)) {
    return { ...counts, failed: counts.failed + 1, seconds: outcome.seconds, note: 'crashed or timed out' };
  }
  return { ...counts, seconds: outcome.seconds };
}

async function runStatic() {
  let passed = 0;
  let failed = 0;
  let seconds = 0;
  for (const script of ['lint', 'typecheck']) {
    console.log(`\n[test-all] static: npm run ${script}`);
    const outcome = await run(script, 'npm', ['run', '--silent', script], { timeoutMs: TIMEOUTS.static });
    seconds += outcome.seconds;
    if (outcome.code === 0) passed++;
    else failed++;
    console.log(`  ${outcome.code === 0 ? '✓' : '✗'} ${script}`);
  }
  return { passed, failed, seconds };
}

async function ensureCodeServer() {
  const outcome = await run(
    'install code-server',
    'bash',
    [join(root, 'scripts/e2e/install-code-server.sh')],
    {
      timeoutMs: 10 * 60_000,
    },
  );
  return outcome.code === 0;
}

async function runIntegration(scratch) {
  const entry = join(root, 'dist/test/e2e/run-integration.js');
  const suite = join(root, 'dist/test/integration/index.js');
  if (!existsSync(suite)) {
    console.error(
      '[test-all] integration: dist/test/integration/index.js is missing (test/integration/index.ts)',
    );
    return { passed: 0, failed: 1, note: 'no suite' };
  }
  const summaryFile = join(scratch, 'integration.json');
  const outcome = await run('integration', process.execPath, [entry, '--summary', summaryFile], {
    timeoutMs: TIMEOUTS.integration,
  });
  const result = readJson(summaryFile);
  if (!result) return { passed: 0, failed: 1, seconds: outcome.seconds, note: 'crashed or timed out' };
  for (const failure of result.failures ?? []) console.log(`  ✗ ${JSON.stringify(failure)}`);
  const failed = result.failed + (outcome.code !== 0 && result.failed === 0 ? 1 : 0);
  return { passed: result.passed, failed, seconds: outcome.seconds };
}

async function main() {
  const layers = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(join(tmpdir(), 'finer-lens-test-all-'));
  const results = [];
  const started = Date.now();
  try {
    // Debian packages first (chromium, sqlite3, python3, code-server's build headers).
    const deps = await run('system-deps', 'bash', [join(root, 'scripts/install-system-deps.sh')], {
      timeoutMs: TIMEOUTS.build,
    });
    if (deps.code !== 0)
      console.error('[test-all] installing Debian packages failed; tests needing them will fail');
    console.log('[test-all] build');
    const build = await run('build', process.execPath, [join(root, 'scripts/build.mjs')], {
      timeoutMs: TIMEOUTS.build,
    });
    if (build.code !== 0) {
      results.push({ layer: 'build', passed: 0, failed: 1, seconds: build.seconds, note: 'build failed' });
    } else {
      const needsCodeServer = layers.includes('integration') || layers.includes('e2e');
      const codeServerReady = needsCodeServer ? await ensureCodeServer() : true;
      for (const layer of layers) {
        if (interrupted) {
          results.push({ layer, passed: 0, failed: 1, note: 'interrupted' });
          continue;
        }
        console.log(`\n[test-all] ===== ${layer} =====`);
        let result;
        if (layer === 'static') result = await runStatic();
        else if (layer === 'unit') {
          // A per-test ceiling against a hang, not a speed limit: mocha's 2 s default failed a
          // 30k-element stream test on a loaded 2-core machine.
          // --exit: a child process that outlives its test (Node can deadlock while exiting,
          // nodejs/node#54918) must not keep the layer, and CI, waiting after the report.
          result = await runMochaLayer('unit', { dir: 'dist/test/unit', suffix: '.test.js' }, scratch, [
            '--timeout',
            '120000',
            '--exit',
          ]);
        } else if (!codeServerReady) {
          result = { passed: 0, failed: 1, note: 'code-server install failed' };
        } else if (layer === 'integration') result = await runIntegration(scratch);
        else {
          result = await runMochaLayer('e2e', { dir: 'dist/test/e2e', suffix: '.test.js' }, scratch, [
            '--timeout',
            '180000',
          ]);
        }
        results.push({ layer, ...result });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  console.log('\n[test-all] summary');
  for (const r of results) {
    const time = r.seconds !== undefined ? ` in ${r.seconds.toFixed(1)} s` : '';
    console.log(
      `  ${r.layer.padEnd(12)} ${r.passed} passed, ${r.failed} failed${time}${r.note ? ` (${r.note})` : ''}`,
    );
  }
  console.log(`  total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
