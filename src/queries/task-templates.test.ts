import { describe, expect, it } from 'vitest';
import type { TaskDefinition } from '../api';
import {
  editableDefinition,
  exampleDefinition,
  retriggerDefinition,
  withFreshTimes,
} from './task-templates';

const task: TaskDefinition = {
  provisionerId: 'proj-ci',
  workerType: 'linux',
  taskQueueId: 'proj-ci/linux',
  schedulerId: 'ci-scheduler',
  projectId: 'proj',
  taskGroupId: 'WFRWnF3ST3mXfwXOd4GHEQ',
  dependencies: ['Bu8AbMRpRkK1ecG2xj3G4A', 'WFRWnF3ST3mXfwXOd4GHEQ'],
  requires: 'all-resolved',
  routes: ['index.proj.latest'],
  priority: 'high',
  retries: 5,
  created: '2026-11-30T10:00:00.000Z',
  deadline: '2026-11-30T13:00:00.000Z',
  expires: '2027-11-30T10:00:00.000Z',
  scopes: ['secrets:get:proj/token'],
  payload: { command: ['make', 'test'], env: { A: '1' } },
  metadata: {
    name: 'test',
    description: 'd',
    owner: 'o@example.com',
    source: 'https://example.com',
  },
  tags: { kind: 'test' },
  extra: { treeherder: { symbol: 'T' } },
};
// A fixed clock, 1 day and 2.5 s after the task was created.
const NOW = Date.parse('2026-12-01T10:00:02.500Z');

describe('retriggerDefinition', () => {
  it('moves created to now and deadline/expires by their old offsets', () => {
    const r = retriggerDefinition(task, NOW);
    expect(r.created).toBe('2026-12-01T10:00:02.500Z');
    expect(r.deadline).toBe('2026-12-01T13:00:02.500Z');
    expect(r.expires).toBe('2027-12-01T10:00:02.500Z');
    expect(Date.parse(r.deadline) - Date.parse(r.created)).toBe(3 * 3600_000);
  });

  it('drops dependencies, sets retries to 0, and keeps the group, routes and the rest', () => {
    const r = retriggerDefinition(task, NOW);
    expect(r.dependencies).toEqual([]);
    expect(r.retries).toBe(0);
    expect(r).toMatchObject({
      taskGroupId: task.taskGroupId,
      schedulerId: task.schedulerId,
      routes: task.routes,
      priority: 'high',
      requires: 'all-resolved',
      scopes: task.scopes,
      payload: task.payload,
      metadata: task.metadata,
      tags: task.tags,
      extra: task.extra,
    });
  });

  it('does not share objects with the original', () => {
    const r = retriggerDefinition(task, NOW);
    (r.payload.env as Record<string, string>).A = 'changed';
    expect(task.payload.env).toEqual({ A: '1' });
    expect(task.dependencies).toHaveLength(2);
  });

  it('is the same body for the same clock, so a retried createTask is identical', () => {
    expect(JSON.stringify(retriggerDefinition(task, NOW))).toBe(
      JSON.stringify(retriggerDefinition(task, NOW)),
    );
  });
});

describe('editableDefinition', () => {
  it('drops what ties the task to its group and refreshes the timestamps', () => {
    const e = editableDefinition(task, NOW);
    for (const key of [
      'taskGroupId',
      'schedulerId',
      'routes',
      'priority',
      'dependencies',
      'requires',
    ])
      expect(e).not.toHaveProperty(key);
    expect(e.taskQueueId).toBe('proj-ci/linux');
    expect(e).not.toHaveProperty('provisionerId');
    expect(e.created).toBe('2026-12-01T10:00:02.500Z');
    expect(e.deadline).toBe('2026-12-01T13:00:02.500Z');
    expect(e.expires).toBe('2027-12-01T10:00:02.500Z');
    expect(e.retries).toBe(5);
    expect(e.payload).toEqual(task.payload);
  });

  it('keeps provisionerId/workerType when the definition has no taskQueueId (older deployments)', () => {
    const { taskQueueId: _omit, ...old } = task;
    const e = editableDefinition(old as TaskDefinition, NOW);
    expect(e).toMatchObject({ provisionerId: 'proj-ci', workerType: 'linux' });
  });
});

describe('withFreshTimes and exampleDefinition', () => {
  it('leaves fields that are not dates alone', () => {
    expect(withFreshTimes({ created: 'soon', deadline: 'later' }, NOW)).toEqual({
      created: 'soon',
      deadline: 'later',
    });
    expect(withFreshTimes({ created: task.created, deadline: 'later' }, NOW)).toEqual({
      created: '2026-12-01T10:00:02.500Z',
      deadline: 'later',
    });
  });

  it('makes an example for the given queue, deadline 3 h ahead', () => {
    const e = exampleDefinition('proj-ci/linux', NOW);
    expect(e.taskQueueId).toBe('proj-ci/linux');
    expect(Date.parse(e.deadline) - NOW).toBe(3 * 3600_000);
  });
});
