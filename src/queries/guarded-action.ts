/**
 * Runs a task action that must not happen twice. The client never retries these calls; when one
 * fails without a clear answer (5xx, reset, timeout) the status is read and the effect decides
 * (`action-effect.ts`): present means done, missing means the user may retry. A retry reads the
 * status first too, so a rerun whose answer was lost is never sent again.
 */
import type { QueueClient, TaskPriority, TaskStatus } from '../api';
import { actionEffect, outcomeUnknown, type ActionIntent } from './action-effect';

/** The action did not take effect, or its outcome could not be checked. */
export class ActionNotDoneError extends Error {
  override readonly name = 'ActionNotDoneError';
  /** True when trying again is safe and may succeed. */
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.retryable = retryable;
  }
}

export interface GuardedOutcome {
  status: TaskStatus;
  /** True when the call failed but the status showed the effect. */
  confirmedAfterFailure: boolean;
}

export type GuardedQueue = Pick<
  QueueClient,
  'status' | 'scheduleTask' | 'cancelTask' | 'rerunTask' | 'changeTaskPriority'
>;

const VERB: Record<ActionIntent['kind'], string> = {
  rerun: 'rerun',
  cancel: 'cancel',
  schedule: 'schedule',
  priority: 'priority change',
};

function call(queue: GuardedQueue, taskId: string, intent: ActionIntent, signal?: AbortSignal) {
  switch (intent.kind) {
    case 'schedule':
      return queue.scheduleTask(taskId, { signal });
    case 'cancel':
      return queue.cancelTask(taskId, { signal });
    case 'rerun':
      return queue.rerunTask(taskId, { signal });
    case 'priority':
      return queue.changeTaskPriority(taskId, { newPriority: intent.priority }, { signal });
  }
}

function failureText(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { status?: number }).status;
    return status ? `${error.message} (HTTP ${status})` : error.message;
  }
  return String(error);
}

/**
 * Performs `intent` on `taskId`. `before` is the status the user acted on; keep the same one
 * across retries of one user action. `recheck` (set on retries) reads the status before calling,
 * and succeeds without calling when the effect is already there.
 */
export async function runGuardedAction(
  queue: GuardedQueue,
  taskId: string,
  intent: ActionIntent,
  before: TaskStatus,
  options: { recheck?: boolean; signal?: AbortSignal; definitionPriority?: TaskPriority } = {},
): Promise<GuardedOutcome> {
  const { signal, definitionPriority } = options;
  const verb = VERB[intent.kind];
  const readStatus = async (failure?: unknown) => {
    try {
      return (await queue.status(taskId, { signal })).status;
    } catch (readError) {
      const why = failure === undefined ? '' : ` after ${failureText(failure)}`;
      throw new ActionNotDoneError(
        `The ${verb} may or may not have happened${why}: the task's status could not be read (${failureText(readError)}). Trying again checks the status first.`,
        true,
        failure ?? readError,
      );
    }
  };

  if (options.recheck) {
    const now = await readStatus();
    const verdict = actionEffect(intent, before, now, { definitionPriority });
    if (verdict.effect === 'present') return { status: now, confirmedAfterFailure: true };
    if (!verdict.retryable)
      throw new ActionNotDoneError(`The ${verb} cannot be done now: ${verdict.reason}.`, false);
  }

  try {
    const { status } = await call(queue, taskId, intent, signal);
    return { status, confirmedAfterFailure: false };
  } catch (error) {
    const conflict = intent.kind === 'priority' && (error as { status?: number }).status === 409;
    if (!outcomeUnknown(error) && !conflict) throw error;
    const after = await readStatus(error);
    const verdict = actionEffect(intent, before, after, { error, definitionPriority });
    if (verdict.effect === 'present') return { status: after, confirmedAfterFailure: true };
    if (conflict) throw error;
    throw new ActionNotDoneError(
      verdict.retryable
        ? `The ${verb} did not happen (${failureText(error)}); checked: ${verdict.reason}. It is safe to try again.`
        : `The ${verb} did not happen (${failureText(error)}); ${verdict.reason}.`,
      verdict.retryable,
      error,
    );
  }
}
