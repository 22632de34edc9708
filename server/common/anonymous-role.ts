/**
 * The `anonymous` role of a public Taskcluster deployment, exactly as Taskcluster's manual
 * documents it (ui/docs/manual/deploying/anonymous-role.mdx, "Public Deployments"), for the
 * services this local deployment runs. Every caller holds it, signed in or not.
 *
 * One list, one line per scope, grouped by service. When a service joins the deployment, its
 * scopes from the same documented role join here, and nothing more (Queue, Auth and Hooks so
 * far; the Auth and Hooks entries are also what a real anonymous caller's currentScopes shows).
 */
export const PUBLIC_ANONYMOUS_SCOPES: readonly string[] = Object.freeze([
  // queue
  'queue:get-artifact:public/*',
  'queue:get-provisioner:*',
  'queue:get-task:*',
  'queue:get-worker-type:*',
  'queue:get-worker:*',
  'queue:list-artifacts:*',
  'queue:list-dependent-tasks:*',
  'queue:list-provisioners',
  'queue:list-task-group:*',
  'queue:list-worker-types:*',
  'queue:list-workers:*',
  'queue:pending-count:*',
  'queue:status:*',
  // auth
  'auth:current-scopes',
  'auth:expand-scopes',
  'auth:get-client:*',
  'auth:get-role:*',
  'auth:list-clients',
  'auth:list-roles',
  // hooks
  'hooks:get:*',
  'hooks:list-hooks:*',
  'hooks:list-last-fires:*',
  'hooks:status:*',
]);

/**
 * The anonymous role from the command line: `--private` empties it (a private deployment),
 * `--anonymous-scopes A,B` replaces it, and neither keeps the documented public role.
 */
export function anonymousScopesFromFlags(flags: {
  private?: boolean;
  anonymousScopes?: string;
}): readonly string[] {
  if (flags.private && flags.anonymousScopes !== undefined)
    throw new Error('--private and --anonymous-scopes contradict each other: pass one of them.');
  if (flags.private) return [];
  if (flags.anonymousScopes === undefined) return PUBLIC_ANONYMOUS_SCOPES;
  return flags.anonymousScopes
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}
