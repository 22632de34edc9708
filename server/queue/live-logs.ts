/**
 * Growing logs of running tasks, served the way a worker's livelog endpoint serves them: a
 * request gets what is there and then every new chunk until the log is closed.
 */
import type { Hono } from 'hono';
import { CORS_HEADERS } from '../common/http';

export interface LiveLog {
  chunks: Buffer[];
  size: number;
  done: boolean;
  listeners: Set<(chunk: Buffer | null) => void>;
}

export class LiveLogs {
  private logs = new Map<string, LiveLog>();

  private key(taskId: string, runId: number) {
    return `${taskId}/${runId}`;
  }

  open(taskId: string, runId: number): LiveLog {
    const log: LiveLog = { chunks: [], size: 0, done: false, listeners: new Set() };
    this.logs.set(this.key(taskId, runId), log);
    return log;
  }

  get(taskId: string, runId: number): LiveLog | undefined {
    return this.logs.get(this.key(taskId, runId));
  }

  append(taskId: string, runId: number, text: string) {
    const log = this.get(taskId, runId);
    if (!log || log.done) return;
    const chunk = Buffer.from(text, 'utf8');
    log.chunks.push(chunk);
    log.size += chunk.length;
    for (const l of log.listeners) l(chunk);
  }

  /** Ends the stream for every reader; the content stays readable until `drop`. */
  close(taskId: string, runId: number) {
    const log = this.get(taskId, runId);
    if (!log || log.done) return;
    log.done = true;
    for (const l of log.listeners) l(null);
    log.listeners.clear();
  }

  drop(taskId: string, runId: number) {
    this.logs.delete(this.key(taskId, runId));
  }

  content(taskId: string, runId: number): Buffer | undefined {
    const log = this.get(taskId, runId);
    return log ? Buffer.concat(log.chunks) : undefined;
  }

  /**
   * A stream of the log from its start, following it until it closes. Chunks go out one per
   * pull, as fast as the reader takes them, so a big log is not queued whole for a slow one.
   */
  stream(taskId: string, runId: number): ReadableStream<Uint8Array> | undefined {
    const log = this.get(taskId, runId);
    if (!log) return undefined;
    let next = 0;
    let cancelled = false;
    let wake: (() => void) | undefined;
    const listener = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    log.listeners.add(listener);
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        while (next >= log.chunks.length && !log.done && !cancelled)
          await new Promise<void>((resolve) => (wake = resolve));
        if (cancelled) return;
        if (next < log.chunks.length) return controller.enqueue(log.chunks[next++]!);
        log.listeners.delete(listener);
        controller.close();
      },
      cancel() {
        cancelled = true;
        log.listeners.delete(listener);
        listener();
      },
    });
  }
}

/** Adds `/__livelog/:taskId/:runId` (the URL of `live.log` reference artifacts) to `app`. */
export function liveLogRoutes(app: Hono, liveLogs: LiveLogs): void {
  app.get('/__livelog/:taskId/:runId', (c) => {
    const stream = liveLogs.stream(c.req.param('taskId'), Number(c.req.param('runId')));
    if (!stream)
      return c.text(
        'This live log is no longer available; open the backing log.',
        404,
        CORS_HEADERS,
      );
    return c.body(stream, 200, {
      ...CORS_HEADERS,
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
  });
}
