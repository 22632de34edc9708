/**
 * Clusters of failures: tasks whose first error lines have the same signature form a group, and
 * groups whose signatures differ only in a word or two (a test name in a long message) merge into
 * the bigger one. Clusters come biggest first.
 */

export interface FailureEntry {
  taskId: string;
  runId: number;
  name: string;
  /** The error line, as found (escape codes removed). */
  line: string;
  signature: string;
  rule: string;
}

export interface Cluster {
  signature: string;
  rule: string;
  /** The first member, in input order: its line is the cluster's example. */
  example: FailureEntry;
  members: FailureEntry[];
}

const tokens = (s: string) => new Set(s.split(/[\s|:,;()[\]{}'"`]+/).filter(Boolean));

/** Share of tokens in common (Jaccard), counting only long-enough signatures. */
function similar(a: Set<string>, b: Set<string>, threshold: number): boolean {
  if (a.size < 5 || b.size < 5) return false;
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return common / (a.size + b.size - common) >= threshold;
}

export function clusterFailures(entries: readonly FailureEntry[], threshold = 0.8): Cluster[] {
  const exact = new Map<string, FailureEntry[]>();
  for (const e of entries) {
    const key = `${e.rule}\n${e.signature}`;
    const list = exact.get(key);
    if (list) list.push(e);
    else exact.set(key, [e]);
  }
  // Biggest exact groups lead; smaller near-identical ones join them.
  const groups = [...exact.values()].sort(
    (a, b) => b.length - a.length || a[0]!.signature.localeCompare(b[0]!.signature),
  );
  const heads: { cluster: Cluster; tokens: Set<string> }[] = [];
  for (const members of groups) {
    const first = members[0]!;
    const t = tokens(first.signature);
    const head = heads.find(
      (h) => h.cluster.rule === first.rule && similar(h.tokens, t, threshold),
    );
    if (head) head.cluster.members.push(...members);
    else
      heads.push({
        cluster: {
          signature: first.signature,
          rule: first.rule,
          example: first,
          members: [...members],
        },
        tokens: t,
      });
  }
  const order = new Map(entries.map((e, i) => [e, i]));
  for (const { cluster } of heads) {
    cluster.members.sort((a, b) => order.get(a)! - order.get(b)!);
    cluster.example = cluster.members[0]!;
  }
  return heads
    .map((h) => h.cluster)
    .sort((a, b) => b.members.length - a.members.length || a.signature.localeCompare(b.signature));
}
