import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { EmulatorContext } from '../context.js';
import { resolveCommitish } from '../git/resolve-ref.js';
import { lookupPath } from '../git/tree-ops.js';
import { SeedError } from '../seed-schema.js';
import { ControlError, type EmulatorControl } from './emulator-control.js';

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

function p(req: Request, name: string): string {
  const v: unknown = (req.params as Record<string, unknown>)[name];
  return Array.isArray(v) ? v.join('/') : typeof v === 'string' ? v : '';
}

function body(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  return typeof b === 'object' && b !== null ? (b as Record<string, unknown>) : {};
}

/** `/_emulator/*`: seeding, limits, inspection and PR/installation events; the same as `EmulatorHandle.control`. */
export function controlRoutes(ctx: EmulatorContext, control: EmulatorControl): Router {
  const r = Router();
  r.use(express.json({ limit: '50mb' }));
  r.post('/seed', (req, res) => {
    res.json({ added: control.seed(req.body) });
  });
  r.get('/limits', (_req, res) => {
    res.json(control.limits());
  });
  r.post('/limits', (req, res) => {
    res.json({ limits: control.setLimits(req.body) });
  });
  r.post('/quirks', (req, res) => {
    res.json({ quirks: control.setQuirks(body(req)) });
  });
  r.post('/reset', (req, res) => {
    control.reset(body(req).seed);
    res.json({ ok: true });
  });
  r.get('/requests', (req, res) => {
    const q = req.query as Record<string, unknown>;
    const token = str(q.token);
    const label = str(q.label);
    const since = num(q.since);
    const limit = num(q.limit);
    res.json(
      control.requests({
        ...(token ? { token } : {}),
        ...(label ? { label } : {}),
        ...(since !== undefined ? { since } : {}),
        ...(limit !== undefined ? { limit } : {}),
      }),
    );
  });
  r.delete('/requests', (_req, res) => {
    control.clearRequests();
    res.status(204).end();
  });
  r.get('/repos/:owner/:repo', (req, res) => {
    res.json(control.repoState(p(req, 'owner'), p(req, 'repo')));
  });
  r.get('/repos/:owner/:repo/files', (req, res) => {
    res.json(control.files(p(req, 'owner'), p(req, 'repo'), str((req.query as Record<string, unknown>).ref)));
  });
  r.get('/repos/:owner/:repo/pulls', (req, res) => {
    res.json(control.pulls(p(req, 'owner'), p(req, 'repo')));
  });
  r.post('/repos/:owner/:repo/pulls/:number/merge', (req, res) => {
    res.json(control.mergePull(p(req, 'owner'), p(req, 'repo'), Number(p(req, 'number')), str(body(req).by)));
  });
  r.post('/repos/:owner/:repo/settings', (req, res) => {
    res.json(control.setRepoSettings(p(req, 'owner'), p(req, 'repo'), req.body));
  });
  r.post('/repos/:owner/:repo/pulls/:number/close', (req, res) => {
    res.json(control.closePull(p(req, 'owner'), p(req, 'repo'), Number(p(req, 'number')), str(body(req).by)));
  });
  r.post('/repos/:owner/:repo/commits', (req, res) => {
    res.status(201).json(control.pushCommit(p(req, 'owner'), p(req, 'repo'), req.body));
  });
  r.post('/repos', (req, res) => {
    res.status(201).json(control.createRepository(req.body));
  });
  r.post('/installations/:id/repositories', (req, res) => {
    res.json(control.changeInstallationRepositories(Number(p(req, 'id')), req.body));
  });
  r.post('/tokens/revoke', (req, res) => {
    const b = body(req);
    const which = str(b.token) ?? str(b.label);
    if (!which) throw new ControlError(400, 'give "token" or "label"');
    res.json({ revoked: control.revokeToken(which) });
  });
  r.post('/installations', (req, res) => {
    res.status(201).json(control.addInstallation(req.body));
  });
  r.delete('/installations/:id', (req, res) => {
    control.removeInstallation(Number(p(req, 'id')));
    res.status(204).end();
  });
  r.post('/webhooks', (req, res) => {
    const b = body(req);
    const appId = num(b.app_id);
    control.setWebhook({
      url: str(b.url) ?? null,
      secret: b.secret === null ? null : str(b.secret),
      ...(appId !== undefined ? { app_id: appId } : {}),
    });
    res.json({ ok: true });
  });
  r.get('/webhooks/deliveries', async (_req, res) => {
    await control.settled();
    res.json(control.deliveries());
  });
  r.post('/clock', (req, res) => {
    res.json({ now: new Date(control.advanceClock(num(body(req).advance_ms) ?? 0)).toISOString() });
  });
  // `download_url` of contents: raw file text, no auth (like raw.githubusercontent.com for public files).
  r.get('/raw/:owner/:repo/:ref/*path', (req, res) => {
    const repo = ctx.state.repo(p(req, 'owner'), p(req, 'repo'));
    const commit = repo ? resolveCommitish(repo, p(req, 'ref')) : undefined;
    const entry =
      repo && commit ? lookupPath(repo.store, repo.store.commit(commit)?.tree ?? '', p(req, 'path')) : undefined;
    const blob = entry ? repo?.store.blob(entry.sha) : undefined;
    if (!blob) throw new ControlError(404, '404: Not Found');
    res.type('text/plain; charset=utf-8').send(blob.data);
  });
  r.get('/avatars/:id', (req, res) => {
    const hue = (Number(p(req, 'id')) * 47) % 360;
    res
      .type('image/svg+xml')
      .send(
        `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="hsl(${hue},55%,55%)"/></svg>`,
      );
  });
  r.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof ControlError) return void res.status(err.status).json({ message: err.message });
    if (err instanceof SeedError) return void res.status(400).json({ message: err.message });
    if (err instanceof SyntaxError) return void res.status(400).json({ message: `invalid JSON: ${err.message}` });
    next(err);
  });
  return r;
}
