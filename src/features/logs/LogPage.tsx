import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Loader,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { Link, useLocation, useMatch, useNavigate, useParams } from 'react-router';
import { isQueueError, isValidSlugId, type QueueClient } from '../../api';
import { paths } from '../../components/paths';
import { QueryError } from '../../components/QueryError';
import { Icon } from '../../components/Icon';
import { useQueue, useQueueSession } from '../../queries/queue-session';
import classes from './LogPage.module.css';
import {
  ansiSpans,
  formatLineHash,
  LineBuffer,
  parseLineHash,
  selectLine,
  type LineRange,
} from './log-model';

const LINE_HEIGHT = 18;

type LoadState =
  | { phase: 'loading' | 'streaming' | 'done' }
  | { phase: 'error'; error: unknown }
  | { phase: 'error-artifact'; reason: string; message: string };

/** Streams a log into a line buffer; the component re-renders at most every 100 ms while it grows. */
function useLogStream(
  queue: QueueClient,
  taskId: string,
  runId: number,
  name: string,
  live: boolean,
) {
  const [buffer] = useState(() => new LineBuffer());
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<LoadState>({ phase: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      setVersion((v) => v + 1);
    };
    const schedule = (first: boolean) => {
      if (first) flush();
      else timer ??= setTimeout(flush, 100);
    };
    (async () => {
      const loc = await queue.artifact(taskId, runId, name, { signal });
      if (loc.storageType === 'error') {
        setState({ phase: 'error-artifact', reason: loc.reason, message: loc.message });
        return;
      }
      if (loc.storageType === 'object')
        throw new Error('Object artifacts cannot be shown here yet.');
      const res = await fetch(loc.url, { signal, credentials: 'omit' });
      if (!res.ok || !res.body) {
        throw new Error(
          live && res.status === 404
            ? 'This live log is not being served: the worker that wrote it may be gone. The complete log appears as an artifact once the run is resolved.'
            : `The log's storage answered HTTP ${res.status}.`,
        );
      }
      setState({ phase: 'streaming' });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let first = true;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer.append(value);
        schedule(first);
        first = false;
      }
      buffer.finish();
      if (timer) clearTimeout(timer);
      flush();
      setState({ phase: 'done' });
    })().catch((error: unknown) => {
      if (!signal.aborted) setState({ phase: 'error', error });
    });
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [queue, taskId, runId, name, buffer, live]);
  return { buffer, version, state };
}

const LogLine = memo(function LogLine({ text }: { text: string }) {
  return (
    <>
      {ansiSpans(text).map((s, i) => (
        <span
          key={i}
          className={
            [
              s.fg && classes[s.fg],
              s.bg && classes[`bg-${s.bg}`],
              s.bold && classes.bold,
              s.italic && classes.italic,
              s.underline && classes.underline,
              s.dim && classes.dim,
            ]
              .filter(Boolean)
              .join(' ') || undefined
          }
          style={
            s.fgRgb || s.bgRgb
              ? {
                  color: s.fgRgb ? `rgb(${s.fgRgb})` : undefined,
                  background: s.bgRgb ? `rgb(${s.bgRgb})` : undefined,
                }
              : undefined
          }
        >
          {s.text}
        </span>
      ))}
    </>
  );
});

/** The log viewer; the Taskcluster UI's `/logs/live/<name>` form opens it following the tail. */
export function LogPage() {
  const { taskId = '', runId = '', '*': name = '' } = useParams();
  const live = !!useMatch('/tasks/:taskId/runs/:runId/logs/live/*');
  if (!isValidSlugId(taskId) || !/^\d+$/.test(runId) || !name) {
    return (
      <Alert color="red" title="Not a log link" role="alert">
        <Text size="sm">
          Log links look like /tasks/&lt;taskId&gt;/runs/&lt;runId&gt;/logs/&lt;artifact name&gt;.
        </Text>
      </Alert>
    );
  }
  return (
    <LogViewer
      key={`${taskId}/${runId}/${name}`}
      taskId={taskId}
      runId={Number(runId)}
      name={name}
      live={live}
    />
  );
}

function RawLink({ taskId, runId, name }: { taskId: string; runId: number; name: string }) {
  const queue = useQueue();
  const { clientId } = useQueueSession();
  if (name.startsWith('public/')) {
    return (
      <Anchor
        href={queue.buildUrl('getArtifact', taskId, runId, name)}
        target="_blank"
        rel="noopener noreferrer"
        size="sm"
      >
        Raw log
      </Anchor>
    );
  }
  return (
    <Button
      variant="subtle"
      size="compact-sm"
      disabled={!clientId}
      title={clientId ? undefined : 'Sign in to open private logs'}
      onClick={async () => {
        const tab = window.open('', '_blank');
        const url = await queue.getArtifactSignedUrl(taskId, runId, name, { expiration: 60 });
        if (tab) {
          tab.opener = null;
          tab.location.href = url;
        }
      }}
    >
      <Icon name="lock" size={13} /> Raw log
    </Button>
  );
}

function LogViewer({
  taskId,
  runId,
  name,
  live,
}: {
  taskId: string;
  runId: number;
  name: string;
  live: boolean;
}) {
  const queue = useQueue();
  const navigate = useNavigate();
  const location = useLocation();
  const { buffer, version, state } = useLogStream(queue, taskId, runId, name, live);
  const lines = buffer.lines;
  const [query, setQuery] = useState('');
  const [onlyMatches, setOnlyMatches] = useState(false);
  const [current, setCurrent] = useState(0);
  const [follow, setFollow] = useState(live);
  const range = parseLineHash(location.hash);
  const scrollRef = useRef<HTMLDivElement>(null);

  // Searching re-reads the buffer when it grows.
  const lineCount = lines.length;
  const matches = useMemo(
    () => (query.length >= 1 && lineCount >= 0 ? buffer.search(query) : []),
    [buffer, query, lineCount],
  );
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const view = onlyMatches && query ? matches : undefined;
  const count = view ? view.length : lines.length;

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is designed for this
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
  });

  const toRow = useCallback(
    (lineIndex: number) => (view ? view.indexOf(lineIndex) : lineIndex),
    [view],
  );

  // Jump to a linked line once it has arrived, and again whenever the link changes other than
  // by a click on a line number (those lines are already in view).
  const jumpedTo = useRef<string | undefined>(undefined);
  const clickedHash = useRef<string | undefined>(undefined);
  useEffect(() => {
    // `lineCount` is what this render gave the virtualizer; the buffer may have grown since.
    if (!range || lineCount < range.start || jumpedTo.current === location.hash) return;
    jumpedTo.current = location.hash;
    if (clickedHash.current === location.hash) return;
    const row = toRow(range.start - 1);
    if (row >= 0) virtualizer.scrollToIndex(row, { align: 'center' });
  }, [range, lineCount, virtualizer, location.hash, toRow]);

  useEffect(() => {
    if (follow && !view && lines.length)
      virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [follow, version, lines.length, view, virtualizer]);

  const goToMatch = (i: number) => {
    if (!matches.length) return;
    const next = (i + matches.length) % matches.length;
    setCurrent(next);
    setFollow(false);
    const row = toRow(matches[next]!);
    if (row >= 0) virtualizer.scrollToIndex(row, { align: 'center' });
  };

  const onLineClick = (event: MouseEvent, n: number) => {
    event.preventDefault();
    const next = selectLine(range, n, event.shiftKey);
    clickedHash.current = formatLineHash(next);
    setFollow(false);
    navigate({ hash: clickedHash.current }, { replace: true });
  };

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      goToMatch(event.shiftKey ? current - 1 : current + 1);
    }
  };

  const inRange = (n: number, r: LineRange | undefined) => !!r && n >= r.start && n <= r.end;

  if (state.phase === 'error') {
    const missing = isQueueError(state.error) && state.error.status === 404;
    return (
      <Stack>
        <Title order={1} size="h4">
          {name}
        </Title>
        {missing ? (
          <Alert color="red" title="This log does not exist" role="alert">
            <Text size="sm">
              Run {runId} of task {taskId} has no artifact named {name}. It may have expired, or the
              run has not created it yet.
            </Text>
          </Alert>
        ) : (
          <QueryError error={state.error} what="log" />
        )}
        <Anchor component={Link} to={paths.run(taskId, runId)} size="sm">
          Back to the task
        </Anchor>
      </Stack>
    );
  }

  return (
    <div className={classes.page}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Title order={1} size="h4" style={{ wordBreak: 'break-all' }}>
            {name}
          </Title>
          <Group gap="xs">
            <Anchor component={Link} to={paths.run(taskId, runId)} size="sm">
              Task {taskId}, run {runId}
            </Anchor>
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="log-status">
              {state.phase === 'loading'
                ? 'Loading…'
                : `${lines.length.toLocaleString()} lines${state.phase === 'streaming' ? ' · streaming' : ''}`}
            </Text>
            {state.phase !== 'done' && state.phase !== 'error-artifact' && <Loader size={12} />}
          </Group>
        </Stack>
        <Group gap="sm" wrap="wrap">
          <TextInput
            size="xs"
            placeholder="Search the log"
            aria-label="Search the log"
            value={query}
            onChange={(e) => {
              setQuery(e.currentTarget.value);
              setCurrent(0);
            }}
            onKeyDown={onSearchKey}
            w={240}
          />
          <Text size="xs" c="dimmed" w={90} data-testid="log-matches" data-query={query}>
            {query
              ? matches.length
                ? `${current + 1} of ${matches.length.toLocaleString()}`
                : 'no match'
              : ''}
          </Text>
          <Tooltip label="Previous match (Shift+Enter)">
            <ActionIcon
              variant="default"
              onClick={() => goToMatch(current - 1)}
              disabled={!matches.length}
              aria-label="Previous match"
            >
              ↑
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Next match (Enter)">
            <ActionIcon
              variant="default"
              onClick={() => goToMatch(current + 1)}
              disabled={!matches.length}
              aria-label="Next match"
            >
              ↓
            </ActionIcon>
          </Tooltip>
          <Checkbox
            size="xs"
            label="Only matching lines"
            checked={onlyMatches}
            onChange={(e) => setOnlyMatches(e.currentTarget.checked)}
          />
          <Switch
            size="xs"
            label="Follow"
            checked={follow}
            onChange={(e) => setFollow(e.currentTarget.checked)}
          />
          <RawLink taskId={taskId} runId={runId} name={name} />
        </Group>
      </Group>
      {state.phase === 'error-artifact' && (
        <Alert
          color="red"
          title={`The worker could not upload this log: ${state.reason}`}
          role="alert"
        >
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {state.message}
          </Text>
        </Alert>
      )}
      <div
        ref={scrollRef}
        className={classes.scroll}
        role="log"
        aria-label={`Log ${name}`}
        tabIndex={0}
        data-testid="log-scroll"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const index = view ? view[item.index]! : item.index;
            const n = index + 1;
            const isMatch = matchSet.has(index);
            return (
              <div
                key={index}
                className={classes.line}
                data-line={n}
                data-selected={inRange(n, range) || undefined}
                data-match={isMatch || undefined}
                data-current={(isMatch && matches[current] === index) || undefined}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <a
                  href={`#L${n}`}
                  className={classes.number}
                  onClick={(e) => onLineClick(e, n)}
                  aria-label={`Line ${n}`}
                >
                  {n}
                </a>
                <span className={classes.text}>
                  <LogLine text={lines[index]!} />
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
