import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { adminCommand } from '../../src/cli/admin-command.js';
import { envSchema } from '../../src/config/env-schema.js';

// docs/deploy.md is followed to the letter: every admin command and option it shows exists, every compose service it
// names is in docker-compose.yml, every setting it sets is one Rampart reads. (The commands themselves run in
// test/integration/cli/, the compose stack in test/integration/deploy/.)
const root = new URL('../../', import.meta.url);
const doc = readFileSync(new URL('docs/deploy.md', root), 'utf8');
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8')) as {
  services: Record<string, unknown>;
};
const blocks = [...doc.matchAll(/```(?:sh|caddyfile|nginx)\n([\s\S]*?)```/g)].map((m) =>
  (m[1] ?? '').replace(/\\\n\s*/g, ' '),
);
const inline = [...doc.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]*\badmin [^`\n]*)`/g)].map((m) => m[1] ?? '');
const shell = [...blocks.flatMap((b) => b.split('\n')), ...inline]
  .map((l) => l.replace(/\s+#.*$/, '').trim())
  .filter((l) => l !== '');

const admin = adminCommand({ stdout: () => undefined, stderr: () => undefined, env: {}, cwd: '/' }, () => undefined);

test('every `admin` command in the guide exists, with the options it is given', () => {
  const uses = shell.flatMap((line) =>
    [...line.matchAll(/\badmin ([a-z-]+)((?: [^|>&]*)?)/g)].map((m) => ({ line, sub: m[1] ?? '', args: m[2] ?? '' })),
  );
  expect(new Set(uses.map((u) => u.sub)).size).toBeGreaterThanOrEqual(8);
  const problems: string[] = [];
  for (const { line, sub, args } of uses) {
    const command = admin.commands.find((c) => c.name() === sub);
    if (!command) {
      problems.push(`${line}: no admin command ${sub}`);
      continue;
    }
    const known = new Set(command.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
    known.add('--help');
    for (const flag of args.match(/--[a-z-]+/g) ?? [])
      if (!known.has(flag)) problems.push(`${line}: ${sub} has no ${flag}`);
  }
  expect(problems).toEqual([]);
});

test('the compose services and settings it names are real', () => {
  for (const line of shell.filter((l) => l.startsWith('docker compose'))) {
    const service = /\b(?:run|exec|logs|cp)\b.*?\s(redis|api|worker|demo)\b/.exec(line)?.[1];
    if (service) expect(Object.keys(compose.services)).toContain(service);
  }
  const settings = new Set(Object.keys(envSchema.shape));
  const set = [...doc.matchAll(/^([A-Z][A-Z0-9_]+)=/gm), ...doc.matchAll(/`([A-Z][A-Z0-9_]{3,})(?:=[^`]*)?`/g)].map(
    (m) => m[1] as string,
  );
  // Node's own variable, named for GitHub Enterprise Server's internal CAs.
  expect(set.filter((k) => !settings.has(k) && k !== 'NODE_EXTRA_CA_CERTS')).toEqual([]);
});
