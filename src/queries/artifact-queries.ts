import { queryOptions } from '@tanstack/react-query';
import { QueueError, type ArtifactContent, type QueueClient } from '../api';
import { queueKeys } from './queue-queries';

export type ArtifactBody =
  | { kind: 'text'; text: string; truncated: boolean; url: string }
  | { kind: 'error'; reason: string; message: string };

/** Where the content of an artifact lives: the content endpoint answers 200 JSON, which browsers can read. */
export async function locateArtifact(
  queue: QueueClient,
  taskId: string,
  runId: number,
  name: string,
  signal?: AbortSignal,
): Promise<ArtifactContent> {
  return queue.artifact(taskId, runId, name, { signal });
}

const PREVIEW_LIMIT = 2 * 1024 * 1024;

/** Reads up to `limit` bytes of a response as text. */
async function readText(
  res: Response,
  limit: number,
): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: await res.text(), truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= limit) {
      truncated = true;
      await reader.cancel();
      break;
    }
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.length;
  }
  return { text: new TextDecoder().decode(all), truncated };
}

/** Fetches an artifact's bytes from wherever its location points. */
export async function fetchArtifact(
  queue: QueueClient,
  taskId: string,
  runId: number,
  name: string,
  options: { signal?: AbortSignal; limit?: number } = {},
): Promise<ArtifactBody> {
  const loc = await locateArtifact(queue, taskId, runId, name, options.signal);
  if (loc.storageType === 'error')
    return { kind: 'error', reason: loc.reason, message: loc.message };
  if (loc.storageType === 'object') {
    throw new QueueError({
      status: 0,
      code: 'UnknownError',
      message: 'Object artifacts cannot be previewed here yet; download them instead.',
      method: 'artifact',
    });
  }
  let res: Response;
  try {
    res = await fetch(loc.url, { signal: options.signal, credentials: 'omit' });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    // A reference to a host that does not allow cross-origin reads, or a network failure.
    throw new QueueError({
      status: 0,
      code: 'NetworkError',
      message: `The artifact's storage at ${new URL(loc.url).host} could not be read from this page`,
      method: 'artifact',
      cause: err,
    });
  }
  if (!res.ok) {
    throw new QueueError({
      status: res.status,
      code: 'UnknownError',
      message: `The artifact's storage answered HTTP ${res.status}`,
      method: 'artifact',
    });
  }
  const { text, truncated } = await readText(res, options.limit ?? PREVIEW_LIMIT);
  return { kind: 'text', text, truncated, url: loc.url };
}

export const artifactBodyQuery = (
  queue: QueueClient,
  taskId: string,
  runId: number,
  name: string,
) =>
  queryOptions({
    queryKey: [...queueKeys.task(taskId), 'artifact-body', runId, name] as const,
    queryFn: ({ signal }) => fetchArtifact(queue, taskId, runId, name, { signal }),
    staleTime: 60_000,
    retry: false,
  });

/** Where an artifact's content is (signed where the storage needs it); links are followed. */
export const artifactLocationQuery = (
  queue: QueueClient,
  taskId: string,
  runId: number,
  name: string,
) =>
  queryOptions({
    queryKey: [...queueKeys.task(taskId), 'artifact-location', runId, name] as const,
    queryFn: ({ signal }) => locateArtifact(queue, taskId, runId, name, signal),
    // Signed URLs expire: refetch rather than reuse an old one.
    staleTime: 60_000,
    retry: false,
  });
