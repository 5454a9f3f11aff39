import { Command } from 'commander';
import type { CliIo } from '../src/cli/cli-io.js';
import { bootstrapService } from '../src/cli/service-bootstrap.js';
import { untilSignal, type SignalSource } from '../src/cli/until-signal.js';
import { collectingDestination } from '../src/log.js';
import { runWorker } from './run-worker.js';

export function workerCommand(io: CliIo, setExit: (code: number) => void, signals: SignalSource = process): Command {
  return new Command('worker')
    .description('Run a worker: takes hardening jobs from the queue (run as many as you like)')
    .option('--concurrency <n>', 'jobs at once in this process (env RAMPART_WORKER_CONCURRENCY)', (v) =>
      Number.parseInt(v, 10),
    )
    .action(async (flags: { concurrency?: number }) => {
      const service = await bootstrapService({
        env: io.env,
        logDestination: collectingDestination((line) => io.stdout(line)),
      });
      try {
        const worker = await runWorker(service, flags.concurrency ?? service.config.workerConcurrency);
        service.logger.info({ concurrency: flags.concurrency ?? service.config.workerConcurrency }, 'worker ready');
        await untilSignal(signals);
        service.logger.info('shutting down: taking no new jobs, finishing the running ones');
        await worker.close();
      } finally {
        await service.close();
      }
      service.logger.info('stopped');
      setExit(0);
    });
}
