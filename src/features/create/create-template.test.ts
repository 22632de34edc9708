import { describe, expect, it } from 'vitest';
import { parseYaml, toYaml } from '../../components/yaml-document';
import { editableDefinition } from '../../queries/task-templates';
import type { TaskDefinition } from '../../api';
import {
  chooseTemplate,
  createStore,
  FALLBACK_QUEUE,
  refreshTimestamps,
  staleCreated,
} from './create-template';

const NOW = Date.parse('2026-12-01T10:00:00.000Z');
let n = 0;
const newId = () => `id-${++n}`;

const task: TaskDefinition = {
  provisionerId: 'p',
  workerType: 'w',
  taskQueueId: 'p/w',
  schedulerId: 's',
  taskGroupId: 'WFRWnF3ST3mXfwXOd4GHEQ',
  dependencies: ['Bu8AbMRpRkK1ecG2xj3G4A'],
  requires: 'all-completed',
  routes: ['index.a'],
  priority: 'low',
  retries: 5,
  created: '2026-11-01T10:00:00.000Z',
  deadline: '2026-11-01T12:00:00.000Z',
  expires: '2026-12-01T10:00:00.000Z',
  scopes: [],
  payload: { command: ['true'] },
  metadata: { name: 'n', description: 'd', owner: 'o@example.com', source: 'https://e.com' },
  tags: {},
  extra: {},
};

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  };
}

describe('chooseTemplate', () => {
  const last = { ...editableDefinition(task, NOW - 86400_000), taskQueueId: 'last/queue' };
  const draft = { text: 'draft: true\n', taskId: 'draft-id' };

  it('prefers an "Edit and create" copy, with a new taskId', () => {
    const definition = editableDefinition(task, NOW);
    const t = chooseTemplate({ handoff: { definition, from: 'T' }, draft, last, now: NOW, newId });
    expect(t).toMatchObject({ source: 'edit', from: 'T' });
    expect(parseYaml(t.text).value).toEqual(definition);
    expect(t.taskId).toMatch(/^id-/);
  });

  it('then the draft as it was, taskId included', () => {
    expect(chooseTemplate({ draft, last, now: NOW, newId })).toEqual({ source: 'draft', ...draft });
  });

  it('then the last task created here, with timestamps from now', () => {
    const t = chooseTemplate({ last, taskQueues: ['a/b'], now: NOW, newId });
    expect(t.source).toBe('last');
    const value = parseYaml(t.text).value as typeof last;
    expect(value.taskQueueId).toBe('last/queue');
    expect(value.created).toBe(new Date(NOW).toJSON());
    expect(Date.parse(value.deadline) - NOW).toBe(2 * 3600_000);
  });

  it('else an example for the first listable queue, or a placeholder queue', () => {
    const t = chooseTemplate({ taskQueues: ['a/b', 'c/d'], now: NOW, newId });
    expect(t.source).toBe('example');
    expect((parseYaml(t.text).value as { taskQueueId: string }).taskQueueId).toBe('a/b');
    const none = chooseTemplate({ taskQueues: [], now: NOW, newId });
    expect((parseYaml(none.text).value as { taskQueueId: string }).taskQueueId).toBe(
      FALLBACK_QUEUE,
    );
  });
});

describe('refreshTimestamps and staleCreated', () => {
  it('moves the three dates and keeps comments and the rest of the text', () => {
    const text = `# my task\n${toYaml(editableDefinition(task, Date.parse(task.created)))}`;
    const out = refreshTimestamps(text, NOW);
    expect(out.startsWith('# my task\n')).toBe(true);
    const value = parseYaml(out).value as Record<string, string>;
    expect(value.created).toBe('2026-12-01T10:00:00.000Z');
    expect(value.deadline).toBe('2026-12-01T12:00:00.000Z');
    expect(value.expires).toBe('2026-12-31T10:00:00.000Z');
    expect(out.replace(/20\d\d-[^\n]*Z/g, 'D')).toBe(text.replace(/20\d\d-[^\n]*Z/g, 'D'));
  });

  it('leaves text that does not parse alone', () => {
    expect(refreshTimestamps('a: [1\n', NOW)).toBe('a: [1\n');
  });

  it('flags a created the Queue would refuse (±15 min)', () => {
    expect(staleCreated({ created: new Date(NOW - 14 * 60_000).toJSON() }, NOW)).toBeUndefined();
    expect(staleCreated({ created: new Date(NOW - 16 * 60_000).toJSON() }, NOW)).toMatch(
      /more than 15 minutes ago/,
    );
    expect(staleCreated({ created: new Date(NOW + 16 * 60_000).toJSON() }, NOW)).toMatch(/ahead/);
  });
});

describe('createStore', () => {
  it('keeps a draft and the last task per deployment, and ignores garbage', () => {
    const storage = memoryStorage();
    const a = createStore(storage, 'https://a.example');
    const b = createStore(storage, 'https://b.example');
    a.saveDraft({ text: 'x: 1\n', taskId: 'T' });
    expect(a.draft()).toEqual({ text: 'x: 1\n', taskId: 'T' });
    expect(b.draft()).toBeNull();
    a.clearDraft();
    expect(a.draft()).toBeNull();
    a.saveLast(editableDefinition(task, NOW));
    expect(a.last()?.created).toBe(new Date(NOW).toJSON());
    storage.setItem('tc-dashboard:create-task:last:https://b.example', '{not json');
    expect(b.last()).toBeNull();
  });
});
