/**
 * A task's kind, as the group views group by it: the `kind` tag where the decision task set one
 * (Gecko and most in-tree taskgraphs do), else the name up to its first `/` or `-`.
 */
export function taskKind(tags: unknown, name: string): string {
  if (tags && typeof tags === 'object') {
    const kind = (tags as Record<string, unknown>).kind;
    if (typeof kind === 'string' && kind) return kind;
  }
  const cut = name.search(/[/-]/);
  return cut > 0 ? name.slice(0, cut) : name;
}
