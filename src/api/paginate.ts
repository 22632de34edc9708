import type { ListOptions } from './client';

interface Page {
  continuationToken?: string;
}

/**
 * Walks any list method page by page, following `continuationToken` until a page has none.
 *
 * ```ts
 * for await (const page of paginate(queue.listTaskGroup, [taskGroupId], { limit: 1000 })) { … }
 * ```
 */
export async function* paginate<A extends unknown[], R extends Page>(
  method: (...args: [...A, ListOptions]) => Promise<R>,
  args: A,
  options: ListOptions = {},
): AsyncGenerator<R, void, undefined> {
  let continuationToken = options.continuationToken;
  do {
    const page = await method(...args, { ...options, continuationToken });
    yield page;
    continuationToken = page.continuationToken;
  } while (continuationToken);
}
