/**
 * Roles of the local deployment, in the shape of Auth's role records: `{roleId, scopes}`.
 * They come from the demo and from `--roles FILE`; the `anonymous` role comes from the
 * deployment's anonymous scopes.
 */
import { readFileSync } from 'node:fs';
import scopes from 'taskcluster-lib-scopes';

export interface RoleRecord {
  roleId: string;
  scopes: string[];
  description?: string;
}

/** Checks a parsed roles document; throws an error naming the bad entry. */
export function parseRoles(raw: unknown, source: string): RoleRecord[] {
  if (!Array.isArray(raw)) throw new Error(`${source}: expected a JSON array of {roleId, scopes}`);
  return raw.map((r: { roleId?: unknown; scopes?: unknown; description?: unknown }, i) => {
    if (
      typeof r?.roleId !== 'string' ||
      !/^[\x20-\x7e]+$/.test(r.roleId) ||
      !Array.isArray(r.scopes) ||
      !r.scopes.every((s) => typeof s === 'string' && scopes.validScope(s))
    ) {
      throw new Error(
        `${source}: entry ${i} needs roleId (printable ASCII) and scopes (an array of valid scopes)`,
      );
    }
    return {
      roleId: r.roleId,
      scopes: r.scopes as string[],
      ...(typeof r.description === 'string' ? { description: r.description } : {}),
    };
  });
}

/** Reads `--roles FILE`. */
export function loadRoles(file: string | undefined): RoleRecord[] {
  if (!file) return [];
  return parseRoles(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
}

/** The role table the authenticator expands with; later records add to earlier ones. */
export function roleTable(
  anonymousScopes: readonly string[],
  records: readonly RoleRecord[],
): Record<string, string[]> {
  const table: Record<string, string[]> = { anonymous: [...anonymousScopes] };
  for (const r of records) table[r.roleId] = [...(table[r.roleId] ?? []), ...r.scopes];
  return table;
}
