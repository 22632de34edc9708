import { Alert, Anchor, Button, Code, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { QueueClient, TaskDefinition } from '../../api';
import {
  defaultInput,
  type ActionsFile,
  type InTreeAction,
} from '../../queries/actions/actions-model';
import {
  prepareAction,
  runPreparedAction,
  type ActionResult,
  type ActionTarget,
  type PreparedAction,
} from '../../queries/actions/run-action';
import { compileSchema } from '../../schemas';
import { Markdown } from '../Markdown';
import { describeError, ErrorDetail } from '../QueryError';
import { paths } from '../paths';

const ActionInputForm = lazy(() =>
  import('./ActionInputForm').then((m) => ({ default: m.ActionInputForm })),
);

type Step =
  | { at: 'input' }
  | { at: 'confirm'; prepared: Extract<PreparedAction, { kind: 'hook' }> }
  | { at: 'done'; result: ActionResult };

/**
 * Runs one in-tree action: its description and input form, then for a hook the reference's
 * second confirmation (`<title>?`, the hook ids and the rendered payload), then the result.
 * Errors stay in the dialog next to the input, so nothing typed is lost.
 */
export function ActionDialog({
  queue,
  file,
  decisionTask,
  action,
  target,
  onClose,
  onDone,
}: {
  queue: QueueClient;
  file: ActionsFile;
  decisionTask: TaskDefinition | null;
  action: InTreeAction;
  target: ActionTarget;
  onClose(): void;
  onDone(result: ActionResult): void;
}) {
  const schema = typeof action.schema === 'object' ? action.schema : undefined;
  const [input, setInput] = useState<unknown>(() => defaultInput(action));
  const [step, setStep] = useState<Step>({ at: 'input' });
  const [error, setError] = useState<unknown>();
  const [pending, setPending] = useState(false);
  const check = useMemo(() => {
    if (!schema) return undefined;
    try {
      return compileSchema(schema);
    } catch {
      return undefined;
    }
  }, [schema]);
  const issues = check ? check(input).issues : [];

  const run = async (work: () => Promise<void>) => {
    setPending(true);
    setError(undefined);
    try {
      await work();
    } catch (err) {
      setError(err);
      setStep({ at: 'input' });
    } finally {
      setPending(false);
    }
  };
  const finish = (result: ActionResult) => {
    setStep({ at: 'done', result });
    onDone(result);
  };
  const submit = () =>
    run(async () => {
      const prepared = await prepareAction({ queue, file, decisionTask, action, target, input });
      if (prepared.kind === 'hook') setStep({ at: 'confirm', prepared });
      else finish(await runPreparedAction(queue, prepared));
    });

  const failure = error ? describeError(error, 'action') : undefined;
  const title =
    step.at === 'done'
      ? action.title
      : step.at === 'confirm' || action.kind === 'task'
        ? `${action.title}?`
        : action.title;

  return (
    <Modal opened onClose={() => !pending && onClose()} title={title} centered size="lg">
      {step.at === 'done' ? (
        <Stack>
          {'taskId' in step.result ? (
            <Text size="sm" role="status">
              Created task{' '}
              <Anchor component={Link} to={paths.task(step.result.taskId)}>
                {step.result.taskId}
              </Anchor>
              .
            </Text>
          ) : (
            <Text size="sm" role="status">
              The hook declined: its template rendered no task, so nothing was created.
            </Text>
          )}
          <Group justify="flex-end">
            <Button onClick={onClose}>Close</Button>
          </Group>
        </Stack>
      ) : step.at === 'confirm' ? (
        <Stack>
          <Text size="sm">
            This action triggers hook{' '}
            <Code>
              {step.prepared.hookGroupId}/{step.prepared.hookId}
            </Code>
          </Text>
          <Text size="sm" fw={500}>
            Payload
          </Text>
          <Code block data-testid="action-payload">
            {JSON.stringify(step.prepared.payload, null, 2)}
          </Code>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setStep({ at: 'input' })} disabled={pending}>
              Back
            </Button>
            <Button
              loading={pending}
              onClick={() =>
                void run(async () => finish(await runPreparedAction(queue, step.prepared)))
              }
            >
              {action.title}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          {/* Untrusted Markdown from actions.json: no raw HTML, http(s) links only. */}
          <Markdown text={action.description} testId="action-description" />
          {action.kind === 'hook' && (
            <Text size="sm" c="dimmed">
              This action triggers hook{' '}
              <Code>
                {action.hookGroupId}/{action.hookId}
              </Code>
              .
            </Text>
          )}
          {schema && (
            <Suspense fallback={<Loader size="sm" aria-label="Loading the form" />}>
              <ActionInputForm schema={schema} value={input} onChange={setInput} />
            </Suspense>
          )}
          {failure && (
            <Alert color="red" title={`${action.title} failed`} role="alert">
              <ErrorDetail description={failure} />
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={pending}>
              Cancel
            </Button>
            <Button loading={pending} disabled={issues.length > 0} onClick={() => void submit()}>
              {action.kind === 'hook' ? 'Continue' : action.title}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
