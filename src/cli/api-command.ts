import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import { createApp } from '../api/create-app.js';
import { startMembershipSweep } from '../api/membership-sweep.js';
import { collectingDestination } from '../log.js';
import type { CliIo } from './cli-io.js';
import { bootstrapService, type ServiceContext } from './service-bootstrap.js';
import { untilSignal, type SignalSource } from './until-signal.js';

const DRAIN_MS = 10_000;

export function apiCommand(io: CliIo, setExit: (code: number) => void, signals: SignalSource = process): Command {
  return new Command('api')
    .description('Run the Rampart API server (configuration from the environment; see the README)')
    .action(async () => {
      const service = await bootstrapService({
        env: io.env,
        logDestination: collectingDestination((line) => io.stdout(line)),
      });
      try {
        const server = await listen(service);
        const sweep = startMembershipSweep(service);
        await untilSignal(signals);
        service.logger.info('shutting down: no new connections, finishing requests in flight');
        await sweep.stop();
        await close(server);
      } finally {
        await service.close();
      }
      service.logger.info('stopped');
      setExit(0);
    });
}

async function listen(service: ServiceContext): Promise<Server> {
  const { config, logger } = service;
  const app = createApp({ config, redis: service.redis, logger, clock: service.clock, vault: service.vault });
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  logger.info(
    { port, host: config.host, publicUrl: config.publicUrl, githubSignIn: config.githubApp !== null },
    `listening on ${config.host}:${port}`,
  );
  return server;
}

/** Lets requests in flight finish, up to a bound; idle keep-alive sockets are closed at once. */
async function close(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
  await closed;
  clearTimeout(timer);
}
