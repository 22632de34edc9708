import { describe, expect, it } from 'vitest';
import type { Artifact } from '../../api';
import { buildArtifactTree, compactTree, previewKind, sortArtifacts } from './artifact-tree';

const a = (
  name: string,
  contentType = 'text/plain',
  storageType: Artifact['storageType'] = 's3',
): Artifact => ({
  name,
  contentType,
  storageType,
  expires: '2026-12-01T00:00:00.000Z',
});

describe('artifact tree', () => {
  const list = [
    a('private/x.txt'),
    a('public/build/target.json', 'application/json'),
    a('public/logs/live_backing.log'),
    a('public/logs/live.log'),
    a('public/a.png', 'image/png'),
  ];

  it('orders logs first, then public, then the rest', () => {
    expect(sortArtifacts(list).map((x) => x.name)).toEqual([
      'public/logs/live.log',
      'public/logs/live_backing.log',
      'public/a.png',
      'public/build/target.json',
      'private/x.txt',
    ]);
  });

  it('groups by path prefix with counts, and filters', () => {
    const tree = buildArtifactTree(list);
    expect(tree.count).toBe(5);
    expect(tree.children.map((c) => [c.label, c.count])).toEqual([
      ['public', 4],
      ['private', 1],
    ]);
    const filtered = buildArtifactTree(list, 'LOG');
    expect(filtered.count).toBe(2);
    expect(compactTree(filtered).children.map((c) => c.label)).toEqual(['public/logs']);
    expect(buildArtifactTree(list, 'nothing').children).toEqual([]);
  });

  it('chooses a preview by content type, never for error artifacts or SVG', () => {
    expect(previewKind(a('public/x.json', 'application/octet-stream'))).toBe('json');
    expect(previewKind(a('public/x', 'application/vnd.api+json'))).toBe('json');
    expect(previewKind(a('public/x.png', 'image/png'))).toBe('image');
    expect(previewKind(a('public/x.svg', 'image/svg+xml'))).toBe('none');
    expect(previewKind(a('public/x.log', 'application/binary'))).toBe('text');
    expect(previewKind(a('public/x.tar.gz', 'application/gzip'))).toBe('none');
    expect(previewKind(a('public/x.txt', 'text/plain', 'error'))).toBe('none');
  });
});
