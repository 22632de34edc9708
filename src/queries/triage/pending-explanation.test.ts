import { describe, expect, it } from 'vitest';
import {
  blockingChain,
  deadlineCountdown,
  describeChain,
  describePending,
  recentWorkers,
  tasksAhead,
  type Part,
  type TaskFacts,
} from './pending-explanation';

const MIN = 60_000;
const now = Date.UTC(2026, 11, 1, 12, 0, 0);

const task = (
  taskId: string,
  state: TaskFacts['state'],
  extra: Partial<TaskFacts> = {},
): TaskFacts => ({
  taskId,
  name: taskId,
  state,
  requires: 'all-completed',
  dependencies: [],
  ...extra,
});

const lookupOf = (tasks: TaskFacts[]) => {
  const map = new Map(tasks.map((t) => [t.taskId, t]));
  return (id: string) => map.get(id);
};

const text = (parts: Part[]) =>
  parts.map((p) => (typeof p === 'string' ? p : `<${p.name}>`)).join('');

describe('why an unscheduled task waits', () => {
  it('follows the chain of unresolved dependencies down to a running root', () => {
    const build = task('build-linux64', 'running', { started: now - 12 * MIN });
    const pkg = task('package', 'unscheduled', { dependencies: [build.taskId] });
    const done = task('toolchain', 'completed');
    const me = task('upload', 'unscheduled', { dependencies: [done.taskId, pkg.taskId] });
    const chain = blockingChain(me, lookupOf([build, pkg, done]));
    expect(chain.steps.map((s) => s.taskId)).toEqual(['package', 'build-linux64']);
    expect(chain.end).toEqual({ kind: 'root' });
    expect(text(describeChain(chain, now))).toBe(
      'Waits for <package> (unscheduled), which waits for <build-linux64> (running 12m 00s), which waits for nothing.',
    );
  });

  it('asks for what it has not loaded yet', () => {
    const me = task('me', 'unscheduled', { dependencies: ['a', 'b'] });
    const a = task('a', 'completed');
    expect(blockingChain(me, lookupOf([a])).end).toEqual({ kind: 'loading', need: ['b'] });
  });

  it('says that a task requiring all-completed behind a failed dependency never runs', () => {
    const failed = task('repack-ja', 'failed');
    const ok = task('repack-de', 'completed');
    const me = task('signing', 'unscheduled', { dependencies: [ok.taskId, failed.taskId] });
    const chain = blockingChain(me, lookupOf([failed, ok]));
    expect(chain.end).toEqual({ kind: 'never', blocked: me, failed });
    expect(text(describeChain(chain, now))).toBe(
      'It will never run: it requires all of its dependencies to complete, and <repack-ja> failed.',
    );
    // Deeper: the blocked dependency blocks everything above it.
    const top = task('top', 'unscheduled', { dependencies: [me.taskId] });
    const deep = blockingChain(top, lookupOf([failed, ok, me]));
    expect(deep.steps.map((s) => s.taskId)).toEqual(['signing']);
    expect(deep.end).toMatchObject({ kind: 'never', failed: { taskId: 'repack-ja' } });
    expect(text(describeChain(deep, now))).toContain(', which will never run');
  });

  it('lets all-resolved tasks past failed dependencies, and notices a ready task and a missing one', () => {
    const failed = task('a', 'exception');
    const pending = task('b', 'pending', { scheduled: now - 3 * MIN });
    const me = task('me', 'unscheduled', { requires: 'all-resolved', dependencies: ['a', 'b'] });
    const chain = blockingChain(me, lookupOf([failed, pending]));
    expect(chain.steps.map((s) => s.taskId)).toEqual(['b']);
    expect(text(describeChain(chain, now))).toBe(
      'Waits for <b> (pending 3m 00s), which waits for nothing.',
    );
    const ready = task('r', 'unscheduled', { dependencies: ['a'], requires: 'all-resolved' });
    expect(blockingChain(ready, lookupOf([failed])).end).toEqual({ kind: 'ready' });
    const orphan = task('o', 'unscheduled', { dependencies: ['gone'] });
    expect(blockingChain(orphan, () => null).end).toMatchObject({
      kind: 'missing',
      taskId: 'gone',
    });
  });

  it('follows the dependency furthest from done, and counts the others', () => {
    const running = task('r', 'running', { started: now - MIN });
    const pending = task('p', 'pending', { scheduled: now - MIN });
    const me = task('me', 'unscheduled', { dependencies: ['r', 'p'] });
    const chain = blockingChain(me, lookupOf([running, pending]));
    expect(chain.steps[0]!.taskId).toBe('p');
    expect(chain.unresolved).toBe(2);
    expect(text(describeChain(chain, now))).toContain('2 of its dependencies are unresolved');
  });
});

describe('why a pending task waits', () => {
  it('counts tasks ahead at higher priority, or equal priority queued earlier', () => {
    const at = (m: number) => new Date(now - m * MIN).toJSON();
    const pending = [
      { taskId: 'high-late', task: { priority: 'high' }, inserted: at(1) },
      { taskId: 'med-early', task: { priority: 'medium' }, inserted: at(10) },
      { taskId: 'me', task: { priority: 'medium' }, inserted: at(5) },
      { taskId: 'med-late', task: { priority: 'medium' }, inserted: at(2) },
      { taskId: 'low-early', task: { priority: 'lowest' }, inserted: at(30) },
    ];
    expect(tasksAhead('me', 'medium', pending)).toBe(2);
    expect(tasksAhead('me', 'highest', pending)).toBe(0);
    // Not in the list read so far: every listed one of equal or higher priority is ahead.
    expect(tasksAhead('other', 'medium', pending.slice(0, 2))).toBe(2);
  });

  it('tells whether workers were active in the last 15 minutes', () => {
    const at = (m: number) => new Date(now - m * MIN).toJSON();
    expect(recentWorkers([{ lastDateActive: at(3) }, { lastDateActive: at(40) }, {}], now)).toEqual(
      {
        active: 1,
        total: 3,
        lastActive: now - 3 * MIN,
      },
    );
    expect(
      describePending(
        {
          taskQueueId: 'q/w',
          pendingCount: 7,
          ahead: 2,
          workers: recentWorkers([{ lastDateActive: at(40) }], now),
        },
        now,
      ),
    ).toEqual([
      '7 tasks pending in q/w.',
      '2 are ahead of it at equal or higher priority.',
      'No worker was active in the last 15 minutes (the last one 40m 00s ago): the queue may have no capacity.',
    ]);
    expect(
      describePending(
        { taskQueueId: 'q/w', pendingCount: 1, ahead: 0, workers: { active: 2, total: 2 } },
        now,
      ),
    ).toEqual([
      '1 task pending in q/w.',
      'None is ahead of it: it is next for the first worker that asks.',
      '2 workers were active in the last 15 minutes.',
    ]);
    expect(
      describePending({ taskQueueId: 'q/w', workers: 'forbidden', ahead: 'forbidden' }, now),
    ).toEqual([]);
  });

  it('counts the deadline down', () => {
    expect(deadlineCountdown(now + 25 * 60 * MIN, now)).toBe('1d 01h left');
    expect(deadlineCountdown(now - 5 * MIN, now)).toBe('passed 5m 00s ago');
  });
});
