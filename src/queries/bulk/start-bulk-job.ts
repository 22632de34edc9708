/**
 * Starting a bulk job: each answered status goes into the React Query cache and into the group's
 * rows at once. Loaded with the bulk dialog, not with the pages that only list jobs.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { TaskStatus } from '../../api';
import { queueKeys } from '../queue-queries';
import { acquireTaskGroup } from '../task-group/stream-cache';
import { BulkJob, type BulkJobOptions } from './bulk-job';
import { addBulkJob, bulkJobChanged, guardUnload, settleUnload } from './bulk-jobs';

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
  const unsubscribe = job.subscribe(bulkJobChanged);
  // The rows stay attached while the job lives in this tab; a dismissed job lets them go.
  addBulkJob(job, () => {
    unsubscribe();
    if (timer) flush();
    release();
  });
  guardUnload();
  void job.start().then(settleUnload);
  const retry = job.retryFailed.bind(job);
  job.retryFailed = (queue) => {
    guardUnload();
    return retry(queue).then(settleUnload);
  };
  return job;
}
