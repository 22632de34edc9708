/**
 * The `/dashboard-config.json` the deployment serves beside the dashboard: the file given with
 * `--dashboard-config`, validated at start like the dashboard validates it, or one that
 * features the demo's task groups.
 */
import { readFileSync } from 'node:fs';
import { parseDashboardConfig } from '../src/config/dashboard-config';
import type { DemoGroup } from './demo/featured';
import type { DashboardOAuthEntry } from './login/clients';

/** Reads and checks a configuration file; served as written, so newer keys reach newer dashboards. */
export function readDashboardConfigFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`--dashboard-config ${file}: ${(error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`--dashboard-config ${file}: not valid JSON`);
  }
  const parsed = parseDashboardConfig(value);
  if (!parsed.ok) throw new Error(`--dashboard-config ${file}: ${parsed.error}`);
  return text;
}

/**
 * A configuration that features the given groups, in order, and names the login client of the
 * dashboard the deployment serves (`oauth`, see login/clients.ts) when there is one.
 */
export function featuredConfigJson(
  groups: DemoGroup[],
  oauth: Record<string, DashboardOAuthEntry> = {},
): string {
  const featuredTaskGroups = groups.map(({ taskGroupId, title }) => ({ taskGroupId, title }));
  const config = Object.keys(oauth).length ? { featuredTaskGroups, oauth } : { featuredTaskGroups };
  return `${JSON.stringify(config, null, 2)}\n`;
}
