import { describe, expect, it } from 'vitest';
import { parseYaml, toYaml } from './yaml-document';

const definition = {
  taskQueueId: 'proj-ci/linux',
  created: '2026-12-01T10:00:00.000Z',
  deadline: '2026-12-01T13:00:00.000Z',
  retries: 0,
  scopes: [],
  payload: {
    command: ['/bin/bash', '-c', 'echo "a: b" && exit 1'],
    env: { YES: 'yes', NO: 'no', NUM: '010', EMPTY: '', NULLISH: 'null', TRUE: 'true' },
    maxRunTime: 600,
    nested: { list: [{ a: 1 }, { b: [true, false, null] }] },
  },
  metadata: {
    name: 'a name: with colon # and hash',
    description: 'line one\nline two\n',
    owner: 'o@example.com',
    source: 'https://example.com/x?y=1#z',
  },
  tags: {},
  extra: { long: 'x'.repeat(500), unicode: 'ünïcødé ✓ \u202e' },
};

describe('YAML ↔ definition', () => {
  it('round-trips a definition exactly, strings that look like other types included', () => {
    const text = toYaml(definition);
    const parsed = parseYaml(text);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.value).toEqual(definition);
    expect(toYaml(parsed.value)).toBe(text);
  });

  it('keeps long strings on one line', () => {
    expect(toYaml({ s: 'y'.repeat(300) })).toBe(`s: ${'y'.repeat(300)}\n`);
  });

  it('reports a syntax error at its line, with no value', () => {
    const parsed = parseYaml('a: 1\nb: [1, 2\nc: 3\n');
    expect(parsed.value).toBeUndefined();
    expect(parsed.diagnostics.length).toBeGreaterThan(0);
    expect(parsed.diagnostics[0]!.line).toBeGreaterThanOrEqual(2);
    expect(parsed.diagnostics[0]!.message).not.toMatch(/at line/);
  });

  it('rejects duplicate keys', () => {
    const parsed = parseYaml('a: 1\na: 2\n');
    expect(parsed.value).toBeUndefined();
    expect(parsed.diagnostics[0]!.line).toBe(2);
  });

  it('locates a JSON pointer at its property, or at the nearest existing parent', () => {
    const text = toYaml(definition);
    const parsed = parseYaml(text);
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(parsed.at('/metadata/source', 'bad').line).toBe(lineOf('source:'));
    const src = parsed.at('/metadata/source', 'bad');
    expect(text.slice(src.from, src.to)).toBe('source: https://example.com/x?y=1#z');
    expect(parsed.at('/payload/command/2', 'x').line).toBe(lineOf('echo "a: b"'));
    // A missing property is reported on its parent's first line.
    expect(parsed.at('/metadata/missing', 'x').line).toBe(lineOf('metadata:'));
    const root = parsed.at('', 'must have required property');
    expect(root.line).toBe(1);
    expect(root.to).toBeLessThanOrEqual(text.indexOf('\n'));
  });

  it('escapes pointer tokens (~1 is "/", ~0 is "~")', () => {
    const text = 'extra:\n  a/b~c: 1\n  other: 2\n';
    expect(parseYaml(text).at('/extra/a~1b~0c', 'x').line).toBe(2);
  });
});
