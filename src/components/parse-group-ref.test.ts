import { describe, expect, it } from 'vitest';
import { parseGroupRef } from './parse-group-ref';

const T = 'ZtErGuitR2yAcL-lJG6_2A';
const G = 'UoGTFqVgSza0Poat00nvpw';

describe('parseGroupRef', () => {
  it('takes a bare task group ID, trimmed', () => {
    expect(parseGroupRef(`  ${G}\n`)).toEqual({ kind: 'group', id: G });
  });

  it('finds the group in Taskcluster UI, taskcluster-tools, API and our own URLs', () => {
    for (const url of [
      `https://firefox-ci-tc.services.mozilla.com/tasks/groups/${G}`,
      `https://firefox-ci-tc.services.mozilla.com/tasks/groups/${G}?view=timeline#x`,
      `https://tools.taskcluster.net/groups/${G}`,
      `https://tc.example.com/api/queue/v1/task-group/${G}/list`,
      `http://127.0.0.1:4391/tasks/groups/${G}/compare/${T}`,
    ])
      expect(parseGroupRef(url), url).toEqual({ kind: 'group', id: G });
  });

  it('takes a task URL as that task (its group is looked up)', () => {
    expect(parseGroupRef(`https://tc.example.com/tasks/${T}`)).toEqual({
      kind: 'task',
      taskId: T,
    });
    expect(
      parseGroupRef(`https://tc.example.com/tasks/${T}/runs/0/logs/public/logs/live.log`),
    ).toEqual({
      kind: 'task',
      taskId: T,
    });
    expect(parseGroupRef(`https://tools.taskcluster.net/groups/${G}/tasks/${T}/details`)).toEqual({
      kind: 'task',
      taskId: T,
    });
  });

  it('explains what it cannot use', () => {
    expect(parseGroupRef('')).toEqual({
      kind: 'invalid',
      reason: 'Enter a task group ID or its URL.',
    });
    expect(parseGroupRef('not an id')).toMatchObject({ kind: 'invalid' });
    // 22 characters, but not a v4 slugid
    expect(parseGroupRef('AAAAAAAAAAAAAAAAAAAAAA')).toMatchObject({ kind: 'invalid' });
    expect(parseGroupRef('javascript:alert(1)')).toMatchObject({ kind: 'invalid' });
    expect(parseGroupRef('https://tc.example.com/provisioners/p/worker-types/w')).toEqual({
      kind: 'invalid',
      reason: 'This URL does not point at a task group or a task.',
    });
    expect(parseGroupRef(`https://tc.example.com/tasks/groups/${G.slice(0, 21)}`)).toMatchObject({
      kind: 'invalid',
    });
  });
});
