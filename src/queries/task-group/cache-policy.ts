/**
 * What the revisit cache may keep. Rows hold no secret (names, states, times; never a
 * credential or an artifact's content), but a private group's rows are themselves private: a
 * group an anonymous visitor could not read is kept only when the user chose "Remember on this
 * device" for the credentials that read it.
 */
import { createQueueClient, type QueueClient } from '../../api';
import { loadCredentials } from '../session-storage';

/** Whether this group's rows may be stored on this device. */
export async function mayCacheGroup(queue: QueueClient, taskGroupId: string): Promise<boolean> {
  // Read without credentials: anyone can read it.
  if (!queue.credentials) return true;
  const stored = loadCredentials(queue.rootUrl);
  if (stored?.remember && stored.clientId === queue.credentials.clientId) return true;
  // Read with credentials kept for this tab only: store it only if it is public anyway. Ask the
  // deployment as an anonymous visitor; any failure (403, offline) keeps it out of the cache.
  const anonymous = createQueueClient({ rootUrl: queue.rootUrl, retries: 0, timeoutMs: 10_000 });
  try {
    await anonymous.listTaskGroup(taskGroupId, { limit: 1 });
    return true;
  } catch {
    return false;
  }
}
