/**
 * What `/tasks/create` starts from, and what it keeps: the visitor's draft (text and taskId) and
 * the last task created here, in localStorage per deployment. Pure apart from the storage object
 * passed in.
 */
import { parseDocument } from 'yaml';
import { newSlugId, type TaskDefinitionRequest } from '../../api';
import { toYaml } from '../../components/yaml-document';
import {
  exampleDefinition,
  withFreshTimes,
  type CreateTaskHandoff,
} from '../../queries/task-templates';

export interface Draft {
  text: string;
  taskId: string;
  /** The task an "Edit and create" copied. */
  from?: string;
}

/** Where the editor's text came from, for the line above it. */
export type TemplateSource = 'edit' | 'draft' | 'last' | 'example';

export interface Template extends Draft {
  source: TemplateSource;
}

/** A task queue for the example when the visitor can list none. */
export const FALLBACK_QUEUE = 'proj-example/worker';

/**
 * The editor's starting point, first that applies: a definition handed over by "Edit and
 * create"; the visitor's draft; the last task created here, with fresh timestamps; a minimal
 * example for the first task queue the visitor can list. Anything but a draft gets a new taskId.
 */
export function chooseTemplate(o: {
  handoff?: CreateTaskHandoff | null;
  draft?: Draft | null;
  last?: TaskDefinitionRequest | null;
  taskQueues?: readonly string[];
  now?: number;
  newId?: () => string;
}): Template {
  const newId = o.newId ?? newSlugId;
  const now = o.now ?? Date.now();
  if (o.handoff)
    return {
      source: 'edit',
      from: o.handoff.from,
      text: toYaml(o.handoff.definition),
      taskId: newId(),
    };
  if (o.draft) return { source: 'draft', ...o.draft };
  if (o.last) return { source: 'last', text: toYaml(withFreshTimes(o.last, now)), taskId: newId() };
  const queue = o.taskQueues?.[0] ?? FALLBACK_QUEUE;
  return { source: 'example', text: toYaml(exampleDefinition(queue, now)), taskId: newId() };
}

/** The Queue refuses a `created` further than this from its clock. */
export const CREATED_SKEW_MS = 15 * 60_000;

/**
 * The text with `created` set to now and `deadline`/`expires` moved by their old offsets, the
 * rest (comments, order, style) untouched. Text that does not parse is returned as it is.
 */
export function refreshTimestamps(text: string, now: number): string {
  const doc = parseDocument(text);
  if (doc.errors.length) return text;
  const value = doc.toJS() as Record<string, unknown> | null;
  if (!value || typeof value !== 'object' || typeof value.created !== 'string') return text;
  const fresh = withFreshTimes(
    value as { created: string; deadline: string; expires?: string },
    now,
  );
  for (const key of ['created', 'deadline', 'expires'] as const)
    if (typeof value[key] === 'string' && fresh[key] !== value[key]) doc.set(key, fresh[key]);
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}

/** Why the Queue would refuse `created`, if it would (it allows ±15 minutes). */
export function staleCreated(definition: unknown, now: number): string | undefined {
  const created = (definition as { created?: unknown } | null)?.created;
  if (typeof created !== 'string') return undefined;
  const at = Date.parse(created);
  if (Number.isNaN(at) || Math.abs(at - now) <= CREATED_SKEW_MS) return undefined;
  return `is ${at < now ? 'more than 15 minutes ago' : 'more than 15 minutes ahead'}: the Queue refuses it. Use "Refresh timestamps".`;
}

const DRAFT_KEY = 'tc-dashboard:create-task:draft:';
const LAST_KEY = 'tc-dashboard:create-task:last:';

function read<T>(storage: Storage, key: string, valid: (v: unknown) => v is T): T | null {
  try {
    const raw = storage.getItem(key);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    return valid(value) ? value : null;
  } catch {
    return null;
  }
}

function write(storage: Storage, key: string, value: unknown): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or denied: the editor still works, it only forgets on reload.
  }
}

const isDraft = (v: unknown): v is Draft =>
  !!v && typeof (v as Draft).text === 'string' && typeof (v as Draft).taskId === 'string';
const isDefinition = (v: unknown): v is TaskDefinitionRequest =>
  !!v && typeof v === 'object' && typeof (v as { created?: unknown }).created === 'string';

/** The draft and last task of one deployment (a draft for one deployment is not another's). */
export function createStore(storage: Storage, rootUrl: string) {
  return {
    draft: () => read(storage, DRAFT_KEY + rootUrl, isDraft),
    saveDraft: (draft: Draft) => write(storage, DRAFT_KEY + rootUrl, draft),
    clearDraft: () => storage.removeItem(DRAFT_KEY + rootUrl),
    last: () => read(storage, LAST_KEY + rootUrl, isDefinition),
    saveLast: (definition: TaskDefinitionRequest) => write(storage, LAST_KEY + rootUrl, definition),
  };
}
