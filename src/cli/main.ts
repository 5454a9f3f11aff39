import { existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { UsageError, type CliIo } from './cli-io.js';
import { hardenCommand } from './harden-command.js';

const processIo = (): CliIo => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
});

/** Read from the nearest package.json up the tree: the CLI runs both from src/ (tests) and dist/src/ (installed). */
function version(): string {
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    const candidate = new URL('package.json', dir);
    if (existsSync(candidate)) return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

/** Runs the `rampart` command line; resolves to the process exit code (0 done, 1 findings or errors, 2 bad usage). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exit = 0;
  const program = new Command('rampart')
    .description('Rampart hardens GitHub Actions workflows: pins actions, sets least-privilege permissions, and more.')
    .version(version())
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run rampart --help for usage)');
  program.addCommand(hardenCommand(io, (code) => (exit = code)));
  // Added commands do not inherit these, and without them commander would exit the process itself.
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).showHelpAfterError('(run rampart --help for usage)');
  }
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
