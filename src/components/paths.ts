/** Dashboard paths; they follow the Taskcluster UI so that its links keep working. */
export const paths = {
  task: (taskId: string) => `/tasks/${taskId}`,
  run: (taskId: string, runId: number) => `/tasks/${taskId}/runs/${runId}`,
  group: (taskGroupId: string) => `/tasks/groups/${taskGroupId}`,
  definition: (taskId: string) => `/tasks/${taskId}/definition`,
  workerType: (taskQueueId: string) => {
    const i = taskQueueId.indexOf('/');
    return `/provisioners/${encodeURIComponent(taskQueueId.slice(0, i))}/worker-types/${encodeURIComponent(taskQueueId.slice(i + 1))}`;
  },
};
