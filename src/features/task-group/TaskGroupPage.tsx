import {
  Alert,
  Badge,
  Button,
  CloseButton,
  Group,
  Loader,
  Stack,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { isQueueError, isValidSlugId, QueueError, type TaskState } from '../../api';
import { useNow } from '../../components/use-now';
import { taskGroupQuery } from '../../queries/queue-queries';
import { useQueue, useQueueSession } from '../../queries/queue-session';
import { rememberRecent } from '../../queries/recent-items';
import type { SortKey } from '../../queries/task-group/group-rows';
import { createRowFilter } from '../../queries/task-group/row-filter';
import { createSortedOrder } from '../../queries/task-group/sorted-order';
import { createRowLocator } from '../../queries/task-group/row-locator';
import { useTaskGroupStream } from '../../queries/task-group/useTaskGroupStream';
import { startInsight } from '../../queries/insight/insight-client';
import {
  GROUP_VIEWS,
  nextSort,
  readGroupUrl,
  readGroupView,
  writeGroupUrl,
  type GroupUrlState,
  type GroupView,
} from './group-url';
import { StateCounts } from './StateCounts';
import classes from './TaskGroup.module.css';
import { TaskGroupHeader } from './TaskGroupHeader';
import { TaskGroupTable } from './TaskGroupTable';
import { Selection } from '../../queries/bulk/selection';
import { SelectionBar } from './SelectionBar';
import { BulkResults } from './BulkResults';
import { TaskQueueFilter } from './TaskQueueFilter';
import { RevisitState } from './RevisitState';
import { RevisitChangesNotice } from './RevisitChangesNotice';

// Only a load that failed for good shows it.
const QueryError = lazy(() =>
  import('../../components/QueryError').then((m) => ({ default: m.QueryError })),
);

// The insight tabs load their code when first opened: the task list does not pay for them.
const TimelineTab = lazy(() =>
  import('./insight/TimelineTab').then((m) => ({ default: m.TimelineTab })),
);
const TimingsTab = lazy(() =>
  import('./insight/TimingsTab').then((m) => ({ default: m.TimingsTab })),
);
const FailuresTab = lazy(() =>
  import('./failures/FailuresTab').then((m) => ({ default: m.FailuresTab })),
);

// The selection's actions (tooltips, dialogs, the job runner) load when the pointer or the
// keyboard enters the task list, before a first selection shows them.
const loadBulkActions = () => import('./BulkActions');
const BulkActions = lazy(() => loadBulkActions().then((m) => ({ default: m.BulkActions })));
const preloadBulkActions = () => void loadBulkActions();

/** Minimum spacing of the address bar's updates while filters change. */
const URL_WRITE_MS = 100;

const VIEW_LABELS: Record<GroupView, string> = {
  tasks: 'Tasks',
  timeline: 'Timeline',
  timings: 'Timings',
  failures: 'Failures',
};

export function TaskGroupPage() {
  const { taskGroupId = '' } = useParams();
  if (!isValidSlugId(taskGroupId)) {
    return (
      <Alert color="red" title="Not a valid task group ID" role="alert">
        <Text size="sm">
          “{taskGroupId}” is not a task group ID. IDs are 22-character slugids such as{' '}
          <code>ZtErGuitR2yAcL-lJG6_2A</code>.
        </Text>
      </Alert>
    );
  }
  return <TaskGroupView key={taskGroupId} taskGroupId={taskGroupId} />;
}

function TaskGroupView({ taskGroupId }: { taskGroupId: string }) {
  const queue = useQueue();
  const { rootUrl } = useQueueSession();
  const stream = useTaskGroupStream(taskGroupId);
  const group = useQuery(taskGroupQuery(queue, taskGroupId));
  // Filter, search and sort live in local state, mirrored into the URL with replaceState: a
  // keystroke or a click then re-renders this view only, not the router and the shell.
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const view = readGroupView(params);
  const [initial] = useState(() => readGroupUrl(params));
  const [states, setStates] = useState<ReadonlySet<TaskState>>(initial.states);
  const [sort, setSort] = useState(initial.sort);
  const [search, setSearch] = useState(initial.search);
  const [queueFilter, setQueueFilter] = useState(initial.queue);
  const [kindFilter, setKindFilter] = useState(initial.kind);
  const [selection] = useState(() => new Selection());
  // Cached rows of tasks that expired were taken out: row indices moved under the selection.
  useEffect(() => {
    if (stream.generation > 0) selection.clear();
  }, [stream.generation, selection]);
  // A link from another tab (a number in Timings) navigates within this page: take its filters.
  // Local edits only replaceState, so `params` changes on real navigations alone.
  const [seenParams, setSeenParams] = useState(params);
  if (seenParams !== params) {
    setSeenParams(params);
    const next = readGroupUrl(params);
    setStates(next.states);
    setSort(next.sort);
    setSearch(next.search);
    setQueueFilter(next.queue);
    setKindFilter(next.kind);
  }
  const selectView = useCallback(
    (next: string | null) => {
      if (!next || !(GROUP_VIEWS as readonly string[]).includes(next)) return;
      const query = new URLSearchParams(window.location.search);
      if (next === 'tasks') query.delete('view');
      else query.set('view', next);
      const q = query.toString();
      void navigate(`${window.location.pathname}${q ? `?${q}` : ''}`);
    },
    [navigate],
  );
  // A failure cluster's "Select these tasks": they become the selection, shown on the Tasks tab.
  const selectTasks = useCallback(
    (taskIds: string[]) => {
      selection.selectOnly(stream.rows, taskIds);
      selectView('tasks');
    },
    [selection, stream.rows, selectView],
  );
  const now = useNow(5_000);
  const urlState = useMemo(
    () => ({ states, search, sort, queue: queueFilter, kind: kindFilter }),
    [states, search, sort, queueFilter, kindFilter],
  );

  // At most one replaceState per URL_WRITE_MS (Chromium ignores a flood of them), but the first
  // change after a quiet spell is written at once: a trailing-only write left the address a
  // change behind whenever a reload came within the delay, and the reload brought back a
  // filter the user had cleared.
  const lastUrlWrite = useRef(-Infinity);
  useEffect(() => {
    const write = () => {
      lastUrlWrite.current = performance.now();
      const next = writeGroupUrl(new URLSearchParams(window.location.search), {
        states: new Set(states),
        search,
        sort,
        queue: queueFilter,
        kind: kindFilter,
      } satisfies GroupUrlState);
      const query = next.toString();
      const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
      if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
        window.history.replaceState(window.history.state, '', url);
      }
    };
    const wait = lastUrlWrite.current + URL_WRITE_MS - performance.now();
    if (wait <= 0) {
      write();
      return;
    }
    const timer = setTimeout(write, wait);
    return () => clearTimeout(timer);
  }, [states, search, sort, queueFilter, kindFilter]);

  // Sorting is the expensive part: it reruns only when the data or the sort changes, so a
  // keystroke or a state click only filters (one pass over the rows). A page of new rows or a
  // live refresh is merged into the last order (sorted-order.ts), not sorted again from scratch.
  const sortKey = urlState.sort ? `${urlState.sort.key}:${urlState.sort.dir}` : '';
  const [keepSorted] = useState(createSortedOrder);
  const order = useMemo(
    () => keepSorted(stream.rows, urlState.sort, now),
    // `now` matters only for the duration of running tasks; re-sorting every tick would make rows jump.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [keepSorted, stream.rows, stream.version, sortKey],
  );
  const [filterRows] = useState(createRowFilter);
  const shown = useMemo(
    () =>
      filterRows(
        stream.rows,
        order,
        { states: urlState.states, search, queue: queueFilter, kind: kindFilter },
        stream.searchIndex,
      ),
    [
      filterRows,
      stream.rows,
      order,
      urlState.states,
      search,
      queueFilter,
      kindFilter,
      stream.searchIndex,
    ],
  );

  const toggleState = useCallback((state: TaskState) => {
    setStates((current) => {
      const next = new Set(current);
      if (next.has(state)) next.delete(state);
      else next.add(state);
      return next;
    });
  }, []);
  const onSort = useCallback((key: SortKey) => setSort((current) => nextSort(current, key)), []);

  const [locateDecision] = useState(() => createRowLocator(taskGroupId));
  const decision = useMemo(
    () => locateDecision(stream.rows),
    // `rows` grows in place: the version says when it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [locateDecision, stream.rows, stream.version],
  );
  const done = stream.done;
  useEffect(() => {
    if (!done || !stream.rows.length) return;
    rememberRecent(rootUrl, {
      kind: 'group',
      id: taskGroupId,
      name: decision?.name,
      counts: stream.counts,
      total: stream.rows.length,
    });
    // Remember once per completed load, not on every live update.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [done, rootUrl, taskGroupId]);

  // Parts that do not change with the filters, memoized as elements: a keystroke or a state
  // click re-renders the list and the search box, not these (Mantine components cost more than
  // the filtering).
  const tabList = useMemo(
    () => (
      // The insight worker starts as the user reaches for its views (opening one starts it too).
      <Tabs.List onPointerEnter={startInsight} onFocus={startInsight}>
        {GROUP_VIEWS.map((v) => (
          <Tabs.Tab key={v} value={v}>
            {VIEW_LABELS[v]}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    ),
    [],
  );
  const loadState = useMemo(
    () => (
      <Group
        gap="xs"
        aria-live="polite"
        data-testid="load-state"
        data-loaded={stream.loaded}
        data-done={done || undefined}
        data-cache={stream.cache}
        data-stored={stream.stored}
      >
        {stream.cached ? (
          <RevisitState stream={stream} now={now} />
        ) : !done && !stream.fatal ? (
          <>
            <Loader size="xs" />
            <Text size="sm" data-testid="load-progress">
              Loaded {stream.loaded.toLocaleString()} tasks…
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed" data-testid="load-progress">
            {stream.loaded.toLocaleString()} tasks{stream.refreshing ? ' · refreshing' : ''}
          </Text>
        )}
      </Group>
    ),
    [stream, done, now],
  );
  const progress = useMemo(
    () => (!done && !stream.fatal ? <div className={classes.loadingBar} aria-hidden /> : null),
    [done, stream.fatal],
  );
  const searchBox = useMemo(
    () => (
      <TextInput
        placeholder="Filter by name"
        aria-label="Filter tasks by name"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        style={{ flex: 1, maxWidth: 480 }}
        rightSection={
          search ? (
            <CloseButton aria-label="Clear name filter" onClick={() => setSearch('')} />
          ) : null
        }
      />
    ),
    [search],
  );
  const revisitNotice = useMemo(() => <RevisitChangesNotice stream={stream} />, [stream]);
  const bulkResults = useMemo(() => <BulkResults taskGroupId={taskGroupId} />, [taskGroupId]);
  const bulkActions = useMemo(
    () => (
      <Suspense fallback={null}>
        <BulkActions
          taskGroupId={taskGroupId}
          selection={selection}
          rows={stream.rows}
          complete={done}
        />
      </Suspense>
    ),
    [taskGroupId, selection, stream.rows, done],
  );

  const notFound = stream.fatal && stream.error?.status === 404;
  const filtered =
    urlState.states.size > 0 || search.trim() !== '' || !!queueFilter || !!kindFilter;

  return (
    <div className={classes.page}>
      <TaskGroupHeader
        taskGroupId={taskGroupId}
        name={decision?.name}
        sealed={group.data?.sealed}
        expires={group.data?.expires}
        available={group.isSuccess}
        unresolved={stream.counts.unscheduled + stream.counts.pending + stream.counts.running}
      />

      {notFound ? (
        <Alert color="red" title="This task group does not exist" role="alert">
          <Text size="sm">
            No task group with ID {taskGroupId} exists on {rootUrl}. It may have expired, or it
            belongs to another deployment (check the root URL in Settings).
          </Text>
        </Alert>
      ) : stream.fatal && stream.error ? (
        <Stack gap={4} data-testid="group-load-failed">
          <Suspense fallback={null}>
            <QueryError
              error={new QueueError({ ...stream.error, method: 'listTaskGroup' })}
              what="task group"
              onRetry={stream.retry}
            />
          </Suspense>
          {(stream.error.status === 0 || stream.error.status >= 500) && (
            <Text size="xs" c="dimmed">
              Loading starts again by itself as soon as the Queue answers.
            </Text>
          )}
        </Stack>
      ) : null}
      {!stream.fatal && stream.error && (
        <Alert color="yellow" title="Live refresh failed; retrying" role="status">
          <Text size="sm">{stream.error.message}</Text>
        </Alert>
      )}
      {isQueueError(group.error) && group.error.status >= 500 && (
        <Text size="xs" c="dimmed">
          Group details are unavailable: {group.error.message}
        </Text>
      )}

      {/* Nothing loaded and nothing will: no empty table under the explanation. */}
      {!notFound && !(stream.fatal && stream.loaded === 0) && (
        <Tabs value={view} onChange={selectView} keepMounted={false} className={classes.tabs}>
          {tabList}
          {view !== 'tasks' && (
            <Tabs.Panel value={view} className={classes.panel}>
              <Suspense fallback={<Loader size="sm" aria-label="Loading view" />}>
                {view === 'timeline' ? (
                  <TimelineTab taskGroupId={taskGroupId} stream={stream} />
                ) : view === 'timings' ? (
                  <TimingsTab taskGroupId={taskGroupId} stream={stream} />
                ) : (
                  <FailuresTab
                    taskGroupId={taskGroupId}
                    stream={stream}
                    onSelectTasks={selectTasks}
                  />
                )}
              </Suspense>
            </Tabs.Panel>
          )}
          <Tabs.Panel
            value="tasks"
            className={classes.panel}
            onPointerEnter={preloadBulkActions}
            onFocus={preloadBulkActions}
          >
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Group gap="sm" align="center">
                <StateCounts
                  counts={stream.counts}
                  selected={urlState.states}
                  onToggle={toggleState}
                  final={done}
                />
                <TaskQueueFilter
                  rows={stream.rows}
                  version={stream.version}
                  value={queueFilter}
                  onChange={setQueueFilter}
                />
              </Group>
              {loadState}
            </Group>
            {progress}
            <Group gap="sm" wrap="nowrap">
              {searchBox}
              {kindFilter && (
                <Badge
                  variant="light"
                  rightSection={
                    <CloseButton
                      size="xs"
                      aria-label="Clear kind filter"
                      onClick={() => setKindFilter(undefined)}
                    />
                  }
                >
                  Kind: {kindFilter}
                </Badge>
              )}
              <Text size="sm" c="dimmed" data-testid="match-count">
                {filtered
                  ? `${shown.length.toLocaleString()} of ${stream.loaded.toLocaleString()} match`
                  : ''}
              </Text>
              {filtered && (
                <Button
                  variant="subtle"
                  size="xs"
                  onClick={() => {
                    setSearch('');
                    setStates(new Set());
                    setQueueFilter(undefined);
                    setKindFilter(undefined);
                  }}
                >
                  Clear filters
                </Button>
              )}
            </Group>
            {done && stream.loaded === 0 ? (
              <Text c="dimmed">This task group has no tasks.</Text>
            ) : filtered && shown.length === 0 && done ? (
              <Text c="dimmed">No task matches these filters.</Text>
            ) : null}
            {revisitNotice}
            {bulkResults}
            <SelectionBar selection={selection} view={shown}>
              {bulkActions}
            </SelectionBar>
            <TaskGroupTable
              selection={selection}
              filterKey={`${[...states].sort().join(',')}|${search}|${queueFilter ?? ''}|${kindFilter ?? ''}`}
              rows={stream.rows}
              version={stream.version}
              view={shown}
              sort={sort}
              now={now}
              onSort={onSort}
              marks={stream.changes?.marked}
            />
          </Tabs.Panel>
        </Tabs>
      )}
    </div>
  );
}
