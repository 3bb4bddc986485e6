// Entry point of the headless CLI (`finer-lens`): a thin layer over the core, as the extension is.
import { FinerLensError } from '../core/errors';
import { processIo, UsageError } from './cliIo';
import type { CliIo } from './cliIo';
import { importUsage, runImportCommand } from './importCommand';
import { runStatsCommand, statsUsage } from './statsCommand';
import { batchUsage, runBatchCommand } from './batchCommand';
import { checkpointUsage, runCheckpointCommand } from './checkpointCommand';
import { exportUsage, runExportCommand } from './exportCommand';
import { importOutputsUsage, runImportOutputsCommand } from './importOutputsCommand';
import { matchUsage, runMatchCommand } from './matchCommand';
import { importLabelStudioUsage, runImportLabelStudioCommand } from './importLabelStudioCommand';
import { reportUsage, runReportCommand } from './reportCommand';
import { runRunCommand, runUsage } from './runCommand';
import { runRunsCommand, runsUsage } from './runsCommand';
import { runScoreCommand, scoreUsage } from './scoreCommand';
import { runSimulateServerCommand, simulateServerUsage } from './simulateServerCommand';

type CommandRunner = (argv: string[], io: CliIo) => Promise<number>;

const commands: Record<string, { run: CommandRunner; usage: string }> = {
  import: { run: runImportCommand, usage: importUsage },
  stats: { run: runStatsCommand, usage: statsUsage },
  run: { run: runRunCommand, usage: runUsage },
  runs: { run: runRunsCommand, usage: runsUsage },
  score: { run: runScoreCommand, usage: scoreUsage },
  batch: { run: runBatchCommand, usage: batchUsage },
  'import-outputs': { run: runImportOutputsCommand, usage: importOutputsUsage },
  'simulate-server': { run: runSimulateServerCommand, usage: simulateServerUsage },
  checkpoint: { run: runCheckpointCommand, usage: checkpointUsage },
  export: { run: runExportCommand, usage: exportUsage },
  match: { run: runMatchCommand, usage: matchUsage },
  'import-label-studio': { run: runImportLabelStudioCommand, usage: importLabelStudioUsage },
  report: { run: runReportCommand, usage: reportUsage },
};

function usage(): string {
  return ['Usage:', ...Object.values(commands).map((c) => `  ${c.usage}`)].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`finer-lens: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      io.err(`finer-lens ${name}: ${(error as Error).message}\n${command.usage}`);
      return 2;
    }
    if (error instanceof FinerLensError) {
      io.err(`finer-lens ${name}: ${error.message}`);
      return 1;
    }
    io.err(
      `finer-lens ${name}: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return 1;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), processIo).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`finer-lens: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
