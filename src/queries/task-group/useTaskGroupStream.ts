import { useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { QueueClient } from '../../api';
import { useQueue } from '../queue-session';
import type { ConnectivityTracker } from '../connectivity';
import { ConnectivityContext, useReportFailure } from '../use-connectivity';
import { acquireTaskGroup } from './stream-cache';
import type { GroupSnapshot, TaskGroupStream } from './task-group-stream';

const EMPTY: GroupSnapshot = {
  rows: [],
  counts: { unscheduled: 0, pending: 0, running: 0, completed: 0, failed: 0, exception: 0 },
  loaded: 0,
  done: false,
  version: 0,
  fatal: false,
  refreshing: false,
  cached: false,
  fresh: 0,
  generation: 0,
  cache: 'off',
};

/** Holds the current stream so that React subscribes once while streams come and go. */
export class StreamHolder {
  private stream?: TaskGroupStream;
  private unsubscribe?: () => void;
  private releaseStream?: () => void;
  private offAttempt?: () => void;
  private offConnectivity?: () => void;
  private listeners = new Set<() => void>();

  start(queue: QueueClient, taskGroupId: string, connectivity?: ConnectivityTracker) {
    [this.stream, this.releaseStream] = acquireTaskGroup(queue, taskGroupId);
    this.unsubscribe = this.stream.subscribe(() => this.emit());
    if (connectivity) {
      this.offAttempt = this.stream.onAttempt(connectivity.report);
      // A load that gave up while the Queue was unreachable starts again once it answers.
      this.offConnectivity = connectivity.subscribe(() => {
        const kind = connectivity.getSnapshot().kind;
        if (kind === 'online' || kind === 'recovered') this.stream?.restartAfterOutage();
      });
    }
    this.emit();
  }

  /** Walks the group again after a load that failed (the error's Retry button). */
  retry = () => void this.stream?.restart();

  stop() {
    this.unsubscribe?.();
    this.offAttempt?.();
    this.offConnectivity?.();
    this.releaseStream?.();
    this.stream = undefined;
  }

  private emit() {
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.stream?.getSnapshot() ?? EMPTY;
}

/**
 * Streams a task group: rows appear with the first page and grow as the rest arrive; unresolved
 * tasks stay fresh. Window focus does not reload anything.
 */
export function useTaskGroupStream(
  taskGroupId: string | undefined,
): GroupSnapshot & { retry: () => void } {
  const queue = useQueue();
  const connectivity = useContext(ConnectivityContext);
  const [holder] = useState(() => new StreamHolder());
  useEffect(() => {
    if (!taskGroupId) return;
    holder.start(queue, taskGroupId, connectivity);
    return () => holder.stop();
  }, [holder, queue, taskGroupId, connectivity]);
  const snapshot = useSyncExternalStore(holder.subscribe, holder.getSnapshot);
  // The loader's own client is in a worker: its failures reach the connectivity notice here.
  useReportFailure(snapshot.error);
  return useMemo(() => ({ ...snapshot, retry: holder.retry }), [snapshot, holder]);
}
