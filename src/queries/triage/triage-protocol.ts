import type { Credentials } from '../../api';
import type { TriageTask } from './failure-summary';

export interface ClusterView {
  signature: string;
  rule: string;
  example: TriageTask & {
    line: string;
    log: string;
    /** 1-based line in the whole log; undefined until the log was streamed to count it. */
    lineNumber?: number;
  };
  members: TriageTask[];
}

export interface TriageProgress {
  done: number;
  total: number;
  clusters: ClusterView[];
  /** Failed tasks without an error line in their tail, without a log, or whose log failed to load. */
  unclassified: TriageTask[];
  /** Logs this identity may not read (403): signing in would show them. */
  forbidden: number;
  /** A few of the errors met, to show. */
  errors: string[];
  /** Tails are in; the examples' line numbers are being counted. */
  locating: boolean;
  finished: boolean;
  elapsedMs: number;
}

/** Main thread → triage worker. */
export type ToTriage =
  | {
      type: 'start';
      id: number;
      rootUrl: string;
      credentials?: Credentials;
      tasks: TriageTask[];
    }
  | { type: 'cancel'; id: number };

/** Triage worker → main thread. */
export type FromTriage =
  | { type: 'progress'; id: number; progress: TriageProgress }
  | { type: 'error'; id: number; message: string };
