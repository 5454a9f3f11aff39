import { Command } from 'commander';
import { demoBanner, demoSummary } from '../demo/demo-banner.js';
import { orchestrateDemo } from '../demo/orchestrate-demo.js';
import { startDemo } from '../demo/start-demo.js';
import { collectingDestination } from '../log.js';
import { untilSignal, type SignalSource } from './api-command.js';
import { UsageError, type CliIo } from './cli-io.js';

export function demoCommand(io: CliIo, setExit: (code: number) => void, signals: SignalSource = process): Command {
  return new Command('demo')
    .description('Run Rampart end to end against a built-in GitHub emulator: API, worker, demo account (needs only Redis or redis-server)')
    .option('--port <port>', 'where the API listens on 127.0.0.1 (0: any free port)', '3000')
    .option('--host <address>', 'interface the API binds (0.0.0.0 inside a container)', '127.0.0.1')
    .option('--run', 'orchestrate the demo repositories once and print each one\'s outcome')
    .action(async (flags: { port: string; host: string; run?: boolean }) => {
      const port = Number(flags.port);
      if (!/^\d+$/.test(flags.port) || port > 65535) throw new UsageError(`--port must be a port number (got "${flags.port}")`);
      // Logs go to stderr (errors only by default, LOG_LEVEL to see more): stdout is for what the user reads.
      const session = await startDemo({ env: io.env, port, host: flags.host, logDestination: collectingDestination((line) => io.stderr(line)) });
      // Registered before anything slow, so Ctrl-C during --run also stops everything.
      const stopped = untilSignal(signals);
      try {
        io.stdout(demoBanner(session));
        if (flags.run) {
          io.stdout(`\nOrchestrating ${session.repositories.length} repositories…\n`);
          const run = await Promise.race([orchestrateDemo(session.apiUrl, session.token, session.repositories), stopped.then(() => null)]);
          if (run) io.stdout(`${demoSummary(run)}\nStill running; Ctrl-C to stop.\n`);
        }
        await stopped;
        io.stdout('\nStopping the demo…\n');
      } finally {
        await session.close();
      }
      io.stdout('Stopped.\n');
      setExit(0);
    });
}
