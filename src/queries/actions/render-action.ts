/**
 * Rendering an action's template with the maintained `json-e` (an interpreter: no eval, so it
 * runs under the dashboard's CSP).
 */
import jsone from 'json-e';
import { actionContext, type ActionsFile, type InTreeAction } from './actions-model';

export interface RenderedAction {
  /** kind task: the new task's id (`ownTaskId`) and definition. */
  task?: { taskId: string; definition: Record<string, unknown> };
  /** kind hook: the triggerHook body. */
  hookPayload?: Record<string, unknown>;
}

/** Renders what the action will send; throws JSON-e's error for a bad template. */
export function renderAction(o: {
  file: ActionsFile;
  action: InTreeAction;
  taskGroupId: string;
  taskId: string | null;
  task: unknown;
  input: unknown;
  ownTaskId: string;
}): RenderedAction {
  const context = actionContext(o);
  if (o.action.kind === 'task') {
    const definition = jsone(o.action.task, context) as Record<string, unknown>;
    return { task: { taskId: o.ownTaskId, definition } };
  }
  return { hookPayload: jsone(o.action.hookPayload, context) as Record<string, unknown> };
}
