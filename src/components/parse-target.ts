import { isValidSlugId } from '../api';

/** Where a pasted id or URL leads. */
export type Target =
  { kind: 'id'; id: string } | { kind: 'path'; path: string } | { kind: 'invalid'; reason: string };

const ID = '([A-Za-z0-9_-]{22})';

/**
 * Understands a taskId / taskGroupId, and URLs of the Taskcluster UI (and of its predecessor
 * taskcluster-tools), mapping them to this dashboard's routes, which follow the Taskcluster UI.
 */
export function parseTarget(input: string): Target {
  const text = input.trim();
  if (!text)
    return { kind: 'invalid', reason: 'Enter a task ID, a task group ID or a Taskcluster URL.' };
  if (isValidSlugId(text)) return { kind: 'id', id: text };
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url) {
    if (/^[A-Za-z0-9_-]{22}$/.test(text))
      return { kind: 'invalid', reason: `${text} is not a valid task ID (not a v4 slugid).` };
    return { kind: 'invalid', reason: 'That is neither a task ID nor a URL.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { kind: 'invalid', reason: 'Only http(s) URLs can be opened.' };
  const path = url.pathname.replace(/\/+$/, '');
  const patterns: [RegExp, (m: RegExpExecArray) => string][] = [
    [new RegExp(`^/tasks/groups/${ID}`), (m) => `/tasks/groups/${m[1]}`],
    [
      new RegExp(`^/tasks/${ID}/runs/(\\d+)/logs/(.+)$`),
      (m) => `/tasks/${m[1]}/runs/${m[2]}/logs/${m[3]}`,
    ],
    [
      new RegExp(`^/tasks/${ID}/runs/(\\d+)(/.*)?$`),
      (m) => `/tasks/${m[1]}/runs/${m[2]}${m[3] ?? ''}`,
    ],
    [new RegExp(`^/tasks/${ID}/definition$`), (m) => `/tasks/${m[1]}/definition`],
    [new RegExp(`^/tasks/${ID}`), (m) => `/tasks/${m[1]}`],
    // taskcluster-tools: /groups/<group>/tasks/<task>/…
    [new RegExp(`^/groups/${ID}/tasks/${ID}`), (m) => `/tasks/${m[2]}`],
    [new RegExp(`^/groups/${ID}`), (m) => `/tasks/groups/${m[1]}`],
    [
      /^\/provisioners\/([^/]+)\/worker-types\/([^/]+)/,
      (m) => `/provisioners/${m[1]}/worker-types/${m[2]}`,
    ],
    // API URLs pasted from a terminal
    [new RegExp(`^/api/queue/v1/task-group/${ID}`), (m) => `/tasks/groups/${m[1]}`],
    [new RegExp(`^/api/queue/v1/task/${ID}`), (m) => `/tasks/${m[1]}`],
  ];
  for (const [re, to] of patterns) {
    const m = re.exec(path);
    if (!m) continue;
    const ids = m.slice(1).filter((p) => p && /^[A-Za-z0-9_-]{22}$/.test(p));
    const bad = ids.find((id) => !isValidSlugId(id));
    if (bad) return { kind: 'invalid', reason: `${bad} is not a valid task ID.` };
    return { kind: 'path', path: to(m) + url.hash };
  }
  return {
    kind: 'invalid',
    reason: 'This URL does not point at a task, a task group or a worker type.',
  };
}
