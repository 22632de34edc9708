import type { Credentials, TaskStatus } from '../../api';

/** Messages to the loader worker. */
export type ToLoader =
  | {
      type: 'start';
      rootUrl: string;
      credentials?: Credentials;
      taskGroupId: string;
      pageSize: number;
      liveIntervalMs: number;
      /** Where raw tasks go for the insight views (see insight/insight-forward). */
      insight?: MessagePort;
    }
  | { type: 'visibility'; hidden: boolean }
  /** Statuses an action answered: rows change at once, with no wait for the next refresh. */
  | { type: 'statuses'; statuses: TaskStatus[] }
  /**
   * Encode the rows loaded so far for the revisit cache: encoding 50,000 rows happens here, off
   * the page's main thread, which writes the buffer (`encoded`). The page decided that they may
   * be stored.
   */
  | { type: 'store' }
  /** Walk the group again after a load that failed outright (rows already sent are updated). */
  | { type: 'restart' }
  | { type: 'stop' };

export interface LoaderError {
  status: number;
  code: string;
  message: string;
}

/** Messages from the loader worker. */
export type FromLoader =
  /**
   * One page of the initial walk. Rows travel encoded (cache/row-codec) in a transferred buffer:
   * the page's main thread decodes them faster than it would deserialize 1,000 cloned objects.
   */
  | { type: 'page'; rows: ArrayBuffer; done: boolean }
  /** Changed or new rows found by live refresh, encoded as for `page`. */
  | { type: 'update'; rows: ArrayBuffer }
  | { type: 'error'; error: LoaderError; fatal: boolean }
  | { type: 'live'; refreshing: boolean }
  /** The answer to `store`: every row loaded, encoded (cache/row-codec) in a transferred buffer. */
  | { type: 'encoded'; rows: ArrayBuffer }
  /** A failed request attempt (5xx or no answer), or the first answer after one. */
  | { type: 'attempt'; status: number; answered: boolean };
