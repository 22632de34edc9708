import { Alert, Anchor, Group, Loader, Stack, Text, Title } from '@mantine/core';
import {
  useCallback,
  useMemo,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type MouseEvent,
} from 'react';
import { Link, useLocation, useMatch, useNavigate, useParams } from 'react-router';
import { isQueueError, isValidSlugId, type ArtifactContent, type QueueClient } from '../../api';
import { paths } from '../../components/paths';
import { QueryError } from '../../components/QueryError';
import { useQueue } from '../../queries/queue-session';
import classes from './LogPage.module.css';
import { formatLineHash, parseLineHash, selectLine } from './log-model';
import { lowerBound } from './log-search';
import { openLog, peekLog, takeLog } from './log-prefetch';
import type { LogSession, LogSnapshot } from './log-session';
import { useScrollPosition } from './use-line-window';
import { LogControls } from './LogControls';
import { LogLines } from './LogLines';

const LINE_HEIGHT = 18;

type LoadState =
  | { phase: 'locating' }
  | { phase: 'open'; session: LogSession }
  | { phase: 'error'; error: unknown }
  | { phase: 'error-artifact'; reason: string; message: string };

const NO_SESSION: LogSnapshot = {
  lines: 0,
  bytes: 0,
  done: false,
  search: { query: '', count: 0, matches: new Uint32Array(), complete: true },
  workerBytes: 0,
};
const noSubscription = () => () => {};
const NO_MATCHES = new Uint32Array();

/** What a located log shows: its lines, or why it cannot. */
function locatedState(loc: ArtifactContent, session: LogSession): LoadState {
  if (loc.storageType === 'error')
    return { phase: 'error-artifact', reason: loc.reason, message: loc.message };
  if (loc.storageType === 'object')
    return { phase: 'error', error: new Error('Object artifacts cannot be shown here yet.') };
  return { phase: 'open', session };
}

/**
 * Finds where the log is stored, then hands the URL to a worker that fetches and indexes it
 * (`LogSession`): the page only ever holds the lines on screen. A log the page's start already
 * located (see log-prefetch.ts) shows in the first render, with whatever lines are in.
 */
function useLogSession(
  queue: QueueClient,
  taskId: string,
  runId: number,
  name: string,
  live: boolean,
) {
  const [state, setState] = useState<LoadState>(() => {
    const early = peekLog(queue, { taskId, runId, name, live });
    return early?.located ? locatedState(early.located, early.session) : { phase: 'locating' };
  });
  useEffect(() => {
    const controller = new AbortController();
    const log = { taskId, runId, name, live };
    const { session, location } = takeLog(queue, log) ?? openLog(queue, log, controller.signal);
    location
      .then((loc) => {
        if (controller.signal.aborted) return;
        const next = locatedState(loc, session);
        // The first render may already show this session: no second one for the same state.
        setState((shown) =>
          shown.phase === 'open' && next.phase === 'open' && shown.session === session
            ? shown
            : next,
        );
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ phase: 'error', error });
      });
    return () => {
      controller.abort();
      session.close();
    };
  }, [queue, taskId, runId, name, live]);
  const session = state.phase === 'open' ? state.session : undefined;
  const snapshot = useSyncExternalStore(
    session?.subscribe ?? noSubscription,
    session?.getSnapshot ?? (() => NO_SESSION),
  );
  return { state, session, snapshot };
}

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
  const { state, session, snapshot } = useLogSession(queue, taskId, runId, name, live);
  const lineCount = snapshot.lines;
  const [query, setQuery] = useState('');
  const [onlyMatches, setOnlyMatches] = useState(false);
  const [current, setCurrent] = useState(0);
  const [follow, setFollow] = useState(live);
  const range = useMemo(() => parseLineHash(location.hash), [location.hash]);

  // The worker searches; results for an older query stay until the new ones arrive.
  const search = snapshot.search;
  const matches = query && search.query === query ? search.matches : undefined;
  const view = onlyMatches && query ? (matches ?? NO_MATCHES) : undefined;
  const count = view ? view.length : lineCount;
  const scroll = useScrollPosition(LINE_HEIGHT);
  const { scrollToRow } = scroll;

  const toRow = useCallback(
    (lineIndex: number) => {
      if (!view) return lineIndex;
      const at = lowerBound(view, lineIndex);
      return view[at] === lineIndex ? at : -1;
    },
    [view],
  );

  // Jump to a linked line once it has arrived, and again whenever the link changes other than
  // by a click on a line number (those lines are already in view).
  const jumpedTo = useRef<string | undefined>(undefined);
  const clickedHash = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!range || lineCount < range.start || jumpedTo.current === location.hash) return;
    jumpedTo.current = location.hash;
    if (clickedHash.current === location.hash) return;
    const row = toRow(range.start - 1);
    if (row >= 0) scrollToRow(row, 'center');
  }, [range, lineCount, scrollToRow, location.hash, toRow]);

  useEffect(() => {
    if (follow && !view && lineCount) scrollToRow(lineCount - 1, 'end');
  }, [follow, lineCount, view, scrollToRow]);

  // A new query's first match comes into view once, as a browser's find does.
  const shownQuery = useRef('');
  useEffect(() => {
    if (!matches?.length || shownQuery.current === query) return;
    shownQuery.current = query;
    setFollow(false);
    const row = toRow(matches[0]!);
    if (row >= 0) scrollToRow(row, 'center');
  }, [matches, query, toRow, scrollToRow]);

  // Stable callbacks: the controls re-render only when what they show changes, not at each
  // progress update of a loading or live log.
  const onStep = useCallback(
    (delta: number) => {
      if (!matches?.length) return;
      const next = (((current + delta) % matches.length) + matches.length) % matches.length;
      setCurrent(next);
      setFollow(false);
      const row = toRow(matches[next]!);
      if (row >= 0) scrollToRow(row, 'center');
    },
    [matches, current, toRow, scrollToRow],
  );

  const onQuery = useCallback(
    (value: string) => {
      setQuery(value);
      setCurrent(0);
      session?.search(value);
    },
    [session],
  );

  const onLineClick = useCallback(
    (event: MouseEvent, n: number) => {
      event.preventDefault();
      const next = selectLine(range, n, event.shiftKey);
      clickedHash.current = formatLineHash(next);
      setFollow(false);
      navigate({ hash: clickedHash.current }, { replace: true });
    },
    [range, navigate],
  );

  const loadError = snapshot.error;

  if (state.phase === 'error' || (loadError && lineCount === 0)) {
    const error = state.phase === 'error' ? state.error : new Error(loadError!.message);
    const missing = isQueueError(error) && error.status === 404;
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
          <QueryError error={error} what="log" />
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
            <Text
              size="sm"
              c="dimmed"
              aria-live="polite"
              data-testid="log-status"
              data-reconnecting={snapshot.reconnecting ? true : undefined}
              title={
                snapshot.reconnecting
                  ? `The connection to the log failed (${snapshot.reconnecting.reason}); trying again.`
                  : undefined
              }
            >
              {state.phase === 'locating' ||
              (state.phase === 'open' && !lineCount && !snapshot.done && !snapshot.reconnecting)
                ? 'Loading…'
                : `${lineCount.toLocaleString()} lines${
                    snapshot.reconnecting
                      ? ' · connection lost, reconnecting…'
                      : state.phase === 'open' && !snapshot.done
                        ? ' · streaming'
                        : ''
                  }`}
            </Text>
            {state.phase !== 'error-artifact' && !snapshot.done && !loadError && (
              <Loader size={12} />
            )}
          </Group>
        </Stack>
        <LogControls
          taskId={taskId}
          runId={runId}
          name={name}
          query={query}
          onQuery={onQuery}
          search={search}
          current={current}
          canStep={!!matches?.length}
          onStep={onStep}
          onlyMatches={onlyMatches}
          onOnlyMatches={setOnlyMatches}
          follow={follow}
          onFollow={setFollow}
        />
      </Group>
      {loadError && lineCount > 0 && (
        <Alert color="red" title="The log stopped loading" role="alert">
          <Text size="sm">{loadError.message}</Text>
        </Alert>
      )}
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
      <LogLines
        name={name}
        scroll={scroll}
        session={session}
        workerBytes={snapshot.workerBytes}
        count={count}
        view={view}
        matches={matches}
        currentLine={matches?.[current]}
        range={range}
        onLineClick={onLineClick}
      />
    </div>
  );
}
