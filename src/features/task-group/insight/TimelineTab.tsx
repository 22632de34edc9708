import {
  ActionIcon,
  Alert,
  Anchor,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Text,
  useComputedColorScheme,
} from '@mantine/core';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatDuration, formatTime } from '../../../components/format';
import { paths } from '../../../components/paths';
import { insightKey, subscribeInsight } from '../../../queries/insight/insight-client';
import type { TimelineSummary } from '../../../queries/insight/insight-protocol';
import type { TimelineOrder } from '../../../queries/insight/timeline-layout';
import { useQueue } from '../../../queries/queue-session';
import type { GroupSnapshot } from '../../../queries/task-group/task-group-stream';
import classes from './Insight.module.css';
import type { FromRender, HoverInfo, ToRender, VisibleRow } from './timeline-render-protocol';
import { AXIS_PX } from './timeline-render-protocol';
import { clamp, fitAll, pan, zoom, type Extent, type Viewport } from './timeline-view';

const ConcurrencyChart = lazy(() =>
  import('./ConcurrencyChart').then((m) => ({ default: m.ConcurrencyChart })),
);

export interface TimelineTabProps {
  taskGroupId: string;
  stream: GroupSnapshot;
}

/** The group's timeline: every run on one axis, drawn by a worker; critical path; concurrency. */
export function TimelineTab({ taskGroupId }: TimelineTabProps) {
  const queue = useQueue();
  const key = insightKey(queue, taskGroupId);
  const [order, setOrder] = useState<TimelineOrder>('queue');
  const [summary, setSummary] = useState<TimelineSummary>();
  const [error, setError] = useState<string>();
  const [visible, setVisible] = useState<{ first: number; total: number; rows: VisibleRow[] }>();
  const navigate = useNavigate();
  const dark = useComputedColorScheme('light') === 'dark';
  const boxRef = useRef<HTMLDivElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);
  const renderRef = useRef<Worker | undefined>(undefined);
  const viewRef = useRef<Viewport | undefined>(undefined);
  const extentRef = useRef<Extent | undefined>(undefined);
  const touchedRef = useRef(false);
  const darkRef = useRef(dark);
  const orderRef = useRef(order);
  const unsubscribeRef = useRef<(() => void) | undefined>(undefined);

  // The render worker owns the canvas for the life of the view.
  useEffect(() => {
    const box = boxRef.current!;
    const canvas = document.createElement('canvas');
    canvas.className = classes.canvas!;
    canvas.setAttribute('aria-hidden', 'true');
    box.prepend(canvas);
    const worker = new Worker(new URL('./timeline-render.worker.ts', import.meta.url), {
      type: 'module',
    });
    renderRef.current = worker;
    const send = (msg: ToRender, transfer: Transferable[] = []) =>
      worker.postMessage(msg, transfer);
    let hoverId = 0;
    worker.onmessage = (e: MessageEvent<FromRender>) => {
      const msg = e.data;
      if (msg.type === 'layout') {
        const extent = { t0: msg.t0, t1: msg.t1, rows: msg.rows };
        extentRef.current = extent;
        const next =
          !viewRef.current || !touchedRef.current ? fitAll(extent) : clamp(viewRef.current, extent);
        viewRef.current = next;
        send({ type: 'view', view: next });
      } else if (msg.type === 'painted') {
        // For tests and the benchmark: what the last frame drew and what it cost the worker.
        box.dataset.paintMs = msg.ms.toFixed(2);
        box.dataset.paintedSegments = String(msg.segments);
        box.dataset.layoutVersion = String(msg.layoutVersion);
      } else if (msg.type === 'visible') {
        setVisible({ first: msg.first, total: msg.total, rows: msg.rows });
      } else if (msg.type === 'hover' && msg.id === hoverId) {
        showTip(msg.info);
      }
    };
    const showTip = (info: HoverInfo | undefined) => {
      const tip = tipRef.current!;
      if (!info) {
        tip.hidden = true;
        box.style.cursor = '';
        return;
      }
      box.style.cursor = 'pointer';
      tip.hidden = false;
      tip.replaceChildren();
      const line = (text: string, strong = false) => {
        const el = document.createElement(strong ? 'strong' : 'div');
        el.textContent = text;
        tip.append(el);
      };
      line(info.name, true);
      line(`Run ${info.runId} ${info.phase} · ${info.outcome}`);
      line(
        `${formatTime(info.start)} → ${formatTime(info.end)} (${formatDuration(info.end - info.start)})`,
      );
      if (info.worker) line(`Worker ${info.worker}`);
    };
    const offscreen = canvas.transferControlToOffscreen();
    const size = () => ({
      width: Math.max(100, box.clientWidth),
      height: Math.max(100, box.clientHeight),
      dpr: window.devicePixelRatio || 1,
    });
    const channel = new MessageChannel();
    send(
      {
        type: 'init',
        canvas: offscreen,
        layoutPort: channel.port1,
        ...size(),
        dark: darkRef.current,
      },
      [offscreen, channel.port1],
    );
    const observer = new ResizeObserver(() => send({ type: 'size', ...size() }));
    observer.observe(box);

    const apply = (next: Viewport | undefined) => {
      if (!next) return;
      touchedRef.current = true;
      viewRef.current = next;
      send({ type: 'view', view: next });
    };
    const fractions = (e: { clientX: number; clientY: number }) => {
      const r = box.getBoundingClientRect();
      return [
        (e.clientX - r.left) / r.width,
        Math.min(1, Math.max(0, (e.clientY - r.top - AXIS_PX) / (r.height - AXIS_PX))),
      ] as const;
    };
    const onWheel = (e: WheelEvent) => {
      const v = viewRef.current;
      const ext = extentRef.current;
      if (!v || !ext) return;
      e.preventDefault();
      const [fx, fy] = fractions(e);
      apply(zoom(v, ext, Math.exp(e.deltaY * 0.0015), fx, fy, e.shiftKey));
    };
    let drag: { x: number; y: number; moved: boolean } | undefined;
    const onDown = (e: PointerEvent) => {
      drag = { x: e.clientX, y: e.clientY, moved: false };
      box.setPointerCapture(e.pointerId);
    };
    let hoverFrame = 0;
    const onMove = (e: PointerEvent) => {
      const v = viewRef.current;
      const ext = extentRef.current;
      if (drag && v && ext) {
        const dx = e.clientX - drag.x;
        const dy = e.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
        if (drag.moved) {
          drag.x = e.clientX;
          drag.y = e.clientY;
          apply(pan(v, ext, -dx / box.clientWidth, -dy / (box.clientHeight - AXIS_PX)));
          return;
        }
      }
      const r = box.getBoundingClientRect();
      const x = e.clientX - r.left;
      const y = e.clientY - r.top;
      const tip = tipRef.current!;
      tip.style.transform = `translate(${Math.min(x + 12, r.width - 260)}px, ${y + 14}px)`;
      if (hoverFrame) return;
      hoverFrame = requestAnimationFrame(() => {
        hoverFrame = 0;
        send({ type: 'hover', x, y, id: ++hoverId });
      });
    };
    const onUp = (e: PointerEvent) => {
      const wasClick = drag && !drag.moved;
      drag = undefined;
      if (!wasClick) return;
      const r = box.getBoundingClientRect();
      const id = ++hoverId;
      const once = (ev: MessageEvent<FromRender>) => {
        if (ev.data.type !== 'hover' || ev.data.id !== id) return;
        worker.removeEventListener('message', once);
        if (ev.data.info) void navigate(paths.task(ev.data.info.taskId));
      };
      worker.addEventListener('message', once);
      send({ type: 'hover', x: e.clientX - r.left, y: e.clientY - r.top, id });
    };
    const onLeave = () => {
      hoverId++;
      showTip(undefined);
    };
    const onKey = (e: KeyboardEvent) => {
      const v = viewRef.current;
      const ext = extentRef.current;
      if (!v || !ext) return;
      const moves: Record<string, () => Viewport> = {
        '+': () => zoom(v, ext, 0.7),
        '=': () => zoom(v, ext, 0.7),
        '-': () => zoom(v, ext, 1 / 0.7),
        _: () => zoom(v, ext, 1 / 0.7),
        ArrowLeft: () => pan(v, ext, -0.1, 0),
        ArrowRight: () => pan(v, ext, 0.1, 0),
        ArrowUp: () => pan(v, ext, 0, -0.1),
        ArrowDown: () => pan(v, ext, 0, 0.1),
        '0': () => fitAll(ext),
        Home: () => fitAll(ext),
      };
      const move = moves[e.key];
      if (!move) return;
      e.preventDefault();
      apply(move());
    };
    box.addEventListener('wheel', onWheel, { passive: false });
    box.addEventListener('pointerdown', onDown);
    box.addEventListener('pointermove', onMove);
    box.addEventListener('pointerup', onUp);
    box.addEventListener('pointerleave', onLeave);
    box.addEventListener('keydown', onKey);
    // The layout comes from the insight worker straight to the render worker.
    const stop = subscribeInsight(
      { what: 'timeline', key, order: orderRef.current },
      (u) => {
        if (u.result.what === 'timeline') setSummary(u.result.summary);
      },
      setError,
      channel.port2,
    );
    unsubscribeRef.current = stop;
    return () => {
      unsubscribeRef.current?.();
      observer.disconnect();
      box.removeEventListener('wheel', onWheel);
      box.removeEventListener('pointerdown', onDown);
      box.removeEventListener('pointermove', onMove);
      box.removeEventListener('pointerup', onUp);
      box.removeEventListener('pointerleave', onLeave);
      box.removeEventListener('keydown', onKey);
      cancelAnimationFrame(hoverFrame);
      worker.terminate();
      canvas.remove();
      renderRef.current = undefined;
    };
    // One render worker per view and group; order changes re-subscribe below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(() => {
    if (orderRef.current === order) return;
    orderRef.current = order;
    const worker = renderRef.current;
    if (!worker) return;
    unsubscribeRef.current?.();
    const channel = new MessageChannel();
    worker.postMessage({ type: 'layoutPort', port: channel.port1 } satisfies ToRender, [
      channel.port1,
    ]);
    unsubscribeRef.current = subscribeInsight(
      { what: 'timeline', key, order },
      (u) => {
        if (u.result.what === 'timeline') setSummary(u.result.summary);
      },
      setError,
      channel.port2,
    );
  }, [order, key]);

  useEffect(() => {
    darkRef.current = dark;
    renderRef.current?.postMessage({ type: 'theme', dark } satisfies ToRender);
  }, [dark]);

  const zoomBy = (factor: number | 'fit') => {
    const v = viewRef.current;
    const ext = extentRef.current;
    if (!v || !ext) return;
    const next = factor === 'fit' ? fitAll(ext) : zoom(v, ext, factor);
    touchedRef.current = factor !== 'fit';
    viewRef.current = next;
    renderRef.current?.postMessage({ type: 'view', view: next } satisfies ToRender);
  };

  const critical = summary?.critical;
  return (
    <Stack gap="xs" className={classes.timeline}>
      {error && (
        <Alert color="red" title="The timeline could not be computed" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="space-between" wrap="wrap" gap="xs">
        <CriticalPathSummary critical={critical} loading={!summary} />
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            value={order}
            onChange={(v) => setOrder(v as TimelineOrder)}
            data={[
              { value: 'queue', label: 'Group by task queue' },
              { value: 'start', label: 'Sort by start' },
            ]}
            aria-label="Row order"
          />
          <ActionIcon variant="default" aria-label="Zoom in" onClick={() => zoomBy(0.6)}>
            +
          </ActionIcon>
          <ActionIcon variant="default" aria-label="Zoom out" onClick={() => zoomBy(1 / 0.6)}>
            −
          </ActionIcon>
          <ActionIcon variant="default" aria-label="Show everything" onClick={() => zoomBy('fit')}>
            ⤢
          </ActionIcon>
        </Group>
      </Group>
      <div
        ref={boxRef}
        className={classes.canvasBox}
        tabIndex={0}
        role="img"
        aria-roledescription="timeline"
        aria-label={`Timeline of ${summary?.rows ?? 0} tasks. Wheel or + and − zoom, drag or arrow keys pan, 0 shows everything. The tasks in view are listed below.`}
        data-testid="timeline-canvas"
        data-rows={summary?.rows}
        data-segments={summary?.segments}
      >
        <div ref={tipRef} className={classes.tip} hidden role="tooltip" />
        {!summary && (
          <Group className={classes.canvasLoading} gap="xs">
            <Loader size="xs" />
            <Text size="sm">Laying out the timeline…</Text>
          </Group>
        )}
      </div>
      <Legend />
      <VisibleRows visible={visible} />
      <Suspense fallback={<Loader size="xs" aria-label="Loading the chart" />}>
        <ConcurrencyChart insightKey={key} />
      </Suspense>
    </Stack>
  );
}

function CriticalPathSummary({
  critical,
  loading,
}: {
  critical: TimelineSummary['critical'];
  loading: boolean;
}) {
  if (loading) return <Text size="sm">Computing the critical path…</Text>;
  if (!critical) return <Text size="sm">No critical path: no task has run yet.</Text>;
  return (
    <Stack gap={2} data-testid="critical-path">
      <Text size="sm" fw={600}>
        Critical path: {critical.steps.length} {critical.steps.length === 1 ? 'task' : 'tasks'},{' '}
        {formatDuration(critical.length)}
        {critical.live ? ' so far' : ''}
        <Text span c="dimmed" fw={400} size="sm">
          {' '}
          · {formatDuration(critical.waiting)} waiting for workers
        </Text>
      </Text>
      <ol className={classes.pathSteps} aria-label="Critical path steps">
        {critical.steps.map((s) => (
          <li key={s.taskId}>
            <Anchor component={Link} to={paths.task(s.taskId)} size="xs">
              <bdi>{s.name}</bdi>
            </Anchor>
          </li>
        ))}
      </ol>
    </Stack>
  );
}

function Legend() {
  const items = useMemo(
    () => [
      ['completed', 'var(--mantine-color-green-8)'],
      ['failed', 'var(--mantine-color-red-8)'],
      ['exception', 'var(--mantine-color-orange-7)'],
      ['running', 'var(--mantine-color-blue-7)'],
      ['pending', 'var(--mantine-color-yellow-6)'],
    ],
    [],
  );
  return (
    <Group gap="md" className={classes.legend} aria-label="Legend">
      {items.map(([label, color]) => (
        <span key={label}>
          <span className={classes.swatch} style={{ background: color }} />
          {label}
        </span>
      ))}
      <span>
        <span className={`${classes.swatch} ${classes.swatchWait}`} />
        pale: waiting for a worker
      </span>
      <span>
        <span className={`${classes.swatch} ${classes.swatchPath}`} />
        critical path
      </span>
    </Group>
  );
}

function VisibleRows({
  visible,
}: {
  visible: { first: number; total: number; rows: VisibleRow[] } | undefined;
}) {
  if (!visible) return null;
  return (
    <details className={classes.visible}>
      <summary>
        Tasks in view: rows {visible.first + 1}–{visible.first + visible.rows.length} of{' '}
        {visible.total.toLocaleString()}
      </summary>
      <ul aria-label="Tasks in view" data-testid="timeline-visible-rows">
        {visible.rows.map((r) => (
          <li key={r.taskId}>
            <Link to={paths.task(r.taskId)}>
              <bdi>{r.name}</bdi>
            </Link>{' '}
            <Text span size="xs" c="dimmed">
              {r.state}
              {r.critical ? ' · on the critical path' : ''}
            </Text>
          </li>
        ))}
      </ul>
    </details>
  );
}
