/** Continuation tokens and list pages, as Taskcluster's services page their lists. */
import Hashids from 'hashids';
import { inputError } from './errors';
import { JsonText } from './replies';

const hashids = new Hashids('salt', 10);

export interface Page {
  offset: number;
  limit: number;
}

/** Query parameters of a paged list. */
export const PAGE_QUERY = ['continuationToken', 'limit'];

/** The page a list request asks for (at most 1000 items, 1000 by default). */
export function decodePage(query: Record<string, string>): Page {
  let offset = 0;
  if (query.continuationToken) {
    try {
      offset = Number(hashids.decode(query.continuationToken)[0] ?? 0);
    } catch {
      throw inputError('Invalid continuation token');
    }
  }
  return {
    offset,
    limit: Math.min(query.limit === undefined ? 1000 : Number(query.limit), 1000),
  };
}

/** Fetch one more than the page to learn whether another page exists, as the real service does. */
export function listPage<T>(req: { page(): Page }, fetch: (offset: number, limit: number) => T[]) {
  const page = req.page();
  if (page.limit === 0) return { items: [] as T[], page, more: false };
  const rows = fetch(page.offset, page.limit + 1);
  return { items: rows.slice(0, page.limit), page, more: rows.length > page.limit };
}

/** `{…extra, "<key>": [items], "continuationToken"?}` from items already serialised. */
export function pageReply(key: string, items: string[], page: Page, full: boolean, extra = '') {
  const token = full
    ? `,"continuationToken":${JSON.stringify(hashids.encode(page.offset + page.limit))}`
    : '';
  return new JsonText(`{${extra}"${key}":[${items.join(',')}]${token}}`);
}
