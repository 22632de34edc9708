import { describe, expect, it } from 'vitest';
import { overriddenBuiltIns, type InTreeAction } from '../../queries/actions/actions-model';
import { builtInTaskActions } from './built-in-actions';

const NOW = Date.parse('2026-12-01T10:00:00.000Z');
const FUTURE = '2026-12-01T12:00:00.000Z';
const PAST = '2026-12-01T09:00:00.000Z';

const hook = (name: string): InTreeAction => ({
  kind: 'hook',
  name,
  title: name,
  description: '',
  context: [{}],
  hookGroupId: 'g',
  hookId: 'h',
  hookPayload: {},
});

describe('builtInTaskActions', () => {
  it('offers what each state allows, retrigger and edit-and-create always', () => {
    const at = (state: Parameters<typeof builtInTaskActions>[0]['state']) =>
      builtInTaskActions({ state, deadline: FUTURE, now: NOW, overridden: new Set() });
    expect(at('unscheduled')).toEqual([
      'schedule',
      'cancel',
      'change-priority',
      'retrigger',
      'edit-and-create',
    ]);
    expect(at('pending')).toEqual(['cancel', 'change-priority', 'retrigger', 'edit-and-create']);
    expect(at('running')).toEqual(['cancel', 'change-priority', 'retrigger', 'edit-and-create']);
    for (const state of ['completed', 'failed', 'exception'] as const)
      expect(at(state)).toEqual(['rerun', 'retrigger', 'edit-and-create']);
  });

  it('past the deadline, only copies of the task can be made', () => {
    expect(builtInTaskActions({ state: 'pending', deadline: PAST, now: NOW })).toEqual([
      'retrigger',
      'edit-and-create',
    ]);
  });

  it('the built-in Retrigger yields to an in-tree action named retrigger', () => {
    const overridden = overriddenBuiltIns([hook('retrigger'), hook('backfill')]);
    const actions = builtInTaskActions({
      state: 'failed',
      deadline: FUTURE,
      now: NOW,
      overridden,
    });
    expect(actions).toEqual(['rerun', 'edit-and-create']);
    expect(
      builtInTaskActions({
        state: 'pending',
        deadline: FUTURE,
        now: NOW,
        overridden: overriddenBuiltIns([hook('cancel')]),
      }),
    ).toEqual(['change-priority', 'retrigger', 'edit-and-create']);
  });

  it('while the in-tree actions load, holds back every built-in they could replace', () => {
    expect(
      builtInTaskActions({ state: 'failed', deadline: FUTURE, now: NOW, overridden: 'loading' }),
    ).toEqual(['edit-and-create']);
    expect(
      builtInTaskActions({ state: 'pending', deadline: FUTURE, now: NOW, overridden: 'loading' }),
    ).toEqual(['change-priority', 'edit-and-create']);
  });
});
