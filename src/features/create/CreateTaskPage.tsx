import { Alert, Anchor, Button, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { newSlugId, type TaskDefinitionRequest } from '../../api';
import { paths } from '../../components/paths';
import { describeError, ErrorDetail } from '../../components/QueryError';
import { YamlEditor, type YamlEditorHandle } from '../../components/YamlEditor';
import { parseYaml, type EditorDiagnostic } from '../../components/yaml-document';
import { taskQueuesQuery } from '../../queries/queue-queries';
import { signedOutReason, useQueue, useQueueSession } from '../../queries/queue-session';
import { useCreateTask } from '../../queries/task-mutations';
import { TIED, type CreateTaskHandoff } from '../../queries/task-templates';
import {
  chooseTemplate,
  createStore,
  refreshTimestamps,
  staleCreated,
  type Template,
} from './create-template';

type Validate = (value: unknown) => { issues: { pointer: string; message: string }[] };

/** The Queue's schema, loaded with the page's first check (precompiled: no eval). */
function useCreateTaskSchema(): Validate | undefined {
  const [validate, setValidate] = useState<Validate>();
  useEffect(() => {
    let live = true;
    void import('../../schemas').then((m) => live && setValidate(() => m.validateCreateTask));
    return () => {
      live = false;
    };
  }, []);
  return validate;
}

/** Problems of the text: YAML syntax first; then the schema; then the Queue's date rule. */
function check(text: string, validate: Validate | undefined, now: number) {
  const parsed = parseYaml(text);
  if (parsed.value === undefined)
    return { kind: 'syntax' as const, diagnostics: parsed.diagnostics };
  const diagnostics: EditorDiagnostic[] = [];
  for (const issue of validate?.(parsed.value).issues ?? []) {
    const where = issue.pointer ? issue.pointer.slice(1).replace(/\//g, '.') : 'The task';
    diagnostics.push(parsed.at(issue.pointer, `${where} ${issue.message}`));
  }
  const stale = staleCreated(parsed.value, now);
  if (stale) diagnostics.push(parsed.at('/created', `created ${stale}`));
  return {
    kind: diagnostics.length ? ('schema' as const) : ('ok' as const),
    diagnostics,
    value: parsed.value as TaskDefinitionRequest,
  };
}

const SOURCE_TEXT: Record<Template['source'], string> = {
  edit: 'A copy of another task, standing alone',
  draft: 'Your draft',
  last: 'The last task you created here, with fresh timestamps',
  example: 'A minimal example task',
};

/** `/tasks/create`: write a task definition in YAML, check it as the Queue will, create it. */
export function CreateTaskPage() {
  const session = useQueueSession();
  const queue = useQueue();
  const location = useLocation();
  const navigate = useNavigate();
  const store = useMemo(() => createStore(localStorage, session.rootUrl), [session.rootUrl]);
  const handoff = (location.state as CreateTaskHandoff | null)?.definition
    ? (location.state as CreateTaskHandoff)
    : null;
  const needsQueues = !handoff && !store.draft() && !store.last();
  const queues = useQuery({ ...taskQueuesQuery(queue), enabled: needsQueues });
  const ready = !needsQueues || !queues.isPending;
  const template = useMemo(
    () =>
      ready
        ? chooseTemplate({
            handoff,
            draft: store.draft(),
            last: store.last(),
            taskQueues: queues.data,
          })
        : undefined,
    // Chosen once per arrival: typing must not re-choose it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ready, handoff, store],
  );
  useEffect(() => {
    // The copy is the draft now (the editor saved it): a reload keeps the edits instead of
    // copying the task again.
    if (handoff) void navigate(paths.createTask, { replace: true, state: null });
  }, [handoff, navigate]);
  if (!template)
    return (
      <Group gap="xs">
        <Loader size="sm" />
        <Text size="sm">Finding a task queue for the example…</Text>
      </Group>
    );
  return (
    <CreateTaskEditor
      key={template.taskId}
      template={template}
      store={store}
      signedOut={signedOutReason(session, 'create tasks')}
    />
  );
}

function CreateTaskEditor({
  template,
  store,
  signedOut,
}: {
  template: Template;
  store: ReturnType<typeof createStore>;
  signedOut?: string;
}) {
  const navigate = useNavigate();
  const validate = useCreateTaskSchema();
  const create = useCreateTask();
  const [text, setText] = useState(template.text);
  const [taskId, setTaskId] = useState(template.taskId);
  const [checked, setChecked] = useState(() => check(template.text, undefined, Date.now()));
  const [submitted, setSubmitted] = useState(false);
  const editor = useRef<YamlEditorHandle>(null);
  const errorsId = useId();

  useEffect(
    () => store.saveDraft({ text, taskId, from: template.from }),
    [store, text, taskId, template.from],
  );
  // Check as the visitor types, a moment after the last key.
  useEffect(() => {
    const timer = setTimeout(() => setChecked(check(text, validate, Date.now())), 250);
    return () => clearTimeout(timer);
  }, [text, validate]);

  const submit = useCallback(() => {
    const now = check(text, validate, Date.now());
    setChecked(now);
    setSubmitted(true);
    if (now.kind !== 'ok' || !validate) return;
    create.reset();
    create.mutate(
      { taskId, definition: now.value },
      {
        onSuccess: () => {
          store.saveLast(now.value);
          store.clearDraft();
          void navigate(paths.task(taskId));
        },
      },
    );
  }, [text, validate, taskId, create, store, navigate]);

  const problems = checked.diagnostics;
  const failure = create.error ? describeError(create.error, 'task') : undefined;
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={1} size="h3">
          Create task
        </Title>
        <Text size="sm" c="dimmed">
          {SOURCE_TEXT[template.source]}
          {template.from && (
            <>
              {' '}
              of{' '}
              <Anchor component={Link} to={paths.task(template.from)} ff="monospace">
                {template.from}
              </Anchor>
            </>
          )}
          .{' '}
          {template.from &&
            `Dropped: ${TIED.join(', ')}; created, deadline and expires start from now.`}
        </Text>
      </Stack>
      <Group gap="md" align="center" wrap="wrap">
        <Text size="sm">
          Task ID{' '}
          <Text span ff="monospace" data-testid="new-task-id">
            {taskId}
          </Text>
        </Text>
        <Button size="compact-sm" variant="subtle" onClick={() => setTaskId(newSlugId())}>
          New task ID
        </Button>
        <Button
          size="compact-sm"
          variant="subtle"
          onClick={() => setText((t) => refreshTimestamps(t, Date.now()))}
        >
          Refresh timestamps
        </Button>
      </Group>
      <YamlEditor
        ref={editor}
        value={text}
        onChange={setText}
        label="Task definition (YAML)"
        diagnostics={problems}
        describedBy={problems.length ? errorsId : undefined}
        onSubmit={submit}
      />
      {problems.length > 0 &&
        (submitted || checked.kind === 'syntax' || text !== template.text) && (
          <Alert
            color="red"
            title={checked.kind === 'syntax' ? 'YAML syntax error' : 'The task is not valid'}
            id={errorsId}
            role="alert"
          >
            <List size="sm" spacing={2}>
              {problems.map((d, i) => (
                <List.Item key={i}>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    onClick={() => editor.current?.focusAt(d.from)}
                  >
                    Line {d.line}
                  </Anchor>
                  : {d.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
      {failure && (
        <Alert color="red" title={`The Queue refused the task: ${failure.title}`} role="alert">
          <ErrorDetail description={failure} />
        </Alert>
      )}
      <Group gap="sm">
        <Button
          onClick={submit}
          loading={create.isPending}
          disabled={!!signedOut || !validate}
          title={signedOut}
        >
          Create task
        </Button>
        {signedOut && (
          <Text size="sm" c="dimmed">
            {signedOut}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          Ctrl+Enter creates too. Your text is kept in this browser until the task is created.
        </Text>
      </Group>
    </Stack>
  );
}
