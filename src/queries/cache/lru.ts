/**
 * The revisit cache's least-recently-used budget, as pure accounting: which entries to drop so
 * that the bytes stored fit the budget. The store (group-cache) applies the plan.
 */

/** 200 MB in all, counting the bytes of every stored group. */
export const DEFAULT_BUDGET_BYTES = 200 * 1024 * 1024;

export interface EntryUsage {
  key: string;
  bytes: number;
  /** When the entry was last read or written (ms). */
  lastUsed: number;
}

/**
 * The keys to evict, least recently used first, so that the entries left (with `incoming`, about
 * to be written, counted in) fit `budget`. `incoming` replaces an entry of the same key. Returns
 * undefined when `incoming` alone exceeds the budget: it must not be stored at all.
 */
export function evictionPlan(
  entries: readonly EntryUsage[],
  budget: number,
  incoming?: EntryUsage,
): string[] | undefined {
  if (incoming && incoming.bytes > budget) return undefined;
  const others = incoming ? entries.filter((e) => e.key !== incoming.key) : [...entries];
  let total = (incoming?.bytes ?? 0) + others.reduce((sum, e) => sum + e.bytes, 0);
  if (total <= budget) return [];
  // Oldest first; equal times fall back to the key so that the plan is deterministic.
  others.sort((a, b) => a.lastUsed - b.lastUsed || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const evict: string[] = [];
  for (const e of others) {
    if (total <= budget) break;
    evict.push(e.key);
    total -= e.bytes;
  }
  return evict;
}
