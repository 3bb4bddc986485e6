// Runs the product on the bundled sample dataset: `npm run start:sample [-- --fresh] [-- --port N]`.
// Builds, prepares a demo workspace whose database already holds the sample dataset (imported
// with the CLI), then opens it in desktop VS Code when `code` is on PATH, or else serves it with
// code-server on 127.0.0.1 until Ctrl-C. A simulated LVLM (`finer-lens simulate-server`, clearly
// labelled "simulated") runs beside it and is configured as the endpoint "simulated-demo", so
// runs, ATTRSEEK and review work without any real model.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const fresh = args.includes('--fresh');
const portArg = args.includes('--port') ? args[args.indexOf('--port') + 1] : undefined;
const workspace = process.env.FINER_LENS_DEMO_WORKSPACE ?? join(root, '.e2e', 'demo-workspace');
const dbPath = join(workspace, '.finer-lens', 'finer.db');
const sampleDir = join(root, 'samples', 'sample-birds');

function runOrExit(command, commandArgs, what, stdout = 'inherit') {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: ['inherit', stdout, 'inherit'] });
  if (result.status !== 0) {
    console.error(`[start] ${what} failed (${result.error?.message ?? `exit ${result.status}`})`);
    process.exit(result.status || 1);
  }
}

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

function prepareWorkspace() {
  mkdirSync(workspace, { recursive: true });
  if (fresh) rmSync(join(workspace, '.finer-lens'), { recursive: true, force: true });
  if (existsSync(dbPath)) {
    console.log(`[start] reusing ${dbPath} (pass --fresh to re-import the sample dataset)`);
    return;
  }
  const cli = join(root, 'dist', 'cli.js');
  const result = spawnSync(
    process.execPath,
    [
      cli,
      'import',
      '--format',
      'finer',
      join(sampleDir, 'unified-sample-birds-test-combined.jsonl'),
      join(sampleDir, 'parsed-sample-birds-reference-wiki-text-combined.json'),
      '--images',
      sampleDir,
      '--name',
      'sample-birds',
      '--db',
      dbPath,
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) {
    console.warn(
      '[start] could not pre-import the sample dataset; use "Finer Lens: Open Sample Dataset" instead',
    );
  }
}

/**
 * The E2E harness's code-server process management (and free-port probe); the build put it in
 * dist/, so load it only after building.
 */
function codeServerHarness() {
  const require = createRequire(import.meta.url);
  return require(join(root, 'dist', 'test', 'e2e', 'support', 'codeServer.js'));
}

/** Starts the simulated LVLM on a free loopback port; returns the endpoint setting for it. */
async function startSimulator() {
  const port = await codeServerHarness().findFreePort();
  const child = spawn(
    process.execPath,
    [
      join(root, 'dist', 'cli.js'),
      'simulate-server',
      '--db',
      dbPath,
      '--dataset',
      'sample-birds',
      '--port',
      String(port),
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  child.on('exit', (code, signal) => {
    if (!shuttingDown) console.error(`[start] the simulated LVLM stopped (${signal ?? `exit ${code}`})`);
  });
  simulator = child;
  console.log(`[start] simulated LVLM (not a real model) on http://127.0.0.1:${port}/v1`);
  return [
    {
      name: 'simulated-demo',
      baseUrl: `http://127.0.0.1:${port}/v1`,
      model: 'finer-simulated-lvlm-1',
      kind: 'openai',
    },
  ];
}

let simulator;
let shuttingDown = false;

function stopSimulator() {
  shuttingDown = true;
  if (simulator && simulator.exitCode === null) simulator.kill('SIGTERM');
}

async function serveWithCodeServer(endpoints) {
  runOrExit('bash', [join(root, 'scripts', 'install-system-deps.sh')], 'installing Debian packages');
  runOrExit(
    'bash',
    [join(root, 'scripts', 'e2e', 'install-code-server.sh')],
    'installing code-server',
    'ignore',
  );
  const { startCodeServer, findFreePort } = codeServerHarness();
  const wanted = Number(portArg ?? process.env.FINER_LENS_PORT ?? process.env.PORT ?? 8080);
  const port = (await isPortFree(wanted)) ? wanted : await findFreePort();
  const server = await startCodeServer({
    repoRoot: root,
    installExtension: true,
    port,
    // Kept between runs so the layout and open editors survive a restart.
    stateDir: join(root, '.e2e', 'code-server-state'),
    // The user's own changes to the demo settings survive restarts; only the demo endpoint is updated.
    keepUserSettings: true,
    settings: { 'finerLens.endpoints': endpoints },
    onUnexpectedExit: (code, signal, output) => {
      console.error(
        `\n[start] code-server stopped unexpectedly (${signal ?? `exit code ${code}`}). Its last output:\n` +
          output.split('\n').slice(-20).join('\n'),
      );
      stopSimulator();
      process.exit(1);
    },
  });
  const url = server.workbenchUrl(workspace);
  console.log(
    `\n[start] Finer Lens is running in code-server (VS Code 1.100.3 in the browser):\n\n  ${url}\n`,
  );
  console.log('[start] Open the Finer Lens view in the activity bar. Press Ctrl-C to stop.');

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[start] stopping code-server…');
    stopSimulator();
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

async function isPortFree(port) {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

runOrExit(process.execPath, [join(root, 'scripts', 'build.mjs')], 'build');
prepareWorkspace();
const endpoints = await startSimulator();
if (onPath('code') && !process.env.FINER_LENS_USE_CODE_SERVER) {
  // A user-data folder of its own, so the demo endpoint goes into demo user settings only.
  const userData = join(root, '.e2e', 'vscode-demo-user');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'finerLens.endpoints': endpoints }, null, 2),
  );
  console.log(`[start] opening ${workspace} in VS Code with the extension under development`);
  const code = spawn(
    'code',
    ['--wait', `--user-data-dir=${userData}`, `--extensionDevelopmentPath=${root}`, workspace],
    { stdio: 'inherit' },
  );
  console.log(
    '[start] The sample dataset is in the workspace database: open the Finer Lens view in the activity bar.',
  );
  console.log('[start] The simulated LVLM keeps running until VS Code closes or Ctrl-C.');
  const finish = () => {
    stopSimulator();
    process.exit(0);
  };
  code.on('exit', finish);
  process.on('SIGINT', finish);
  process.on('SIGTERM', finish);
} else {
  await serveWithCodeServer(endpoints);
}
