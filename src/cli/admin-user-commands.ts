import { Command } from 'commander';
import { deleteAccount } from '../accounts/delete-account.js';
import { reinstateAccount, suspendAccount } from '../accounts/suspend-account.js';
import type { Account } from '../store/account-store.js';
import type { AuditActor, AuditEvent } from '../store/audit-store.js';
import { compareIds } from '../store/audit-store.js';
import { UsageError, type CliIo } from './cli-io.js';
import { findAccount, withAdminService, withQueues } from './admin-service.js';
import type { ServiceContext } from './service-bootstrap.js';

const ADMIN: AuditActor = { via: 'admin' };

/** `rampart admin list-users | suspend-user | reinstate-user | delete-user | export-audit`. */
export function adminUserCommands(io: CliIo, setExit: (code: number) => void): Command[] {
  const run = (task: (service: ServiceContext) => Promise<number>) => withAdminService(io, setExit, task);
  const named = async (service: ServiceContext, who: string): Promise<Account> => {
    const account = await findAccount(service, who);
    if (!account)
      throw new UsageError(
        `no account ${who} (give a GitHub login or an account id acc_…; see rampart admin list-users)`,
      );
    return account;
  };

  const listUsers = new Command('list-users')
    .description('List every account: login, GitHub id, status, saved PAT, last membership check')
    .option('--json', 'one JSON object per line')
    .action(async (flags: { json?: boolean }) =>
      run(async (service) => {
        const rows: Array<{ account: Account; pat: boolean }> = [];
        for await (const id of service.store.accounts.allIds()) {
          const account = await service.store.accounts.get(id);
          if (account) rows.push({ account, pat: (await service.store.credentials.get(account.id)) !== null });
        }
        rows.sort((x, y) => x.account.createdAt.localeCompare(y.account.createdAt));
        if (flags.json) {
          for (const { account: a, pat } of rows) {
            const row = {
              id: a.id,
              github_login: a.githubLogin,
              github_id: a.githubId,
              email: a.email,
              status: a.status,
              suspension: a.suspension,
              pat,
              membership: a.membership,
              created_at: a.createdAt,
            };
            io.stdout(`${JSON.stringify(row)}\n`);
          }
          return 0;
        }
        if (rows.length === 0) {
          io.stdout('No accounts yet.\n');
          return 0;
        }
        const table = rows.map(({ account: a, pat }) => [
          a.id,
          a.githubLogin,
          a.githubId === null ? '-' : String(a.githubId),
          a.suspension ? `suspended (${a.suspension.reason})` : 'active',
          pat ? 'yes' : 'no',
          a.membership ? `${a.membership.orgs.join(',')} @ ${a.membership.checkedAt}` : '-',
          a.createdAt,
        ]);
        io.stdout(columns([['ID', 'LOGIN', 'GITHUB ID', 'STATUS', 'PAT', 'MEMBERSHIP', 'CREATED'], ...table]));
        return 0;
      }),
    );

  const suspendUser = new Command('suspend-user')
    .description(
      'Suspend an account: its tokens are refused, its sessions end, its waiting jobs are cancelled (its PAT stays encrypted)',
    )
    .argument('<user>', 'GitHub login or account id (acc_…)')
    .option('--reason <text>', 'why, shown to the person when they try to use Rampart', 'suspended by an operator')
    .action(async (who: string, flags: { reason: string }) =>
      run(async (service) => {
        const account = await named(service, who);
        if (account.suspension?.reason === 'operator') {
          io.stdout(`${account.githubLogin} (${account.id}) is already suspended since ${account.suspension.at}.\n`);
          return 0;
        }
        const { sessionsEnded } = await suspendAccount(
          service,
          account,
          { reason: 'operator', message: flags.reason },
          ADMIN,
        );
        const cancelled = await withQueues(service, (q) =>
          q.stopRuns(account, `The account was suspended: ${flags.reason}`),
        );
        io.stdout(
          `Suspended ${account.githubLogin} (${account.id}): ${sessionsEnded} session(s) ended, ${cancelled} waiting repositor${cancelled === 1 ? 'y' : 'ies'} cancelled.\n`,
        );
        return 0;
      }),
    );

  const reinstateUser = new Command('reinstate-user')
    .description('Lift a suspension (an operator’s, or one for ended membership)')
    .argument('<user>', 'GitHub login or account id (acc_…)')
    .action(async (who: string) =>
      run(async (service) => {
        const account = await named(service, who);
        await reinstateAccount(service, account, ADMIN);
        io.stdout(
          `${account.githubLogin} (${account.id}) is active${account.status === 'active' ? ' (it was not suspended)' : ' again'}.\n`,
        );
        return 0;
      }),
    );

  const deleteUser = new Command('delete-user')
    .description(
      'Delete an account and everything Rampart keeps for it: PAT, API tokens, sessions, runs, policies, options, audit stream',
    )
    .argument('<user>', 'GitHub login or account id (acc_…)')
    .option('--yes', 'really delete (without it, only say what would go)')
    .action(async (who: string, flags: { yes?: boolean }) =>
      run(async (service) => {
        const account = await named(service, who);
        if (!flags.yes) {
          const runs = (await service.store.runs.listForAccount(account.id)).length;
          const policies = (await service.store.policies.listForAccount(account.id)).length;
          const pat = (await service.store.credentials.get(account.id)) !== null;
          io.stdout(
            `Would delete ${account.githubLogin} (${account.id}): ${pat ? 'its PAT, ' : ''}${runs} run(s), ${policies} polic${policies === 1 ? 'y' : 'ies'}, its API tokens, sessions and audit events. Run again with --yes.\n`,
          );
          return 1;
        }
        const report = await withQueues(service, async (q) => {
          await q.stopRuns(account, 'The account was deleted.');
          return deleteAccount(service, account, ADMIN, q.removePolicy);
        });
        io.stdout(
          `Deleted ${account.githubLogin} (${account.id}): ${report.pat ? 'PAT, ' : ''}${report.apiTokens} API token(s), ${report.sessions} session(s), ${report.runs} run(s), ${report.policies} polic${report.policies === 1 ? 'y' : 'ies'}. Recorded in the service audit stream.\n`,
        );
        return 0;
      }),
    );

  const exportAudit = new Command('export-audit')
    .description(
      'Print audit events as JSON lines, oldest first: every account’s and the service’s (sign-ins refused, accounts deleted)',
    )
    .option('--user <user>', 'only this account (GitHub login or acc_…)')
    .option('--since <date>', 'only events at or after this ISO 8601 date')
    .action(async (flags: { user?: string; since?: string }) =>
      run(async (service) => {
        const since = flags.since === undefined ? null : Date.parse(flags.since);
        if (since !== null && Number.isNaN(since))
          throw new UsageError(
            `--since ${flags.since} is not a date (use ISO 8601, like 2026-01-31 or 2026-01-31T12:00:00Z)`,
          );
        const streams: Array<{ accountId: string | null; login: string | null }> = [];
        if (flags.user !== undefined) {
          const account = await named(service, flags.user);
          streams.push({ accountId: account.id, login: account.githubLogin });
        } else {
          streams.push({ accountId: null, login: null });
          for await (const id of service.store.accounts.allIds())
            streams.push({ accountId: id, login: (await service.store.accounts.get(id))?.githubLogin ?? null });
        }
        const lines: Array<{ id: string; line: string }> = [];
        for (const stream of streams) {
          for await (const event of service.store.audit.eachEvent(stream.accountId)) {
            if (since !== null && Date.parse(event.at) < since) continue;
            lines.push({ id: event.id, line: JSON.stringify(exported(event, stream)) });
          }
        }
        lines.sort((a, b) => compareIds(a.id, b.id));
        for (const { line } of lines) io.stdout(`${line}\n`);
        return 0;
      }),
    );

  return [listUsers, suspendUser, reinstateUser, deleteUser, exportAudit];
}

function exported(
  event: AuditEvent,
  stream: { accountId: string | null; login: string | null },
): Record<string, unknown> {
  return {
    id: event.id,
    at: event.at,
    type: event.type,
    account_id: stream.accountId,
    github_login: stream.login,
    via: event.via,
    ip: event.ip,
    details: event.details,
  };
}

function columns(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) => `${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}\n`)
    .join('');
}
