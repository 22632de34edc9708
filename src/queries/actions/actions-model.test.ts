import { describe, expect, it } from 'vitest';
import {
  actionsForGroup,
  actionsForTask,
  defaultInput,
  mayUseHook,
  misconfiguredMessage,
  overriddenBuiltIns,
  type ActionsFile,
  type InTreeAction,
} from './actions-model';
import { renderAction } from './render-action';

const hook = (name: string, context: InTreeAction['context'], title = name): InTreeAction => ({
  kind: 'hook',
  name,
  title,
  description: `${title} description`,
  context,
  hookGroupId: 'g',
  hookId: name,
  hookPayload: {},
});

const file = (actions: unknown[], variables: Record<string, unknown> = {}): ActionsFile =>
  ({ version: 1, variables, actions }) as ActionsFile;

describe('which actions apply', () => {
  const actions = file([
    hook('retrigger', [{ kind: 'test' }, { kind: 'build' }], 'Retrigger (tests and builds)'),
    hook('backfill', [{ kind: 'test', platform: 'linux' }]),
    hook('everything', [{}]),
    hook('rerun-failed', []),
    hook('retrigger', [{}], 'Retrigger (any task)'),
    { ...hook('future', [{}]), kind: 'graphql' },
    hook('release', []),
    hook('empty-tag', [{ label: '' }]),
  ]);

  it('matches a task when every key of one tag-set is in its tags with the same value', () => {
    const titles = (tags: Record<string, string>) =>
      actionsForTask(actions, tags).map((a) => a.title);
    expect(titles({ kind: 'test', platform: 'linux' })).toEqual([
      'Retrigger (tests and builds)',
      'backfill',
      'everything',
    ]);
    expect(titles({ kind: 'test', platform: 'mac' })).toEqual([
      'Retrigger (tests and builds)',
      'everything',
    ]);
    // The first applicable action of a name wins; a later one applies where the first does not.
    expect(titles({ kind: 'lint' })).toEqual(['everything', 'Retrigger (any task)']);
  });

  it('never matches a tag valued "", and ignores unknown kinds', () => {
    const titles = actionsForTask(actions, { label: '' }).map((a) => a.title);
    expect(titles).not.toContain('empty-tag');
    expect(titles).not.toContain('future');
  });

  it('shows only actions with an empty context on the group page, in file order', () => {
    expect(actionsForGroup(actions).map((a) => a.name)).toEqual(['rerun-failed', 'release']);
  });

  it('lets in-tree actions replace the six built-in buttons of the same name', () => {
    const applicable = [hook('retrigger', [{}]), hook('cancel', [{}]), hook('backfill', [{}])];
    expect([...overriddenBuiltIns(applicable)].sort()).toEqual(['cancel', 'retrigger']);
    expect(overriddenBuiltIns([hook('purge-caches', [{}])]).has('purge-caches')).toBe(true);
  });
});

describe('input', () => {
  it('starts from the schema defaults, or null without a schema', () => {
    const withSchema = {
      ...hook('r', [{}]),
      schema: {
        type: 'object',
        properties: { times: { type: 'integer', default: 2 }, note: { type: 'string' } },
      },
    };
    expect(defaultInput(withSchema)).toEqual({ times: 2 });
    expect(defaultInput(hook('r', [{}]))).toBeNull();
  });
});

describe('JSON-e rendering', () => {
  // The reference's example (actions-hooks-login §1.2).
  const example = file(
    [
      {
        kind: 'hook',
        name: 'release',
        title: 'Release',
        description: 'Ship *this* push',
        context: [],
        schema: {
          type: 'object',
          properties: { version: { type: 'string' } },
          required: ['version'],
        },
        hookGroupId: 'dashboard-demo',
        hookId: 'release-action',
        hookPayload: { version: { $eval: 'input.version' }, decision: '${taskGroupId}' },
      },
    ],
    { project: 'demo' },
  );

  it('renders a hook payload with taskGroupId, a null taskId for group actions, and input', () => {
    const rendered = renderAction({
      file: example,
      action: example.actions[0]!,
      taskGroupId: 'G1',
      taskId: null,
      task: null,
      input: { version: '1.2' },
      ownTaskId: 'unused',
    });
    expect(rendered.hookPayload).toEqual({ version: '1.2', decision: 'G1' });
  });

  it('merges variables over the base context, and gives kind task ownTaskId', () => {
    const tasky = file(
      [
        {
          kind: 'task',
          name: 'copy',
          title: 'Copy',
          description: 'x',
          context: [{}],
          task: {
            id: '${ownTaskId}',
            name: '${task.metadata.name} in ${taskGroupId}',
            project: '${project}',
            from: { $eval: 'taskId' },
            shadowed: { $eval: 'input' },
            hasOwn: { $eval: "defined('ownTaskId')" },
          },
        },
      ],
      { project: 'demo', input: 'from variables' },
    );
    const rendered = renderAction({
      file: tasky,
      action: tasky.actions[0]!,
      taskGroupId: 'G1',
      taskId: 'T1',
      task: { metadata: { name: 'build' } },
      input: null,
      ownTaskId: 'NEW',
    });
    expect(rendered.task).toEqual({
      taskId: 'NEW',
      definition: {
        id: 'NEW',
        name: 'build in G1',
        project: 'demo',
        from: 'T1',
        shadowed: 'from variables',
        hasOwn: true,
      },
    });
  });

  it('does not give hook actions ownTaskId', () => {
    const f = file([{ ...hook('h', []), hookPayload: { own: { $eval: "defined('ownTaskId')" } } }]);
    const rendered = renderAction({
      file: f,
      action: f.actions[0]!,
      taskGroupId: 'G',
      taskId: null,
      task: null,
      input: null,
      ownTaskId: 'X',
    });
    expect(rendered.hookPayload).toEqual({ own: false });
  });
});

describe('the in-tree:hook-action check', () => {
  // Expansions captured from a real Auth service (auth-expandScopes-in-tree-hook-action, -no-role).
  const granted = [
    'assume:hook-id:dashboard-demo/release-action',
    'assume:repo:example.com/demo:branch:main',
    'in-tree:hook-action:dashboard-demo/*',
    'queue:create-task:low:proj-hooks/dashboard-demo',
  ];
  it('is satisfied by an equal scope or a star prefix', () => {
    expect(mayUseHook(granted, 'dashboard-demo', 'release-action')).toBe(true);
    expect(mayUseHook(['in-tree:hook-action:g/h'], 'g', 'h')).toBe(true);
    expect(mayUseHook(['in-tree:hook-action:*'], 'g', 'nested/h')).toBe(true);
  });
  it('is not satisfied by other hooks, other groups or a bare assume', () => {
    expect(mayUseHook(['assume:repo:example.com/other:branch:main'], 'dashboard-demo', 'x')).toBe(
      false,
    );
    expect(mayUseHook(granted, 'other-group', 'release-action')).toBe(false);
    expect(mayUseHook(['in-tree:hook-action:g/h'], 'g', 'h2')).toBe(false);
    expect(mayUseHook(['in-tree:hook-action:g/h*x'], 'g', 'h1x')).toBe(false);
  });
  it('refuses with the reference wording', () => {
    expect(misconfiguredMessage('g', 'h')).toBe(
      "Action is misconfigured: decision task's scopes do not satisfy in-tree:hook-action:g/h",
    );
  });
});
