/**
 * Did a task action take effect although its call failed? A 5xx, a reset or a timeout may strike
 * after the Queue committed the change, so a failed call says nothing about the task. The client
 * never retries these calls (a second rerun adds a second run); instead the caller reads the
 * status and asks this module whether the effect is there (treat the action as done) or missing
 * (a retry is safe).
 */
import { isQueueError, isResolved, type TaskPriority, type TaskStatus } from '../api';

/** A single-task action whose call must not be repeated blindly. */
export type ActionIntent =
  | { kind: 'rerun' }
  | { kind: 'cancel' }
  | { kind: 'schedule' }
  | { kind: 'priority'; priority: TaskPriority };

/** What the status read after the failure says. */
export type EffectVerdict =
  | { effect: 'present'; reason: string }
  /** `retryable: false` when a retry cannot succeed (e.g. the task resolved meanwhile). */
  | { effect: 'missing'; retryable: boolean; reason: string };

/**
 * True when a failure leaves the outcome unknown: no answer (network, reset, timeout) or a 5xx,
 * which may come from a proxy after the Queue committed. Any other answer is the Queue's own
 * refusal, and nothing changed.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (!isQueueError(error)) return false;
  return error.status === 0 || error.status >= 500;
}

/** A 409 for a change that only unresolved tasks accept ("already resolved", past deadline). */
function isConflict(error: unknown): boolean {
  return isQueueError(error) && error.status === 409;
}

/**
 * Decides from the status before the action and the status read after a failed call whether the
 * action's effect is present. `error` is the failure of the call (or of its retry), if any:
 * a 409 on a priority change counts as done when the status shows the target priority.
 * `definitionPriority` is the task definition's priority, for deployments whose status lacks it.
 */
export function actionEffect(
  intent: ActionIntent,
  before: TaskStatus,
  after: TaskStatus,
  options: { error?: unknown; definitionPriority?: TaskPriority } = {},
): EffectVerdict {
  const last = after.runs[after.runs.length - 1];
  switch (intent.kind) {
    case 'rerun': {
      // Automatic retries add runs too (claim-expired, worker-shutdown): only a `rerun` run counts.
      const added = after.runs.slice(before.runs.length).filter((r) => r.reasonCreated === 'rerun');
      if (added.length > 0)
        return { effect: 'present', reason: `run ${added[0]!.runId} was added by the rerun` };
      if (!isResolved(after.state))
        return {
          effect: 'missing',
          retryable: false,
          reason: `the task is ${after.state} again without a rerun run; only resolved tasks can be rerun`,
        };
      return { effect: 'missing', retryable: true, reason: 'no new run was added' };
    }
    case 'cancel': {
      if (last?.state === 'exception' && last.reasonResolved === 'canceled') {
        const added = after.runs.length > before.runs.length;
        return {
          effect: 'present',
          reason: added
            ? `the unscheduled task got run ${last.runId}, resolved exception/canceled`
            : `run ${last.runId} is resolved exception/canceled`,
        };
      }
      if (isResolved(after.state))
        return {
          effect: 'missing',
          retryable: false,
          reason: `the task resolved ${after.state} before it could be canceled`,
        };
      return { effect: 'missing', retryable: true, reason: `the task is still ${after.state}` };
    }
    case 'schedule': {
      if (after.state !== 'unscheduled')
        return { effect: 'present', reason: `the task is ${after.state}, no longer unscheduled` };
      return { effect: 'missing', retryable: true, reason: 'the task is still unscheduled' };
    }
    case 'priority': {
      const now = after.priority ?? options.definitionPriority;
      if (now === intent.priority) {
        const resolvedConflict = isConflict(options.error) && isResolved(after.state);
        return {
          effect: 'present',
          reason: resolvedConflict
            ? `the task is resolved and already has priority ${now}`
            : `the task has priority ${now}`,
        };
      }
      if (isResolved(after.state))
        return {
          effect: 'missing',
          retryable: false,
          reason: `the task resolved ${after.state} with priority ${now ?? 'unknown'}; resolved tasks keep their priority`,
        };
      return {
        effect: 'missing',
        retryable: true,
        reason: `the task still has priority ${now ?? 'unknown'}`,
      };
    }
  }
}
