import { Command, CommanderError, Help } from 'commander';
import { UsageError, type CliIo } from './cli/cli-io.js';
import { packageVersion } from './package-version.js';

type CommandFactory = (io: CliIo, setExit: (code: number) => void) => Command;

/** One `rampart` command: how `rampart --help` lists it, and where its code is. */
export interface CommandEntry {
  name: string;
  /** What follows the name in `rampart --help`; the same as commander prints for the loaded command. */
  usage: string;
  summary: string;
  load(): Promise<CommandFactory>;
}

/**
 * The composition root: the only module that knows every command, above cli/, workers/ and demo/. Each command's
 * code is imported only when that command runs, so `rampart harden` never loads express, BullMQ, Redis or the
 * GitHub emulator, and `rampart --help` loads none of them.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'harden',
    usage: '[options] [paths...]',
    summary: 'Harden the GitHub Actions workflows and actions of a checkout (a dry run unless --write)',
    load: async () => (await import('./cli/harden-command.js')).hardenCommand,
  },
  {
    name: 'api',
    usage: '',
    summary: 'Run the Rampart API server',
    load: async () => (await import('./cli/api-command.js')).apiCommand,
  },
  {
    name: 'admin',
    usage: '',
    summary:
      'Operator tasks: create-user, list-users, suspend-user, delete-user, export-audit, rotate-keys, app-manifest',
    load: async () => (await import('./cli/admin-command.js')).adminCommand,
  },
  {
    name: 'worker',
    usage: '[options]',
    summary: 'Run a worker that takes hardening jobs from the queue',
    load: async () => (await import('../workers/worker-command.js')).workerCommand,
  },
  {
    name: 'demo',
    usage: '[options]',
    summary: 'Run Rampart end to end against a built-in GitHub emulator',
    load: () => import('./demo/demo-command.js').then((m) => m.demoCommand, explainMissingEmulator),
  },
];

const processIo = (): CliIo => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
  terminal: { stdout: Boolean(process.stdout.isTTY), stderr: Boolean(process.stderr.isTTY) },
});

/** Runs the `rampart` command line; resolves to the process exit code (0 done, 1 findings or errors, 2 bad usage). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exit = 0;
  const program = new Command('rampart')
    .description('Rampart hardens GitHub Actions workflows: pins actions, sets least-privilege permissions, and more.')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(t) })
    .configureHelp({ subcommandTerm: listedTerm })
    .showHelpAfterError('(run rampart --help for usage)');
  const setExit = (code: number) => (exit = code);
  // Added commands (and their subcommands) do not inherit these, and without them commander would exit the process itself.
  const configure = (command: Command): void => {
    command
      .exitOverride()
      .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(t) })
      .showHelpAfterError('(run rampart --help for usage)');
    command.commands.forEach(configure);
  };
  try {
    const wanted = argv[0] === 'help' ? argv[1] : argv[0];
    for (const entry of COMMANDS) {
      // Only the command being run is loaded; the others are names in the list, enough for help and suggestions.
      const command = entry.name === wanted ? (await entry.load())(io, setExit) : new Command(entry.name);
      program.addCommand(command.summary(entry.summary));
    }
    program.commands.forEach(configure);
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help'
        ? 0
        : 2;
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

function listedTerm(command: Command): string {
  const entry = COMMANDS.find((c) => c.name === command.name());
  return entry ? `${entry.name} ${entry.usage}`.trim() : new Help().subcommandTerm(command);
}

/** An installation without the workspace package (the production image) has everything but the demo. */
function explainMissingEmulator(err: unknown): never {
  const e = err as { code?: string; message?: string };
  if (e.code === 'ERR_MODULE_NOT_FOUND' && e.message?.includes('@rampart/github-emulator')) {
    throw new Error(
      'rampart demo needs the GitHub emulator (@rampart/github-emulator), which this installation leaves out: run it from a checkout after `npm ci`, or from the Docker image built with --target demo',
    );
  }
  throw err;
}
