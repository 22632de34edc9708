/**
 * The Auth service's subset that dashboards use (actions-hooks-login §3): `ping`,
 * `expandScopes` and `currentScopes`, over the deployment's role table. The Queue and Hooks
 * check scopes with the same expansion (`ctx.auth.expand`).
 */
import { createApiRouter, type RouteDef } from '../common/api-router';
import { createValidator } from '../common/schemas';
import type { Service, ServiceContext } from '../common/service';

const SCHEMAS = {
  scopeset: {
    title: 'Set of scopes',
    type: 'object',
    additionalProperties: false,
    properties: {
      scopes: {
        type: 'array',
        items: { type: 'string', pattern: '^[\\x20-\\x7e]*$' },
        uniqueItems: true,
      },
    },
    required: ['scopes'],
  },
};
type SchemaName = keyof typeof SCHEMAS;

export function createAuthService(ctx: ServiceContext): Service {
  const routes: RouteDef<SchemaName>[] = [
    {
      name: 'ping',
      method: 'GET',
      path: '/ping',
      handler: () => ({ alive: true, uptime: process.uptime() }),
    },
    {
      name: 'expandScopes',
      method: 'POST',
      path: '/scopes/expand',
      input: 'scopeset',
      scopes: () => 'auth:expand-scopes',
      handler: (req) => ({ scopes: ctx.auth.expand((req.body as { scopes: string[] }).scopes) }),
    },
    {
      name: 'currentScopes',
      method: 'GET',
      path: '/scopes/current',
      scopes: () => 'auth:current-scopes',
      handler: (req) => ({ scopes: req.auth.scopes }),
    },
  ];
  const api = createApiRouter({
    service: 'auth',
    routes,
    auth: ctx.auth,
    patterns: {},
    queryPatterns: {},
    validate: createValidator(SCHEMAS),
    log: ctx.log,
  });
  return { name: 'auth', api };
}
