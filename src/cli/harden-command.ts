import { Command, InvalidArgumentError, Option } from 'commander';
import { SEVERITIES } from '../harden/severity.js';
import type { CliIo } from './cli-io.js';
import { FORMATS, type HardenFlags } from './harden/harden-flags.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const days = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a whole number of days');
  return Number(value);
};

/**
 * `rampart harden`. Only commander and the flag list load for `--help`; the engine, the GitHub client and the
 * report formats are imported when the command runs.
 */
export function hardenCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('harden')
    .description('Harden the GitHub Actions workflows and actions of a checkout (a dry run unless --write)')
    .argument('[paths...]', 'files or folders of one checkout (default: the current folder)')
    .option('--write', 'write the hardened files')
    .option(
      '--check',
      'exit 1 when a file would change, a finding at or above --fail-on remains, or a ref cannot be resolved',
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        'the least severity that fails the run (default: high with --check, else none; or fail-on in .github/rampart.yml)',
      ).choices([...SEVERITIES, 'none']),
    )
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('text'))
    .option('--quiet', 'print only what fails the run')
    .option('--config <file>', 'settings file (default: .github/rampart.yml in the checkout, when it exists)')
    .option('--rules <ids>', 'run only these rules, comma-separated')
    .option('--disable <ids>', 'turn these rules off, comma-separated')
    .option(
      '--exempt <glob>',
      'leave actions matching owner/repo[/path] globs on their tag or branch (repeatable)',
      collect,
    )
    .option('--pin-branches', 'pin refs that name a branch too (the default)')
    .option('--no-pin-branches', 'leave refs that name a branch as they are')
    .addOption(new Option('--egress-policy <policy>', 'harden-runner egress policy').choices(['audit', 'block']))
    .option('--harden-runner-action <ref>', 'the harden-runner action to insert, owner/repo@ref')
    .option('--harden-runner-self-hosted', 'insert harden-runner into self-hosted jobs too')
    .option('--no-harden-runner-self-hosted', 'leave self-hosted jobs without harden-runner (the default)')
    .option('--linux-label <label>', 'a runner label to treat as a Linux VM (repeatable)', collect)
    .addOption(
      new Option('--dependabot-interval <interval>', 'schedule of the Dependabot updater added').choices([
        'daily',
        'weekly',
        'monthly',
      ]),
    )
    .addOption(
      new Option('--dependabot-cooldown <days>', 'cooldown days of the Dependabot updater added').argParser(days),
    )
    .option(
      '--api-url <url>',
      'GitHub REST API used to resolve action refs (env GITHUB_API_URL; token from GH_TOKEN or GITHUB_TOKEN)',
    )
    .option(
      '--offline',
      'no network at all: action refs and image digests are left unresolved, which --check then allows',
    )
    .addHelpText(
      'after',
      '\nRules: see docs/rules.md, or `rampart harden --format json` for the ids in findings.\nSettings file: docs/configuration.md.\n',
    )
    .action(async (paths: string[], flags: HardenFlags) => {
      const { runHarden } = await import('./harden/run-harden.js');
      setExit(await runHarden(paths, flags, io));
    });
}
