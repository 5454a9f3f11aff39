/** One repository's outcome as the run API reports it (the fields the demo prints). */
export interface DemoRepositoryResult {
  repository: string;
  status: string;
  pull_request?: { number: number; url: string };
  error?: { code: string; message: string };
  note?: string;
  changes?: unknown[];
}

export interface DemoRun {
  id: string;
  status: string;
  repositories: DemoRepositoryResult[];
}

/** `rampart demo --run`: orchestrates the demo repositories through the API and waits for the run to be final. */
export async function orchestrateDemo(
  apiUrl: string,
  token: string,
  repositories: readonly string[],
  timeoutMs = 120_000,
): Promise<DemoRun> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const started = await fetch(`${apiUrl}/api/v1/orchestrations`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ repositories }),
  });
  if (started.status !== 202) throw new Error(`orchestration refused: HTTP ${started.status} ${await started.text()}`);
  const { id } = (await started.json()) as { id: string };
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${apiUrl}/api/v1/orchestrations/${id}`, { headers });
    const run = (await res.json()) as DemoRun;
    if (run.status === 'completed' || run.status === 'cancelled') return run;
    if (Date.now() > until) throw new Error(`run ${id} was not final after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
