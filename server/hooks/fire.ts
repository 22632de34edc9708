/**
 * Firing a hook (actions-hooks-login §2.4): the trigger payload is checked against the hook's
 * `triggerSchema` (no defaults applied), the task template is rendered with JSON-e in the
 * context `{firedBy, payload, clientId, taskId, now}`, and the task is created through the Queue
 * as the hook's role. Fires that reach task creation, and template errors, are remembered.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { createRequire } from 'node:module';
import jsone from 'json-e';
import slugid from 'slugid';
import { ApiError, inputError } from '../common/errors';
import { SLUGID_PATTERN } from '../common/http';
import type { HookDefinition, HooksStore } from './store';

/** Creates a task through the Queue with the hooks service's client, narrowed to `authorizedScopes`. */
export type CreateTaskAs = (
  taskId: string,
  definition: Record<string, unknown>,
  authorizedScopes: string[],
) => Promise<unknown>;

/** What a failed Queue call carries (the Queue client's error). */
interface CallError {
  name?: string;
  message: string;
  status?: number;
  code?: string;
  body?: unknown;
}

const DAY = 86400_000;

// One Ajv for trigger schemas: all errors and formats, as the real service; it never fills defaults.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
// Hook authors declare draft-06 as often as draft-07.
ajv.addMetaSchema(
  createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json') as object,
);
const compiled = new WeakMap<object, ValidateFunction>();

/** Ajv's texts of a trigger payload's errors, `; `-joined as the real service words them. */
function triggerErrors(errors: ErrorObject[]): string {
  return errors.map((e) => `data${e.instancePath} ${e.message ?? 'is invalid'}`).join('; ');
}

/** Throws the real service's 400 when `triggerSchema` is not a usable schema. */
export function checkTriggerSchema(schema: object): void {
  if (ajv.validateSchema(schema)) {
    try {
      ajv.compile(schema);
      return;
    } catch (err) {
      throw inputError(`triggerSchema is not a valid JSON schema:\n * ${(err as Error).message}`);
    }
  }
  // lib-api words each problem with Ajv 6's `dataPath`, which Ajv 8 no longer sets: hence the
  // literal "Property undefined" of the real messages.
  const lines = (ajv.errors ?? []).map(
    (e) => ` * Property ${(e as { dataPath?: string }).dataPath} ${e.message ?? 'is invalid'}`,
  );
  throw inputError(`triggerSchema is not a valid JSON schema:\n${lines.join('\n')}`);
}

function validatorFor(definition: HookDefinition): ValidateFunction {
  let fn = compiled.get(definition.triggerSchema);
  if (!fn) {
    fn = ajv.compile(definition.triggerSchema);
    compiled.set(definition.triggerSchema, fn);
  }
  return fn;
}

export interface FireOptions {
  store: HooksStore;
  createTask: CreateTaskAs;
  now: () => number;
}

export async function fireHook(
  options: FireOptions,
  hook: { hookGroupId: string; hookId: string; definition: HookDefinition },
  payload: Record<string, unknown>,
  firedBy: string,
  clientId: string | undefined,
): Promise<{ taskId?: string; status?: { taskId: string } }> {
  const { hookGroupId, hookId, definition } = hook;
  const check = validatorFor(definition);
  if (!check(payload)) throw inputError(triggerErrors(check.errors ?? []));
  let taskId: string;
  if (payload.taskId !== undefined) {
    if (typeof payload.taskId !== 'string' || !SLUGID_PATTERN.test(payload.taskId)) {
      throw inputError(`Invalid taskId format: ${String(payload.taskId)}`);
    }
    taskId = payload.taskId;
  } else {
    taskId = slugid.nice();
  }
  const now = options.now();
  const context: Record<string, unknown> = {
    firedBy,
    payload,
    taskId,
    now: new Date(now).toJSON(),
    ...(clientId === undefined ? {} : { clientId }),
  };
  const remember = (result: 'success' | 'error', error: unknown) =>
    options.store.addFire({
      hookGroupId,
      hookId,
      firedBy,
      taskId,
      taskCreateTime: new Date(now).toJSON(),
      result,
      error: result === 'success' ? '' : JSON.stringify(error, null, 2),
    });

  let task: unknown;
  try {
    task = jsone(definition.task, context);
  } catch (err) {
    const e = err as Error;
    remember('error', { name: e.name, message: e.message });
    throw inputError(`While firing hook:\n\n${e.name}: ${e.message}`);
  }
  if (task === null) return {};
  if (typeof task !== 'object' || Array.isArray(task)) {
    remember('error', { name: 'Error', message: 'hook task template must render an object' });
    throw inputError('While firing hook:\n\nhook task template must render an object');
  }
  const rendered = { ...(task as Record<string, unknown>) };
  rendered.created ??= new Date(now).toJSON();
  rendered.deadline ??= new Date(now + DAY).toJSON();
  rendered.expires ??= new Date(now + 31 * DAY).toJSON();
  rendered.taskGroupId ??= taskId;

  const role = `hook-id:${hookGroupId}/${hookId}`;
  try {
    await options.createTask(taskId, rendered, [`assume:${role}`]);
  } catch (err) {
    const e = err as CallError;
    // The Queue's own message, with its footer, as the real service passes it on.
    const body = e.body && typeof e.body === 'object' ? (e.body as { message?: unknown }) : {};
    const message = typeof body.message === 'string' ? body.message : e.message;
    remember('error', {
      name: 'Error',
      message,
      code: e.code,
      statusCode: e.status,
      body: e.body,
    });
    if (e.status === 403) {
      throw new ApiError(
        403,
        'InsufficientScopes',
        `The role \`${role}\` does not have sufficient scopes to create the task:\n\n${message}`,
      );
    }
    throw inputError(`While calling createTask: ${message}`);
  }
  remember('success', undefined);
  return { taskId, status: { taskId } };
}
