import { Command } from 'commander';
import { z } from 'zod';
import { createUserWithToken } from '../accounts/accounts.js';
import { githubUserLookup } from '../accounts/github-user-lookup.js';
import { presentUser } from '../api/present.js';
import { AppError } from '../errors.js';
import { rotateKeys } from '../credentials/rotate-keys.js';
import { UsageError, type CliIo } from './cli-io.js';
import { appManifestCommand } from './admin-app-manifest.js';
import { withAdminService } from './admin-service.js';
import { adminUserCommands } from './admin-user-commands.js';
import type { ServiceContext } from './service-bootstrap.js';

interface CreateUserFlags {
  login: string;
  email: string;
  githubId?: string;
  json?: boolean;
  tokenName?: string;
}

export function adminCommand(io: CliIo, setExit: (code: number) => void): Command {
  const admin = new Command('admin').description(
    'Operator tasks against the configured Redis (same settings as rampart api)',
  );
  const withService = (run: (service: ServiceContext) => Promise<number>) => withAdminService(io, setExit, run);

  admin
    .command('create-user')
    .description('Create an account for a GitHub login and print its first API token (all scopes)')
    .requiredOption('--login <github-login>', "the person's GitHub login; their PAT must belong to it")
    .requiredOption('--email <email>', 'contact address')
    .option('--github-id <id>', "the person's GitHub user id (looked up from the login when left out)")
    .option('--token-name <name>', 'name of the first API token', 'first token')
    .option('--json', 'print {"user":{…},"token":"rpat_…"}')
    .action(async (flags: CreateUserFlags) => {
      if (!z.email().safeParse(flags.email).success)
        throw new UsageError(`--email ${flags.email} is not an email address`);
      if (flags.githubId !== undefined && !/^[1-9]\d{0,15}$/.test(flags.githubId))
        throw new UsageError(`--github-id ${flags.githubId} is not a GitHub user id`);
      await withService(async (service) => {
        const githubId =
          flags.githubId === undefined
            ? await lookupId(service.config.githubApiUrl, flags.login, io)
            : Number(flags.githubId);
        let created;
        try {
          created = await createUserWithToken(
            { store: service.store, clock: service.clock, maxLifetimeDays: service.config.apiTokenMaxLifetimeDays },
            {
              login: flags.login,
              email: flags.email,
              tokenName: flags.tokenName,
              ...(githubId !== undefined ? { githubId } : {}),
            },
          );
        } catch (err) {
          if (err instanceof AppError) throw new Error(err.message, { cause: err });
          throw err;
        }
        if (flags.json) {
          io.stdout(`${JSON.stringify({ user: presentUser(created.account), token: created.token })}\n`);
        } else {
          const expiry = created.expiresAt ? `expires ${created.expiresAt}` : 'never expires';
          io.stdout(
            `Created user ${created.account.githubLogin} (${created.account.id}).\nFirst API token (${expiry}; shown only now):\n${created.token}\n`,
          );
        }
        return 0;
      });
    });

  admin
    .command('rotate-keys')
    .description('Re-encrypt every stored secret with the first key of RAMPART_MASTER_KEYS')
    .option('--json', 'print the report as JSON')
    .action(async (flags: { json?: boolean }) => {
      await withService(async (service) => {
        const report = await rotateKeys(service.vault, service.store.credentials);
        if (flags.json) {
          io.stdout(
            `${JSON.stringify({ active_kid: service.vault.activeKid, rotated: report.rotated, already_current: report.alreadyCurrent, failed: report.failed, unused_kids: report.unusedKids })}\n`,
          );
        } else {
          io.stdout(
            `Re-encrypted ${report.rotated} record(s) with key "${service.vault.activeKid}"; ${report.alreadyCurrent} already used it; ${report.failed.length} failed.\n`,
          );
          for (const f of report.failed) io.stdout(`  ${f.accountId}: ${f.reason}\n`);
          if (report.failed.length === 0 && report.unusedKids.length > 0) {
            io.stdout(
              `No record uses key(s) ${report.unusedKids.join(', ')} any more; you may remove them from RAMPART_MASTER_KEYS.\n`,
            );
          }
        }
        return report.failed.length > 0 ? 1 : 0;
      });
    });
  for (const command of adminUserCommands(io, setExit)) admin.addCommand(command);
  // Needs no Redis: it talks to GitHub and writes the env file the other commands then read.
  admin.addCommand(appManifestCommand(io, setExit));
  return admin;
}

/**
 * The login's GitHub user id, so the account is bound at once. Offline (or GitHub down) the account is created unbound,
 * with a warning; its owner's first saved PAT binds it.
 */
async function lookupId(apiUrl: string, login: string, io: CliIo): Promise<number | undefined> {
  try {
    const user = await githubUserLookup(apiUrl)(login);
    if (!user) throw new UsageError(`GitHub has no user ${login}; check the login (an organization cannot sign in)`);
    return user.id;
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'github_unavailable') throw err;
    io.stderr(
      `warning: ${err.message} The account is created without a GitHub user id; pass --github-id to bind it now.\n`,
    );
    return undefined;
  }
}
