import type { FailureSummary } from '../triage/failure-summary';
import type { Comparison } from './compare';
import type { InsightBatch, StatusBatch } from './insight-data';
import type { Concurrency, TimelineLayout, TimelineOrder } from './timeline-layout';
import type { Timings } from './timings';

/** From the group loader to the insight worker, over a MessagePort per group. */
export type LoaderToInsight =
  | { type: 'tasks'; batch: InsightBatch }
  | { type: 'statuses'; batch: StatusBatch }
  /** The first walk through the group ended. */
  | { type: 'done' };

/** What a view subscribes to; results are pushed again as the group changes. */
export type InsightQuery =
  | { what: 'timeline'; key: string; order: TimelineOrder }
  | { what: 'timings'; key: string }
  | { what: 'concurrency'; key: string }
  | { what: 'compare'; key: string; other: string }
  | { what: 'failures'; key: string };

export interface PathStep {
  taskId: string;
  name: string;
  state: string;
  scheduled?: number;
  resolved?: number;
}

export interface TimelineSummary {
  rows: number;
  segments: number;
  t0: number;
  t1: number;
  groups: TimelineLayout['groups'];
  critical?: {
    steps: PathStep[];
    start: number;
    end: number;
    length: number;
    waiting: number;
    live: boolean;
  };
}

export type InsightResult =
  | { what: 'timeline'; summary: TimelineSummary }
  | { what: 'timings'; timings: Timings }
  | { what: 'concurrency'; concurrency: Concurrency }
  | { what: 'compare'; comparison: Comparison; sizes: [number, number] }
  | { what: 'failures'; summary: FailureSummary };

/** Main thread → insight worker. */
export type ToInsight =
  | { type: 'attach'; key: string; port: MessagePort }
  | { type: 'detach'; key: string }
  /** `port` receives the timeline layout, for the render worker. */
  | { type: 'subscribe'; id: number; query: InsightQuery; port?: MessagePort }
  | { type: 'unsubscribe'; id: number };

export interface GroupProgress {
  key: string;
  tasks: number;
  done: boolean;
}

/** Insight worker → main thread. */
export type FromInsight =
  | { type: 'result'; id: number; result: InsightResult; ms: number; tasks: number; done: boolean }
  | { type: 'error'; id: number; message: string };

/** Insight worker → render worker: a layout, then its labels. */
export interface LayoutMessage {
  type: 'layout';
  layout: TimelineLayout;
  /** Rows of the critical path's steps (-1 where not a row). */
  criticalRows: number[];
}
export interface LabelsMessage {
  type: 'labels';
  rowNames: TimelineLayout['rowNames'];
  rowTaskIds: TimelineLayout['rowTaskIds'];
}
