/**
 * The tab's bulk jobs. They live here, outside any view, so a job keeps running while the user
 * navigates inside the app; while one runs, closing the tab asks for confirmation. Each answered
 * status goes into the React Query cache and into the group's rows at once.
 */
import type { QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import type { TaskStatus } from '../../api';
import { queueKeys } from '../queue-queries';
import { acquireTaskGroup } from '../task-group/stream-cache';
import { BulkJob, type BulkJobOptions } from './bulk-job';

let jobs: readonly BulkJob[] = [];
const listeners = new Set<() => void>();

function emit() {
  jobs = [...jobs];
  for (const l of listeners) l();
}

function onBeforeUnload(event: BeforeUnloadEvent) {
  if (!jobs.some((j) => j.active)) return;
  event.preventDefault();
  // Older browsers show the dialog only when returnValue is set.
  event.returnValue = '';
}

/** Starts a job; its rows and cached statuses update as each call answers. */
export function startBulkJob(
  options: Omit<BulkJobOptions, 'onStatus'>,
  queryClient: QueryClient,
): BulkJob {
  const [stream, release] = acquireTaskGroup(options.queue, options.taskGroupId);
  let batch: TaskStatus[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    stream.applyStatuses(batch);
    batch = [];
  };
  const job = new BulkJob({
    ...options,
    onStatus: (status) => {
      queryClient.setQueryData(queueKeys.status(status.taskId), { status });
      batch.push(status);
      timer ??= setTimeout(flush, 50);
    },
  });
  jobs = [job, ...jobs.filter((j) => j.active || j.taskGroupId !== job.taskGroupId)];
  window.addEventListener('beforeunload', onBeforeUnload);
  const unsubscribe = job.subscribe(emit);
  const settle = () => {
    if (!jobs.some((j) => j.active)) window.removeEventListener('beforeunload', onBeforeUnload);
  };
  void job.start().then(settle);
  const retry = job.retryFailed.bind(job);
  job.retryFailed = (queue) => {
    window.addEventListener('beforeunload', onBeforeUnload);
    return retry(queue).then(settle);
  };
  emit();
  // The rows stay attached while the job lives in this tab; a dismissed job lets them go.
  dismissers.set(job, () => {
    unsubscribe();
    if (timer) flush();
    release();
  });
  return job;
}

const dismissers = new Map<BulkJob, () => void>();
/**
 * Finished jobs whose outcome the user has seen (their results, or the notice closed), with the
 * pass seen: a job continued or retried afterwards ends anew, and that outcome is news again.
 */
const seen = new WeakMap<BulkJob, number>();

/** The user has seen how `job` ended: the notice elsewhere in the app no longer shows it. */
export function markBulkJobSeen(job: BulkJob): void {
  if (job.active || seen.get(job) === job.passes) return;
  seen.set(job, job.passes);
  emit();
}

/** True once the user has seen how the (finished) job's last pass ended. */
export function bulkJobSeen(job: BulkJob): boolean {
  return seen.get(job) === job.passes;
}

/** Removes a finished job from the list. */
export function dismissBulkJob(job: BulkJob): void {
  if (job.active) return;
  dismissers.get(job)?.();
  dismissers.delete(job);
  jobs = jobs.filter((j) => j !== job);
  emit();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const getJobs = () => jobs;

/** Every job of this tab, newest first; re-renders as they progress. */
export function useBulkJobs(): readonly BulkJob[] {
  return useSyncExternalStore(subscribe, getJobs);
}
