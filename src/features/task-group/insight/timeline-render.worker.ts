/// <reference lib="webworker" />
/**
 * Draws the timeline on an OffscreenCanvas, off the main thread: the main thread only forwards
 * the viewport, so panning and zooming 50,000 bars costs it next to nothing per frame.
 * Segments are bucketed by style and sorted by row once per layout; a frame draws the rows in
 * view with one fillStyle per style.
 */
import type { LabelsMessage, LayoutMessage } from '../../../queries/insight/insight-protocol';
import type { TimelineLayout } from '../../../queries/insight/timeline-layout';
import { OUTCOMES } from '../../../queries/insight/timeline-layout';
import { stateOf } from '../../../queries/insight/insight-data';
import { unpackString } from '../../../queries/insight/packed-strings';
import type { FromRender, HoverInfo, ToRender, VisibleRow } from './timeline-render-protocol';
import { AXIS_PX } from './timeline-render-protocol';
import { DenseRaster, lowerBound } from './timeline-dense';
import { fitAll, tickStep, type Viewport } from './timeline-view';

declare const self: DedicatedWorkerGlobalScope;

const RUN_COLORS: Record<string, string> = {
  completed: '#2f9e44',
  failed: '#e03131',
  exception: '#f08c00',
  running: '#1c7ed6',
  pending: '#fab005',
};

let ctx: OffscreenCanvasRenderingContext2D | undefined;
let canvas: OffscreenCanvas | undefined;
let width = 0;
let height = 0;
let dpr = 1;
let dark = false;
let layout: TimelineLayout | undefined;
let criticalRows: number[] = [];
let layoutVersion = 0;
/** Segment indices per style, sorted by row. */
let byStyle: Int32Array[] = [];
/** For each row, its first segment (segments are laid out task by task, so rows are not sorted). */
let rowSegStart = new Int32Array(0);
let rowSegs = new Int32Array(0);
let view: Viewport | undefined;
let dirty = false;
let visibleTimer: ReturnType<typeof setTimeout> | undefined;

const post = (msg: FromRender) => self.postMessage(msg);

function index(l: TimelineLayout) {
  const styles = OUTCOMES.length * 2;
  const segs = l.segRow.length;
  const rows = l.rowTask.length;
  // Segments by row with a counting sort (rows are small integers): linear, no comparator.
  rowSegStart = new Int32Array(rows + 1);
  for (let k = 0; k < segs; k++) rowSegStart[l.segRow[k]! + 1]!++;
  for (let r = 0; r < rows; r++) rowSegStart[r + 1]! += rowSegStart[r]!;
  const fillRow = rowSegStart.slice(0, rows);
  const order = new Int32Array(segs);
  for (let k = 0; k < segs; k++) order[fillRow[l.segRow[k]!]!++] = k;
  rowSegs = order;
  // Then per style, keeping the row order.
  const counts = new Int32Array(styles);
  for (let k = 0; k < segs; k++) counts[l.segStyle[k]!]!++;
  const lists = Array.from({ length: styles }, (_, s) => new Int32Array(counts[s]!));
  const fill = new Int32Array(styles);
  for (let p = 0; p < segs; p++) {
    const k = order[p]!;
    const style = l.segStyle[k]!;
    lists[style]![fill[style]!++] = k;
  }
  byStyle = lists;
}

function schedule() {
  if (dirty) return;
  dirty = true;
  requestAnimationFrame(draw);
}

function draw() {
  dirty = false;
  if (!ctx || !canvas || !view) return;
  const t = performance.now();
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const plotH = height - AXIS_PX;
  const { t0, t1, r0, r1 } = view;
  const xScale = width / (t1 - t0);
  const rowH = plotH / (r1 - r0);
  const x = (time: number) => (time - t0) * xScale;
  const y = (row: number) => AXIS_PX + (row - r0) * rowH;
  const text = dark ? '#c9c9c9' : '#495057';
  const grid = dark ? 'rgba(255,255,255,0.08)' : 'rgba(0,0,0,0.07)';

  // Time axis: offsets from the group's first scheduling.
  const origin = layout?.t0 ?? t0;
  const step = tickStep(t1 - t0, width);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = text;
  for (let tick = origin + Math.ceil((t0 - origin) / step) * step; tick <= t1; tick += step) {
    const px = Math.round(x(tick)) + 0.5;
    ctx.fillStyle = grid;
    ctx.fillRect(px, AXIS_PX, 1, plotH);
    ctx.fillStyle = text;
    ctx.fillText(offsetLabel(tick - origin), px + 3, AXIS_PX / 2);
  }
  let drawn = 0;
  if (layout) {
    const first = Math.max(0, Math.floor(r0));
    const last = Math.min(layout.rowTask.length - 1, Math.ceil(r1));
    // Queue headings: a band behind each group.
    layout.groups.forEach((g, k) => {
      if (g.firstRow + g.rows < first || g.firstRow > last) return;
      const top = y(g.firstRow);
      if (k % 2) {
        ctx!.fillStyle = dark ? 'rgba(255,255,255,0.03)' : 'rgba(0,0,0,0.025)';
        ctx!.fillRect(0, Math.max(AXIS_PX, top), width, g.rows * rowH);
      }
      ctx!.fillStyle = grid;
      ctx!.fillRect(0, Math.max(AXIS_PX, top), width, 1);
    });
    const barH = rowH >= 4 ? Math.max(1, rowH * 0.72) : Math.max(1, rowH);
    const inset = rowH >= 4 ? (rowH - barH) / 2 : 0;
    if (rowH * dpr < 1) {
      drawn = drawDense(ctx, first, last);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    } else {
      for (let style = 0; style < byStyle.length; style++) {
        const list = byStyle[style]!;
        if (!list.length) continue;
        ctx.fillStyle = RUN_COLORS[OUTCOMES[style >> 1]!]!;
        ctx.globalAlpha = alphaOf(style);
        const from = lowerBound(list, layout.segRow, first);
        for (let p = from; p < list.length; p++) {
          const k = list[p]!;
          const row = layout.segRow[k]!;
          if (row > last) break;
          const a = layout.segStart[k]!;
          const b = layout.segEnd[k]!;
          if (b < t0 || a > t1) continue;
          const xa = x(a);
          ctx.fillRect(xa, y(row) + inset, Math.max(1, x(b) - xa), barH);
          drawn++;
        }
      }
    }
    ctx.globalAlpha = 1;
    // The critical path: outlined bars joined step to step.
    if (criticalRows.length) {
      ctx.strokeStyle = dark ? '#ffd43b' : '#5f3dc4';
      ctx.lineWidth = 2;
      ctx.beginPath();
      let prev: [number, number] | undefined;
      for (const row of criticalRows) {
        let a = Infinity;
        let b = -Infinity;
        for (let p = rowSegStart[row]!; p < rowSegStart[row + 1]!; p++) {
          const k = rowSegs[p]!;
          a = Math.min(a, layout.segStart[k]!);
          b = Math.max(b, layout.segEnd[k]!);
        }
        if (!Number.isFinite(a)) continue;
        const top = y(row) + inset;
        const mid = top + barH / 2;
        ctx.rect(x(a), top - 1, Math.max(2, x(b) - x(a)), barH + 2);
        if (prev) {
          ctx.moveTo(prev[0], prev[1]);
          ctx.lineTo(x(a), mid);
        }
        prev = [x(b), mid];
      }
      ctx.stroke();
    }
  }
  post({ type: 'painted', segments: drawn, ms: performance.now() - t, layoutVersion });
  clearTimeout(visibleTimer);
  visibleTimer = setTimeout(sendVisible, 120);
}

const alphaOf = (style: number) => (style & 1 ? 1 : dark ? 0.35 : 0.3);

const dense = new DenseRaster();

/**
 * More rows than device pixels: tens of bars share each pixel row, and drawing them one by one
 * paints every pixel many times over (100,000 fillRects per frame, fully zoomed out). The dense
 * raster merges them into whole-pixel runs per style and pixel row: the same picture, a few
 * thousand rectangles. Returns the number of segments in view.
 */
function drawDense(c: OffscreenCanvasRenderingContext2D, first: number, last: number): number {
  const top = Math.round(AXIS_PX * dpr);
  c.setTransform(1, 0, 0, 1, 0, 0);
  const drawn = dense.runs(
    layout!,
    byStyle,
    view!,
    first,
    last,
    Math.max(1, Math.round(width * dpr)),
    Math.max(1, Math.round(height * dpr) - top),
    (style) => {
      c.fillStyle = RUN_COLORS[OUTCOMES[style >> 1]!]!;
      c.globalAlpha = alphaOf(style);
    },
    (x, y, w) => c.fillRect(x, top + y, w, 1),
  );
  c.globalAlpha = 1;
  return drawn;
}

function offsetLabel(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h) return m ? `${h}h${String(m).padStart(2, '0')}` : `${h}h`;
  if (m) return sec ? `${m}m${String(sec).padStart(2, '0')}` : `${m}m`;
  return `${sec}s`;
}

/** The rows in view (at most 100), for the accessible list beside the canvas. */
function sendVisible() {
  if (!layout || !view) return;
  const first = Math.max(0, Math.floor(view.r0));
  const last = Math.min(layout.rowTask.length, Math.ceil(view.r1), first + 100);
  const rows: VisibleRow[] = [];
  for (let r = first; r < last; r++)
    rows.push({
      row: r,
      taskId: unpackString(layout.rowTaskIds, r),
      name: unpackString(layout.rowNames, r),
      state: stateOf(layout.rowState[r]!),
      critical: layout.rowCritical[r] === 1,
    });
  post({ type: 'visible', first, total: layout.rowTask.length, rows });
}

function hit(px: number, py: number): HoverInfo | undefined {
  if (!layout || !view || py < AXIS_PX) return undefined;
  const plotH = height - AXIS_PX;
  const row = Math.floor(view.r0 + ((py - AXIS_PX) / plotH) * (view.r1 - view.r0));
  if (row < 0 || row >= layout.rowTask.length) return undefined;
  const time = view.t0 + (px / width) * (view.t1 - view.t0);
  const slack = (3 / width) * (view.t1 - view.t0);
  let best = -1;
  let bestDist = Infinity;
  for (let p = rowSegStart[row]!; p < rowSegStart[row + 1]!; p++) {
    const k = rowSegs[p]!;
    const a = layout.segStart[k]!;
    const b = layout.segEnd[k]!;
    const dist = time < a ? a - time : time > b ? time - b : 0;
    if (dist < bestDist) {
      bestDist = dist;
      best = k;
    }
  }
  if (best < 0 || bestDist > slack) return undefined;
  const style = layout.segStyle[best]!;
  return {
    row,
    taskId: unpackString(layout.rowTaskIds, row),
    name: unpackString(layout.rowNames, row),
    state: stateOf(layout.rowState[row]!),
    runId: layout.segRun[best]!,
    phase: style & 1 ? 'running' : 'waiting',
    outcome: OUTCOMES[style >> 1]!,
    start: layout.segStart[best]!,
    end: layout.segEnd[best]!,
    worker: layout.workers[layout.segWorker[best]!] ?? '',
  };
}

function resize(w: number, h: number, ratio: number) {
  width = w;
  height = h;
  dpr = ratio;
  if (canvas) {
    canvas.width = Math.max(1, Math.round(w * ratio));
    canvas.height = Math.max(1, Math.round(h * ratio));
  }
  schedule();
}

let layoutPort: MessagePort | undefined;

function listen(port: MessagePort) {
  layoutPort?.close();
  layoutPort = port;
  port.onmessage = (e: MessageEvent<LayoutMessage | LabelsMessage>) => {
    if (e.data.type === 'labels') {
      // The labels of the layout just received (one port, in order).
      if (layout)
        Object.assign(layout, { rowNames: e.data.rowNames, rowTaskIds: e.data.rowTaskIds });
      clearTimeout(visibleTimer);
      visibleTimer = setTimeout(sendVisible, 0);
      return;
    }
    layout = e.data.layout;
    criticalRows = e.data.criticalRows.filter((r) => r >= 0);
    layoutVersion++;
    index(layout);
    // The first layout is drawn whole at once, without a round trip through the main thread
    // (busy mounting the tab then); the main thread takes over the viewport from its reply.
    view ??= fitAll({ t0: layout.t0, t1: layout.t1, rows: layout.rowTask.length });
    post({
      type: 'layout',
      rows: layout.rowTask.length,
      t0: layout.t0,
      t1: layout.t1,
      layoutVersion,
    });
    schedule();
  };
}

self.onmessage = (event: MessageEvent<ToRender>) => {
  const msg = event.data;
  if (msg.type === 'init') {
    canvas = msg.canvas;
    ctx = canvas.getContext('2d', { alpha: true }) ?? undefined;
    dark = msg.dark;
    resize(msg.width, msg.height, msg.dpr);
    listen(msg.layoutPort);
  } else if (msg.type === 'layoutPort') listen(msg.port);
  else if (msg.type === 'size') resize(msg.width, msg.height, msg.dpr);
  else if (msg.type === 'theme') {
    dark = msg.dark;
    schedule();
  } else if (msg.type === 'view') {
    view = msg.view;
    schedule();
  } else if (msg.type === 'hover') post({ type: 'hover', id: msg.id, info: hit(msg.x, msg.y) });
};
