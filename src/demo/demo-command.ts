import { Command } from 'commander';
import { UsageError, type CliIo } from '../cli/cli-io.js';
import { untilSignal, type SignalSource } from '../cli/until-signal.js';
import { collectingDestination } from '../log.js';
import { demoBanner, demoSummary } from './demo-banner.js';
import { orchestrateDemo } from './orchestrate-demo.js';
import { policyDemo, policyDemoSummary } from './policy-demo.js';
import { startDemo } from './start-demo.js';

export function demoCommand(io: CliIo, setExit: (code: number) => void, signals: SignalSource = process): Command {
  return new Command('demo')
    .description(
      'Run Rampart end to end against a built-in GitHub emulator: API, worker, demo account (needs only Redis or redis-server)',
    )
    .option('--port <port>', 'where the API listens on 127.0.0.1 (0: any free port)', '3000')
    .option('--host <address>', 'interface the API binds (0.0.0.0 inside a container)', '127.0.0.1')
    .option(
      '--run',
      "orchestrate the demo repositories once and print each one's outcome, then show a policy reacting to a push",
    )
    .action(async (flags: { port: string; host: string; run?: boolean }) => {
      const port = Number(flags.port);
      if (!/^\d+$/.test(flags.port) || port > 65535)
        throw new UsageError(`--port must be a port number (got "${flags.port}")`);
      // Logs go to stderr (errors only by default, LOG_LEVEL to see more): stdout is for what the user reads.
      const session = await startDemo({
        env: io.env,
        port,
        host: flags.host,
        logDestination: collectingDestination((line) => io.stderr(line)),
      });
      // Registered before anything slow, so Ctrl-C during --run also stops everything.
      const stopped = untilSignal(signals);
      try {
        io.stdout(demoBanner(session));
        if (flags.run) {
          io.stdout(`\nOrchestrating ${session.repositories.length} repositories…\n`);
          const run = await Promise.race([
            orchestrateDemo(session.apiUrl, session.token, session.repositories),
            stopped.then(() => null),
          ]);
          if (run) io.stdout(`${demoSummary(run)}\nA policy keeps them hardened: a developer pushes a new workflow…\n`);
          const policy = run
            ? await Promise.race([
                policyDemo(session.apiUrl, session.emulatorUrl, session.token, session.repositories[0] ?? ''),
                stopped.then(() => null),
              ])
            : null;
          if (policy) io.stdout(`${policyDemoSummary(policy)}\nStill running; Ctrl-C to stop.\n`);
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
