/**
 * The main thread's side of the insight worker: one worker for the page, holding every group
 * that a loader feeds. Loaders get a port (`attachInsight`); views subscribe to computations.
 */
import type { QueueClient } from '../../api';
import type { FromInsight, InsightQuery, InsightResult, ToInsight } from './insight-protocol';

let worker: Worker | undefined;
let nextId = 1;
const listeners = new Map<number, (msg: FromInsight) => void>();
/**
 * Loaders' ports while no insight view has been opened: a port that is not started keeps what
 * the loader sends it, and hands it over with the port when the worker starts.
 */
const waiting = new Map<string, MessagePort>();

function insightWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./insight.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<FromInsight>) => listeners.get(e.data.id)?.(e.data);
    for (const [key, port] of waiting)
      worker.postMessage({ type: 'attach', key, port } satisfies ToInsight, [port]);
    waiting.clear();
  }
  return worker;
}

/**
 * Starts the worker, if no view did yet. The task list does not need it, so a group page loads
 * and feeds it only when an insight view opens or the pointer reaches for one.
 */
export function startInsight(): void {
  insightWorker();
}

const send = (msg: ToInsight, transfer: Transferable[] = []) =>
  insightWorker().postMessage(msg, transfer);

/** The insight data of a group is kept per deployment, identity and group, as its stream. */
export const insightKey = (queue: Pick<QueueClient, 'rootUrl' | 'credentials'>, id: string) =>
  `${queue.rootUrl}|${queue.credentials?.clientId ?? ''}|${id}`;

/** A port for a group's loader to send its pages to; call `detachInsight` when it stops. */
export function attachInsight(key: string): MessagePort {
  const channel = new MessageChannel();
  if (worker) send({ type: 'attach', key, port: channel.port1 }, [channel.port1]);
  else waiting.set(key, channel.port1);
  return channel.port2;
}

export function detachInsight(key: string): void {
  const port = waiting.get(key);
  if (port) {
    port.close();
    waiting.delete(key);
  } else if (worker) send({ type: 'detach', key });
}

export interface InsightUpdate {
  result: InsightResult;
  /** Worker time spent computing it. */
  ms: number;
  tasks: number;
  done: boolean;
}

/**
 * Subscribes to a computation; `onResult` runs with each new result as the group loads and
 * changes. `port` (timeline) receives the layout itself. Returns the unsubscribe.
 */
export function subscribeInsight(
  query: InsightQuery,
  onResult: (update: InsightUpdate) => void,
  onError: (message: string) => void,
  port?: MessagePort,
): () => void {
  const id = nextId++;
  listeners.set(id, (msg) => {
    if (msg.type === 'result') onResult(msg);
    else onError(msg.message);
  });
  send({ type: 'subscribe', id, query, port }, port ? [port] : []);
  return () => {
    listeners.delete(id);
    send({ type: 'unsubscribe', id });
  };
}
