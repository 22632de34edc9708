import type { QueueClient } from '../../api';
import { TaskGroupStream } from './task-group-stream';

interface Entry {
  stream: TaskGroupStream;
  users: number;
  timer?: ReturnType<typeof setTimeout>;
}

const entries = new Map<string, Entry>();

const keyOf = (queue: QueueClient, taskGroupId: string) =>
  `${queue.rootUrl}|${queue.credentials?.clientId ?? ''}|${taskGroupId}`;

/** How long a stream that nobody watches lives on (a prefetch, or a view just left). */
const IDLE_MS = 10_000;

function release(key: string, entry: Entry) {
  entry.users--;
  if (entry.users > 0) return;
  clearTimeout(entry.timer);
  entry.timer = setTimeout(() => {
    if (entry.users > 0) return;
    entry.stream.dispose();
    entries.delete(key);
  }, IDLE_MS);
}

/**
 * Starts loading a task group before its view has even loaded its code (called from the route
 * loader), so the first page is on its way while the page's JavaScript arrives.
 */
export function prefetchTaskGroup(queue: QueueClient, taskGroupId: string): void {
  const key = keyOf(queue, taskGroupId);
  if (entries.has(key)) return;
  const entry: Entry = { stream: new TaskGroupStream(queue, taskGroupId), users: 1 };
  entries.set(key, entry);
  release(key, entry);
}

/** The stream of a task group, shared by everything that shows it; call the returned release when done. */
export function acquireTaskGroup(
  queue: QueueClient,
  taskGroupId: string,
): [TaskGroupStream, () => void] {
  const key = keyOf(queue, taskGroupId);
  let entry = entries.get(key);
  if (!entry) {
    entry = { stream: new TaskGroupStream(queue, taskGroupId), users: 0 };
    entries.set(key, entry);
  }
  clearTimeout(entry.timer);
  entry.users++;
  const held = entry;
  let released = false;
  return [
    held.stream,
    () => {
      if (released) return;
      released = true;
      release(key, held);
    },
  ];
}
