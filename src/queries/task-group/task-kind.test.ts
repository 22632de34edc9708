import { describe, expect, it } from 'vitest';
import { taskKind } from './task-kind';

describe('task kind', () => {
  it('prefers the kind tag', () => {
    expect(taskKind({ kind: 'test', os: 'linux' }, 'build-linux64/opt')).toBe('test');
  });
  it('falls back to the name up to the first / or -', () => {
    expect(taskKind({}, 'build-linux64/opt')).toBe('build');
    expect(taskKind(undefined, 'test/linux64-mochitest-1')).toBe('test');
    expect(taskKind({ kind: '' }, 'lint')).toBe('lint');
    expect(taskKind({ kind: 7 }, 'docs-upload')).toBe('docs');
  });
  it('keeps a name that starts with a separator whole', () => {
    expect(taskKind(null, '-odd')).toBe('-odd');
  });
});
