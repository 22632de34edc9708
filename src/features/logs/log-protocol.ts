/** Messages between the log viewer and its worker (`log.worker.ts`). */

export type ToLogWorker =
  /** Fetch and index the log at `url` (an artifact's storage URL or a live log). */
  | { type: 'open'; url: string; live: boolean }
  /** Decode these lines (0-based) for display; answered with `lines` carrying the same `id`. */
  | { type: 'lines'; id: number; indices: number[] }
  /** Search the log, and keep extending the result as it grows; `''` stops searching. */
  | { type: 'search'; query: string };

export type FromLogWorker =
  | {
      type: 'progress';
      lines: number;
      bytes: number;
      done: boolean;
      /** Bytes the worker holds (blocks and offsets), for the memory figure. */
      memoryBytes: number;
    }
  | { type: 'error'; message: string; status?: number }
  /** The connection to the log dropped and is tried again, or works again. */
  | { type: 'connection'; state: 'reconnecting'; attempt: number; delayMs: number; reason: string }
  | { type: 'connection'; state: 'connected' }
  | { type: 'lines'; id: number; indices: number[]; texts: string[] }
  | {
      type: 'matches';
      query: string;
      /** Matches found so far. */
      count: number;
      /** Lines searched so far, of `lines` known. */
      searched: number;
      /** Every match so far (sorted line indices), sent when a pass completes. */
      matches?: Uint32Array;
      complete: boolean;
    };
