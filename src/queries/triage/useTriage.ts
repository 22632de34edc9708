import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueClient } from '../../api';
import type { TriageTask } from './failure-summary';
import type { FromTriage, ToTriage, TriageProgress } from './triage-protocol';

let worker: Worker | undefined;
let nextId = 1;
const listeners = new Map<number, (msg: FromTriage) => void>();

function triageWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./triage.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<FromTriage>) => listeners.get(e.data.id)?.(e.data);
  }
  return worker;
}

const send = (msg: ToTriage) => triageWorker().postMessage(msg);

export interface TriageState {
  progress?: TriageProgress;
  running: boolean;
  canceled: boolean;
  error?: string;
}

/**
 * Failure triage of `tasks` in the triage worker: starts when `tasks` is given (and again when
 * the list changes; cached runs come back at once), stops on `cancel` or unmount.
 */
export function useTriage(
  queue: Pick<QueueClient, 'rootUrl' | 'credentials'>,
  tasks: readonly TriageTask[] | undefined,
): TriageState & { cancel: () => void; restart: () => void } {
  const [state, setState] = useState<TriageState>({ running: false, canceled: false });
  const [generation, setGeneration] = useState(0);
  const current = useRef<number | undefined>(undefined);
  const key = tasks ? tasks.map((t) => `${t.taskId}/${t.runId}`).join(',') : undefined;
  useEffect(() => {
    const list = tasks;
    if (key === undefined || !list) return;
    const id = nextId++;
    current.current = id;
    listeners.set(id, (msg) => {
      if (msg.type === 'error') setState((s) => ({ ...s, running: false, error: msg.message }));
      else setState({ progress: msg.progress, running: !msg.progress.finished, canceled: false });
    });
    send({
      type: 'start',
      id,
      rootUrl: queue.rootUrl,
      credentials: queue.credentials,
      tasks: list.map(({ taskId, runId, name }) => ({ taskId, runId, name })),
    });
    return () => {
      listeners.delete(id);
      send({ type: 'cancel', id });
    };
    // `key` stands for `tasks`: a new array with the same runs must not restart the triage.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, queue.rootUrl, queue.credentials, generation]);

  const cancel = useCallback(() => {
    const id = current.current;
    if (id === undefined) return;
    listeners.delete(id);
    send({ type: 'cancel', id });
    setState((s) => ({ ...s, running: false, canceled: true }));
  }, []);
  const restart = useCallback(() => {
    setState((s) => ({ ...s, running: true, canceled: false, error: undefined }));
    setGeneration((g) => g + 1);
  }, []);
  return { ...state, cancel, restart };
}
