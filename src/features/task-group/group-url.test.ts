import { describe, expect, it } from 'vitest';
import { nextSort, readGroupUrl, writeGroupUrl } from './group-url';

describe('group URL state', () => {
  it('round-trips states, search and sort, ignoring unknown values', () => {
    const read = readGroupUrl(
      new URLSearchParams('state=failed,bogus,exception&search=linux&sort=duration&dir=desc'),
    );
    expect([...read.states]).toEqual(['failed', 'exception']);
    expect(read.search).toBe('linux');
    expect(read.sort).toEqual({ key: 'duration', dir: 'desc' });
    const written = writeGroupUrl(new URLSearchParams('keep=1'), read);
    expect(written.toString()).toBe(
      'keep=1&state=failed%2Cexception&search=linux&sort=duration&dir=desc',
    );
    expect(readGroupUrl(new URLSearchParams('sort=evil')).sort).toBeUndefined();
  });

  it('clears parameters for the default view', () => {
    const written = writeGroupUrl(new URLSearchParams('state=failed&search=x&sort=name&dir=asc'), {
      states: new Set(),
      search: '',
    });
    expect(written.toString()).toBe('');
  });

  it('cycles a column through ascending, descending and off', () => {
    expect(nextSort(undefined, 'name')).toEqual({ key: 'name', dir: 'asc' });
    expect(nextSort({ key: 'name', dir: 'asc' }, 'name')).toEqual({ key: 'name', dir: 'desc' });
    expect(nextSort({ key: 'name', dir: 'desc' }, 'name')).toBeUndefined();
    expect(nextSort({ key: 'name', dir: 'desc' }, 'state')).toEqual({ key: 'state', dir: 'asc' });
  });
});
