import { describe, expect, it } from 'vitest';
import { paths } from '../../components/paths';
import { nextSort, readGroupUrl, readGroupView, writeGroupUrl } from './group-url';

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

describe('group URL: tabs and insight filters', () => {
  it('reads the tab, defaulting to the task list', () => {
    expect(readGroupView(new URLSearchParams('view=timeline'))).toBe('timeline');
    expect(readGroupView(new URLSearchParams('view=failures'))).toBe('failures');
    expect(readGroupView(new URLSearchParams('view=<script>'))).toBe('tasks');
    expect(readGroupView(new URLSearchParams(''))).toBe('tasks');
  });

  it('round-trips queue and kind filters and builds task-list links', () => {
    const read = readGroupUrl(new URLSearchParams('queue=proj%2Fb-linux&kind=test&state=failed'));
    expect(read.queue).toBe('proj/b-linux');
    expect(read.kind).toBe('test');
    expect(writeGroupUrl(new URLSearchParams('view=timings'), read).toString()).toBe(
      'view=timings&state=failed&queue=proj%2Fb-linux&kind=test',
    );
    expect(readGroupUrl(new URLSearchParams('queue=&kind=')).queue).toBeUndefined();
    // The links the insight views build are read back as the same filters.
    const href = paths.groupTasks('G', { queue: 'p/w', states: ['exception', 'failed'] });
    expect(href).toBe('/tasks/groups/G?state=failed%2Cexception&queue=p%2Fw');
    const back = readGroupUrl(new URL(href, 'http://x').searchParams);
    expect([...back.states]).toEqual(['failed', 'exception']);
    expect(back.queue).toBe('p/w');
    expect(paths.groupTasks('G')).toBe('/tasks/groups/G');
  });
});
