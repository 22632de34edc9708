/**
 * In-tree actions (actions-hooks-login §1): which actions of a decision task's
 * `public/actions.json` apply to a task or a group, in what order, the JSON-e context they are
 * rendered with, and whether a decision task may use a hook. Pure: no React, no network.
 */
/** A tag-set: every key must be in the task's tags with the same value. */
export type TagSet = Record<string, string>;

interface ActionBase {
  name?: string;
  title: string;
  description: string;
  context: TagSet[];
  schema?: Record<string, unknown> | boolean;
  extra?: Record<string, unknown>;
}
export interface TaskAction extends ActionBase {
  kind: 'task';
  task: Record<string, unknown>;
}
export interface HookAction extends ActionBase {
  kind: 'hook';
  hookGroupId: string;
  hookId: string;
  hookPayload: Record<string, unknown>;
}
export type InTreeAction = TaskAction | HookAction;

/** A validated `actions.json`. */
export interface ActionsFile {
  version: 1;
  variables: Record<string, unknown>;
  actions: InTreeAction[];
}

/** Names of built-in buttons an applicable in-tree action of the same name replaces (§1.3). */
export const BUILT_IN_NAMES = [
  'cancel',
  'retrigger',
  'rerun',
  'schedule',
  'purge-caches',
  'create-interactive',
] as const;

/** Actions of a kind this dashboard can run; unknown kinds are ignored (§1.2). */
export function knownActions(file: { actions: { kind?: unknown }[] }): InTreeAction[] {
  return file.actions.filter(
    (a): a is InTreeAction => a.kind === 'task' || a.kind === 'hook',
  ) as InTreeAction[];
}

/** A tag valued `""` never matches (the Taskcluster UI's rule). */
function matches(tagSet: TagSet, tags: Record<string, string>): boolean {
  return Object.entries(tagSet).every(
    ([k, v]) => Object.hasOwn(tags, k) && tags[k] !== '' && tags[k] === v,
  );
}

/** File order kept; for a repeated `name`, the first applicable action wins. */
function firstOfEachName(actions: InTreeAction[]): InTreeAction[] {
  const seen = new Set<string>();
  return actions.filter((a) => {
    if (a.name === undefined) return true;
    if (seen.has(a.name)) return false;
    seen.add(a.name);
    return true;
  });
}

/** The actions shown on a task's page: those with a tag-set the task's tags match. */
export function actionsForTask(
  file: ActionsFile,
  tags: Record<string, string> | undefined,
): InTreeAction[] {
  return firstOfEachName(
    knownActions(file).filter((a) => (a.context ?? []).some((set) => matches(set, tags ?? {}))),
  );
}

/** The actions shown on a group's page: those with an empty context. */
export function actionsForGroup(file: ActionsFile): InTreeAction[] {
  return firstOfEachName(knownActions(file).filter((a) => (a.context ?? []).length === 0));
}

/** Names of built-in buttons that must yield to an in-tree action of the same name. */
export function overriddenBuiltIns(actions: InTreeAction[]): Set<string> {
  const names = new Set<string>(BUILT_IN_NAMES);
  return new Set(actions.flatMap((a) => (a.name && names.has(a.name) ? [a.name] : [])));
}

/**
 * The JSON-e context (§1.5): `{taskGroupId, taskId, task, input}` with `variables` deep-merged on
 * top (they may shadow these names); kind `task` also gets `ownTaskId`.
 */
export function actionContext(o: {
  file: ActionsFile;
  action: InTreeAction;
  taskGroupId: string;
  taskId: string | null;
  task: unknown;
  input: unknown;
  ownTaskId?: string;
}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    taskGroupId: o.taskGroupId,
    taskId: o.taskId,
    task: o.task,
    input: o.input,
  };
  const merged = deepMerge(base, o.file.variables ?? {}) as Record<string, unknown>;
  if (o.action.kind === 'task') merged.ownTaskId = o.ownTaskId;
  return merged;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(a: unknown, b: unknown): unknown {
  if (!isObject(a) || !isObject(b)) return b;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out;
}

/** The scope a decision task's expanded scopes must satisfy to use a hook (§1.7). */
export const hookActionScope = (hookGroupId: string, hookId: string) =>
  `in-tree:hook-action:${hookGroupId}/${hookId}`;

/** True when one of `expandedScopes` equals the scope, or is a prefix of it ending in `*`. */
export function mayUseHook(expandedScopes: string[], hookGroupId: string, hookId: string): boolean {
  const scope = hookActionScope(hookGroupId, hookId);
  return expandedScopes.some(
    (s) => s === scope || (s.endsWith('*') && scope.startsWith(s.slice(0, -1))),
  );
}

/** The reference UI's refusal when the check fails. */
export function misconfiguredMessage(hookGroupId: string, hookId: string): string {
  return `Action is misconfigured: decision task's scopes do not satisfy ${hookActionScope(hookGroupId, hookId)}`;
}

/** The input an action starts with: its schema's defaults, or `null` without a schema (spec). */
export function defaultInput(action: InTreeAction): unknown {
  const schema = action.schema;
  if (!isObject(schema)) return null;
  return defaultsOf(schema);
}

function defaultsOf(schema: Record<string, unknown>): unknown {
  if ('default' in schema) return schema.default;
  if (schema.type === 'object' || isObject(schema.properties)) {
    const out: Record<string, unknown> = {};
    for (const [k, sub] of Object.entries((schema.properties as object) ?? {})) {
      if (!isObject(sub)) continue;
      const v = defaultsOf(sub);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  return undefined;
}
