/**
 * Which artifact is a run's main log: `public/logs/live_backing.log` (the complete log a worker
 * uploads), else `public/logs/live.log`, else the first `text/plain` artifact under `public/logs/`.
 */

export const LIVE_BACKING_LOG = 'public/logs/live_backing.log';
export const LIVE_LOG = 'public/logs/live.log';

export function chooseMainLog(
  artifacts: readonly { name: string; contentType?: string }[],
): string | undefined {
  if (artifacts.some((a) => a.name === LIVE_BACKING_LOG)) return LIVE_BACKING_LOG;
  if (artifacts.some((a) => a.name === LIVE_LOG)) return LIVE_LOG;
  return artifacts.find(
    (a) =>
      a.name.startsWith('public/logs/') &&
      (a.contentType ?? '').toLowerCase().split(';')[0]!.trim() === 'text/plain',
  )?.name;
}
