/**
 * The `/dashboard-config.json` the deployment serves beside the dashboard: the file given with
 * `--dashboard-config`, validated at start like the dashboard validates it, or one that
 * features the demo's task groups.
 */
import { readFileSync } from 'node:fs';
import { parseDashboardConfig } from '../src/config/dashboard-config';
import type { DemoGroup } from './demo/featured';

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

/** A configuration that features the given groups, in order. */
export function featuredConfigJson(groups: DemoGroup[]): string {
  const featuredTaskGroups = groups.map(({ taskGroupId, title }) => ({ taskGroupId, title }));
  return `${JSON.stringify({ featuredTaskGroups }, null, 2)}\n`;
}
