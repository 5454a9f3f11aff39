import { z } from 'zod';

/** One `allowed-endpoints` entry of harden-runner: `host:port`, the host may start with `*.` (a wildcard subdomain). */
export const allowedEndpointSchema = z
  .string()
  .trim()
  .regex(
    /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?:\d{1,5}$/,
    'must be host:port, e.g. api.github.com:443 or *.blob.core.windows.net:443',
  )
  .refine((e) => {
    const port = Number(e.slice(e.lastIndexOf(':') + 1));
    return port >= 1 && port <= 65535;
  }, 'has a port outside 1-65535');

/** `hardenRunner` in the engine options. */
export const hardenRunnerOptions = z
  .object({
    egressPolicy: z.enum(['audit', 'block']).default('audit'),
    /** Written as `allowed-endpoints` when the policy is block: the only destinations the job may reach. */
    allowedEndpoints: z.array(allowedEndpointSchema).max(200).default([]),
    /** The action inserted; pinned through the resolver like any other ref. */
    action: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+@[\w./-]+$/, 'must look like owner/repo@ref')
      .default('step-security/harden-runner@v2'),
    /** Insert into self-hosted jobs too (harden-runner then needs its agent there). */
    includeSelfHosted: z.boolean().default(false),
    /** Extra runner labels to treat as Linux VMs, for larger or self-hosted runners. */
    linuxLabels: z.array(z.string().min(1)).default([]),
  })
  .prefault({});
