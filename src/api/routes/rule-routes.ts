import { z } from 'zod';
import { RULES } from '../../harden/rules/registry.js';
import { SEVERITIES } from '../../harden/severity.js';
import { RULE_IDS } from '../../harden/types.js';
import { route, type AnyRoute } from '../route.js';

export const ruleCatalogSchema = z
  .object({
    rules: z.array(
      z.object({
        id: z.enum(RULE_IDS),
        title: z.string().meta({ description: 'One line on what the rule does.' }),
        explanation: z.string(),
        default_enabled: z.boolean(),
        severity: z
          .enum(SEVERITIES)
          .meta({ description: 'The weight of what it guards against; a finding may say otherwise.' }),
        action: z
          .enum(['fix', 'report'])
          .meta({ description: '`fix` edits files (and reports what it cannot fix safely); `report` only reports.' }),
      }),
    ),
  })
  .meta({ title: 'RuleCatalog' });

/** The hardening rules, for option screens: public, the same for everyone. */
export function ruleRoutes(): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/v1/rules',
      operationId: 'listRules',
      tag: 'rules',
      summary: 'The hardening rules: what each does and whether it is on by default',
      auth: 'none',
      responses: { 200: { description: 'Every rule, in the order their edits apply', schema: ruleCatalogSchema } },
      handle: async () => ({
        status: 200,
        body: {
          rules: RULES.map((r) => ({
            id: r.id,
            title: r.title,
            explanation: r.explanation,
            default_enabled: r.defaultEnabled,
            severity: r.severity,
            action: r.action,
          })),
        },
      }),
    }),
  ];
}
