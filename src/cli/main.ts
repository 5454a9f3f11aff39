import { Command, CommanderError } from 'commander';
import { packageVersion } from '../package-version.js';
import { adminCommand } from './admin-command.js';
import { apiCommand } from './api-command.js';
import { demoCommand } from './demo-command.js';
import { UsageError, type CliIo } from './cli-io.js';
import { hardenCommand } from './harden-command.js';
import { workerCommand } from './worker-command.js';

const processIo = (): CliIo => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
});

/** Runs the `rampart` command line; resolves to the process exit code (0 done, 1 findings or errors, 2 bad usage). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exit = 0;
  const program = new Command('rampart')
    .description('Rampart hardens GitHub Actions workflows: pins actions, sets least-privilege permissions, and more.')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run rampart --help for usage)');
  const setExit = (code: number) => (exit = code);
  program.addCommand(hardenCommand(io, setExit));
  program.addCommand(apiCommand(io, setExit));
  program.addCommand(adminCommand(io, setExit));
  program.addCommand(workerCommand(io, setExit));
  program.addCommand(demoCommand(io, setExit));
  // Added commands (and their subcommands) do not inherit these, and without them commander would exit the process itself.
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).showHelpAfterError('(run rampart --help for usage)');
    command.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
    }
    if (err instanceof UsageError) {
      io.stderr(`rampart: ${err.message}\n`);
      return 2;
    }
    io.stderr(`rampart: ${(err as Error).message}\n`);
    return 1;
  }
  return exit;
}
