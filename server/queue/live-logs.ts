/**
 * Growing logs of running tasks, served the way a worker's livelog endpoint serves them: a
 * request gets what is there and then every new chunk until the log is closed.
 */
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

  /** A stream of the log from its start, following it until it closes. */
  stream(taskId: string, runId: number): ReadableStream<Uint8Array> | undefined {
    const log = this.get(taskId, runId);
    if (!log) return undefined;
    let listener: ((chunk: Buffer | null) => void) | undefined;
    return new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of log.chunks) controller.enqueue(c);
        if (log.done) return controller.close();
        listener = (chunk) => {
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        };
        log.listeners.add(listener);
      },
      cancel() {
        if (listener) log.listeners.delete(listener);
      },
    });
  }
}
