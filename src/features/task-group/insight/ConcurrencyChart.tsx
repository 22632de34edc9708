import { Group, Select, Text, useComputedColorScheme } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Concurrency } from '../../../queries/insight/timeline-layout';
import { useInsight } from '../../../queries/insight/useInsight';
import classes from './Insight.module.css';

const ALL = '__all__';

function sum(list: Float64Array[]): Float64Array {
  const out = new Float64Array(list[0]?.length ?? 0);
  for (const s of list) for (let k = 0; k < s.length; k++) out[k]! += s[k]!;
  return out;
}

/**
 * Running and waiting tasks over time, per task queue (or all together), drawn by uPlot: one
 * canvas path per series however long the group ran.
 */
export function ConcurrencyChart({ insightKey }: { insightKey: string }) {
  const { result } = useInsight<'concurrency'>({ what: 'concurrency', key: insightKey });
  const c: Concurrency | undefined = result?.concurrency;
  const [queue, setQueue] = useState(ALL);
  const dark = useComputedColorScheme('light') === 'dark';
  const boxRef = useRef<HTMLDivElement>(null);

  const data = useMemo(() => {
    if (!c || !c.times.length) return undefined;
    const q = queue === ALL ? -1 : c.queues.indexOf(queue);
    const running = q < 0 ? sum(c.running) : c.running[q];
    const waiting = q < 0 ? sum(c.waiting) : c.waiting[q];
    if (!running || !waiting) return undefined;
    return [Array.from(c.times, (t) => t / 1000), Array.from(running), Array.from(waiting)];
  }, [c, queue]);

  useEffect(() => {
    const box = boxRef.current;
    if (!box || !data) return;
    const axis = {
      stroke: dark ? '#c9c9c9' : '#495057',
      grid: { stroke: dark ? 'rgba(255,255,255,0.08)' : 'rgba(0,0,0,0.07)' },
      ticks: { stroke: dark ? 'rgba(255,255,255,0.15)' : 'rgba(0,0,0,0.15)' },
    };
    const plot = new uPlot(
      {
        width: Math.max(300, box.clientWidth),
        height: 200,
        scales: { x: { time: true } },
        axes: [axis, { ...axis, label: 'tasks' }],
        series: [
          {},
          { label: 'running', stroke: '#1c7ed6', fill: 'rgba(28,126,214,0.15)', width: 1.5 },
          { label: 'waiting', stroke: '#f08c00', fill: 'rgba(240,140,0,0.12)', width: 1.5 },
        ],
      },
      data as uPlot.AlignedData,
      box,
    );
    const observer = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(300, box.clientWidth), height: 200 }),
    );
    observer.observe(box);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [data, dark]);

  if (!c) return null;
  return (
    <section aria-label="Concurrency over time">
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          Concurrency over time
        </Text>
        <Select
          size="xs"
          aria-label="Task queue of the concurrency chart"
          value={queue}
          onChange={(v) => setQueue(v ?? ALL)}
          data={[
            { value: ALL, label: 'All task queues' },
            ...c.queues.map((q) => ({ value: q, label: q })),
          ]}
          allowDeselect={false}
          w={280}
        />
      </Group>
      {data ? (
        <div ref={boxRef} className={classes.chart} data-testid="concurrency-chart" />
      ) : (
        <Text size="sm" c="dimmed">
          No run has been scheduled yet.
        </Text>
      )}
    </section>
  );
}
