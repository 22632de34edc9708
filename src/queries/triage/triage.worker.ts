/// <reference lib="webworker" />
/**
 * The triage worker: fetches failed tasks' log tails, finds their error lines and clusters them,
 * off the main thread (see triage-run). One triage at a time per page; a new start cancels the
 * previous one, whose results stay cached.
 */
import { createQueueClient } from '../../api';
import { runTriage } from './triage-run';
import type { FromTriage, ToTriage } from './triage-protocol';

declare const self: DedicatedWorkerGlobalScope;

const running = new Map<number, AbortController>();
const post = (msg: FromTriage) => self.postMessage(msg);

self.onmessage = (event: MessageEvent<ToTriage>) => {
  const msg = event.data;
  if (msg.type === 'cancel') {
    running.get(msg.id)?.abort();
    running.delete(msg.id);
    return;
  }
  const controller = new AbortController();
  running.set(msg.id, controller);
  const queue = createQueueClient({
    rootUrl: msg.rootUrl,
    credentials: msg.credentials,
    retries: 2,
  });
  runTriage({
    queue,
    identity: `${msg.rootUrl}|${msg.credentials?.clientId ?? ''}`,
    tasks: msg.tasks,
    signal: controller.signal,
    onProgress: (progress) => post({ type: 'progress', id: msg.id, progress }),
  })
    .catch((err: unknown) => {
      if (!controller.signal.aborted)
        post({
          type: 'error',
          id: msg.id,
          message: err instanceof Error ? err.message : String(err),
        });
    })
    .finally(() => running.delete(msg.id));
};
