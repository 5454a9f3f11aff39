import { createHmac, randomUUID } from 'node:crypto';
import type { Installation, Repo } from '../model.js';
import type { EmulatorState } from '../state.js';
import { signWebhookPayload } from './sign.js';

export interface WebhookTarget {
  url: string;
  secret: string | null;
}

export interface Delivery {
  id: string;
  event: string;
  action: string | null;
  url: string;
  appId: number | null;
  time: string;
  /** HTTP status of the receiver, or null when it could not be reached */
  status: number | null;
  error: string | null;
}

/** Where an event happened, to pick the Apps that receive it. */
export interface EventScope {
  repo?: Repo;
  installation?: Installation;
}

/** Fire-and-forget webhook deliveries, signed like GitHub's, and a log of their outcomes. */
export class WebhookSender {
  /** receives every event, signed with its own secret (a repository/org webhook) */
  global: WebhookTarget | null = null;
  private readonly log: Delivery[] = [];
  private readonly pending = new Set<Promise<void>>();

  emit(state: EmulatorState, event: string, payload: Record<string, unknown>, where: EventScope): void {
    if (this.global) this.send(this.global, null, event, payload, 'repository');
    for (const app of state.apps.values()) {
      if (!app.webhookUrl) continue;
      const inst =
        where.installation?.appId === app.id
          ? where.installation
          : where.repo
            ? state.installationFor(app.id, where.repo.ownerLogin)
            : undefined;
      if (!inst) continue;
      if (where.repo && !where.installation && !state.selectionCovers(inst.repositories, inst.accountLogin, where.repo))
        continue;
      // App deliveries name the installation; `installation` events already carry the full object.
      const withInstallation = payload.installation
        ? payload
        : {
            ...payload,
            installation: { id: inst.id, node_id: Buffer.from(`026:Installation${inst.id}`).toString('base64') },
          };
      this.send({ url: app.webhookUrl, secret: app.webhookSecret }, app.id, event, withInstallation, 'integration');
    }
  }

  private send(
    target: WebhookTarget,
    appId: number | null,
    event: string,
    payload: Record<string, unknown>,
    targetType: string,
  ): void {
    const id = randomUUID();
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/emulator',
      'x-github-event': event,
      'x-github-delivery': id,
      'x-github-hook-id': String(appId ?? 1),
      'x-github-hook-installation-target-type': targetType,
      'x-github-hook-installation-target-id': String(appId ?? 0),
    };
    if (target.secret) {
      headers['x-hub-signature-256'] = signWebhookPayload(target.secret, body);
      headers['x-hub-signature'] = `sha1=${createHmac('sha1', target.secret).update(body).digest('hex')}`;
    }
    const delivery: Delivery = {
      id,
      event,
      action: typeof payload.action === 'string' ? payload.action : null,
      url: target.url,
      appId,
      time: new Date().toISOString(),
      status: null,
      error: null,
    };
    this.log.push(delivery);
    const p = fetch(target.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) })
      .then(async (r) => {
        delivery.status = r.status;
        await r.arrayBuffer().catch(() => undefined);
      })
      .catch((e: unknown) => {
        delivery.error = e instanceof Error ? e.message : String(e);
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  deliveries(): Delivery[] {
    return this.log.map((d) => ({ ...d }));
  }

  /** Resolves once every delivery started so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  clear(): void {
    this.log.length = 0;
  }
}
