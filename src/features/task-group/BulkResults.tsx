import { lazy, Suspense } from 'react';
import { useBulkJobs } from '../../queries/bulk/bulk-jobs';

// Only a group with a bulk job shows results: their code loads then, not with the task list.
const BulkJobResults = lazy(() =>
  import('./BulkJobResults').then((m) => ({ default: m.BulkJobResults })),
);

/** The bulk jobs of this group: progress, Stop, Retry failed, and a result per task. */
export function BulkResults({ taskGroupId }: { taskGroupId: string }) {
  const jobs = useBulkJobs().filter((j) => j.taskGroupId === taskGroupId);
  if (!jobs.length) return null;
  return (
    <Suspense fallback={null}>
      {jobs.map((job) => (
        <BulkJobResults key={job.id} job={job} />
      ))}
    </Suspense>
  );
}
