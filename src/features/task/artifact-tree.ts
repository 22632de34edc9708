/** Artifacts as a tree by path prefix, ordered the way people look for them: logs first. */
import type { Artifact } from '../../api';

export interface TreeNode {
  /** The path segment shown for this node. */
  label: string;
  /** Full prefix (folders) or artifact name (leaves). */
  path: string;
  artifact?: Artifact;
  children: TreeNode[];
  /** Number of artifacts below (1 for a leaf). */
  count: number;
}

function rank(name: string): number {
  if (name === 'public/logs/live.log') return 0;
  if (name === 'public/logs/live_backing.log') return 1;
  if (name.startsWith('public/logs/')) return 2;
  if (name.startsWith('public/')) return 3;
  return 4;
}

export function sortArtifacts(artifacts: readonly Artifact[]): Artifact[] {
  return [...artifacts].sort(
    (a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/** Builds the tree of the artifacts whose name contains `filter` (case-insensitive). */
export function buildArtifactTree(artifacts: readonly Artifact[], filter = ''): TreeNode {
  const root: TreeNode = { label: '', path: '', children: [], count: 0 };
  const needle = filter.trim().toLowerCase();
  for (const artifact of sortArtifacts(artifacts)) {
    if (needle && !artifact.name.toLowerCase().includes(needle)) continue;
    const parts = artifact.name.split('/');
    let node = root;
    node.count++;
    for (let i = 0; i < parts.length - 1; i++) {
      const path = parts.slice(0, i + 1).join('/') + '/';
      let child = node.children.find((c) => !c.artifact && c.path === path);
      if (!child) {
        child = { label: parts[i]!, path, children: [], count: 0 };
        node.children.push(child);
      }
      child.count++;
      node = child;
    }
    node.children.push({
      label: parts[parts.length - 1]!,
      path: artifact.name,
      artifact,
      children: [],
      count: 1,
    });
  }
  return root;
}

/** Folders with a single folder child collapse into one node (`public/logs/`). */
export function compactTree(node: TreeNode): TreeNode {
  const children = node.children.map(compactTree);
  if (node.path && !node.artifact && children.length === 1 && !children[0]!.artifact) {
    const only = children[0]!;
    return { ...only, label: `${node.label}/${only.label}` };
  }
  return { ...node, children };
}

/** Whether this artifact opens in the log viewer. */
export function isLog(artifact: Artifact): boolean {
  return artifact.name.endsWith('.log') || artifact.contentType.startsWith('text/plain');
}

export type PreviewKind = 'text' | 'json' | 'image' | 'none';

export function previewKind(artifact: Artifact): PreviewKind {
  const type = artifact.contentType.split(';')[0]!.trim().toLowerCase();
  if (artifact.storageType === 'error') return 'none';
  if (type === 'application/json' || type.endsWith('+json') || artifact.name.endsWith('.json'))
    return 'json';
  // SVG is excluded: it is drawn through <img>, which never runs its scripts, but keep it simple.
  if (type.startsWith('image/') && type !== 'image/svg+xml') return 'image';
  if (type.startsWith('text/') || /\.(log|txt|md|yml|yaml|xml|csv|ini|cfg)$/i.test(artifact.name))
    return 'text';
  return 'none';
}

/** Dashboard path of an artifact (Taskcluster UI form), or of its log view. */
export function artifactPath(taskId: string, runId: number, name: string, log: boolean) {
  const encoded = name.split('/').map(encodeURIComponent).join('/');
  return `/tasks/${taskId}/runs/${runId}/${log ? 'logs/' : ''}${encoded}`;
}
