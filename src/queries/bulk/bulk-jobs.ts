/**
 * The tab's bulk jobs. They live here, outside any view, so a job keeps running while the user
 * navigates inside the app; while one runs, closing the tab asks for confirmation. The shell's
 * notice reads this list on every page, so it holds no job machinery: jobs start in
 * start-bulk-job.ts, which only the bulk dialog loads.
 */
import { useSyncExternalStore } from 'react';
import type { BulkJob } from './bulk-job';

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

/** While a job runs, leaving the tab asks first; call again for each new pass of a job. */
export function guardUnload(): void {
  window.addEventListener('beforeunload', onBeforeUnload);
}

/** Drops the guard once no job runs any more. */
export function settleUnload(): void {
  if (!jobs.some((j) => j.active)) window.removeEventListener('beforeunload', onBeforeUnload);
}

const dismissers = new Map<BulkJob, () => void>();

/**
 * Lists a job that just started (newest first; it replaces finished jobs of its group). `dismiss`
 * lets its resources go when the user removes it from the list.
 */
export function addBulkJob(job: BulkJob, dismiss: () => void): void {
  jobs = [job, ...jobs.filter((j) => j.active || j.taskGroupId !== job.taskGroupId)];
  dismissers.set(job, dismiss);
  emit();
}

/** Tells the views that a job's progress changed. */
export const bulkJobChanged = (): void => emit();

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
