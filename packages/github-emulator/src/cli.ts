import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SeedError } from './seed-schema.js';
import { startEmulator } from './start-emulator.js';

/**
 * `npm run emulator -- --port <n|0> --seed <file.json>`
 * The first stdout line is the base URL; everything else goes to stderr.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      seed: { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535, got "${values.port}"`);
  let seed: unknown = {};
  if (values.seed) {
    const text = await readFile(values.seed, 'utf8');
    try {
      seed = JSON.parse(text);
    } catch (e) {
      throw new Error(`${values.seed} is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
  }
  const webhook = values['webhook-url']
    ? { url: values['webhook-url'], ...(values['webhook-secret'] ? { secret: values['webhook-secret'] } : {}) }
    : undefined;
  const emulator = await startEmulator({ port, seed, ...(webhook ? { webhook } : {}) });
  process.stdout.write(`${emulator.url}\n`);
  const state = emulator.state;
  process.stderr.write(
    `github-emulator: ${state.users.size} users, ${state.orgs.size} orgs, ${state.repos.size} repositories, ${state.tokens.size} tokens, ${state.apps.size} apps\n`,
  );
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `github-emulator: ${err instanceof SeedError || err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
