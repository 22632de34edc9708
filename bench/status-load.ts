/**
 * The `status` load of `npm run bench:service`: `concurrency` keep-alive connections, each asking
 * for one task's status at a time, every request Hawk-signed afresh and for the next of the
 * given taskIds in turn, and every answer checked.
 *
 * The generator shares the machine's two cores with the service, so what it spends per request
 * is taken from the service: with Node's http client and the `hawk` package's signer it cost
 * about as much CPU per request as the service itself (URL parsing twice, an Agent, a
 * ClientRequest and IncomingMessage, stream events). So it speaks HTTP/1.1 on raw sockets and
 * signs with node:crypto, following the Hawk spec exactly as the `hawk` package does
 * (`hawk.1.header` normalized string, HMAC-SHA256, base64). It stays an honest client:
 * - every request carries its own signature, with the current timestamp and a nonce used once
 *   (a per-connection random prefix and a counter), which the service verifies with `hawk`;
 * - no two requests in a row ask for the same task, and no answer is reused;
 * - a request counts only if it answers 200 with a Content-Length body that parses as JSON and
 *   holds that task's status. Anything else (another status, chunked encoding, a closed
 *   connection) is an error, and the connection is opened again.
 */
import { execFileSync } from 'node:child_process';
import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { Credentials } from '../src/api/hawk';
import { percentile } from './service-checks';

export interface StatusLoad {
  concurrency: number;
  requests: number;
  errors: number;
  /** The first few errors, to say what went wrong. */
  errorSamples: string[];
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of this process (the load generator) per request, user + system. */
  clientCpuMsPerRequest: number;
}

/** Hawk's `Authorization` header for a GET of `resource` (no payload hash, no ext). */
export function hawkGetHeader(
  id: string,
  key: KeyObject,
  resource: string,
  host: string,
  port: number,
  ts: number,
  nonce: string,
): string {
  // hawk/lib/crypto.js generateNormalizedString('header', …): ts, nonce, method, resource,
  // host, port, hash and ext, each followed by a newline.
  const normalized = `hawk.1.header\n${ts}\n${nonce}\nGET\n${resource}\n${host.toLowerCase()}\n${port}\n\n\n`;
  const mac = createHmac('sha256', key).update(normalized).digest('base64');
  return `Hawk id="${id}", ts="${ts}", nonce="${nonce}", mac="${mac}"`;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** One parsed HTTP/1.1 response. */
interface Answer {
  status: number;
  body: string;
}

/**
 * A keep-alive HTTP/1.1 connection that sends one request at a time and reads its answer, which
 * must have a Content-Length (the service sends one on every API answer).
 */
class Connection {
  private socket: Socket;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting?: { resolve: (a: Answer) => void; reject: (e: Error) => void };
  private closed?: Error;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
      this.parse();
    });
    const fail = (error: Error) => {
      this.closed ??= error;
      const w = this.waiting;
      this.waiting = undefined;
      w?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static open(host: string, port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new Connection(socket));
      });
      socket.once('error', reject);
    });
  }

  request(head: string): Promise<Answer> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(head, 'latin1');
    });
  }

  private parse() {
    const end = this.buffered.indexOf(HEADER_END);
    if (end < 0 || !this.waiting) return;
    const head = this.buffered.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      const w = this.waiting;
      this.waiting = undefined;
      this.socket.destroy();
      w.reject(new Error(`HTTP ${status} without a Content-Length`));
      return;
    }
    const bodyStart = end + 4;
    const bodyEnd = bodyStart + Number(length[1]);
    if (this.buffered.length < bodyEnd) return;
    const body = this.buffered.toString('utf8', bodyStart, bodyEnd);
    this.buffered = this.buffered.subarray(bodyEnd);
    const w = this.waiting;
    this.waiting = undefined;
    w.resolve({ status, body });
  }

  close() {
    this.socket.destroy();
  }
}

export async function statusLoad(
  rootUrl: string,
  credentials: Credentials,
  taskIds: readonly string[],
  concurrency: number,
  seconds: number,
): Promise<StatusLoad> {
  const url = new URL(rootUrl);
  const host = url.hostname;
  const port = Number(url.port || 80);
  const hostHeader = url.host;
  const key = createSecretKey(Buffer.from(credentials.accessToken, 'utf8'));
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let cursor = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const end = started + seconds * 1000;

  const lane = async () => {
    // Unique per connection and request: a random prefix and a counter.
    const noncePrefix = randomBytes(6).toString('base64url');
    let sent = 0;
    let conn: Connection | undefined;
    while (performance.now() < end) {
      const taskId = taskIds[cursor++ % taskIds.length]!;
      const resource = `/api/queue/v1/task/${taskId}/status`;
      const nonce = `${noncePrefix}${(sent++).toString(36)}`;
      const ts = Math.floor(Date.now() / 1000);
      const authorization = hawkGetHeader(
        credentials.clientId,
        key,
        resource,
        host,
        port,
        ts,
        nonce,
      );
      const t0 = performance.now();
      try {
        conn ??= await Connection.open(host, port);
        const { status, body } = await conn.request(
          `GET ${resource} HTTP/1.1\r\nHost: ${hostHeader}\r\nAuthorization: ${authorization}\r\n\r\n`,
        );
        if (status !== 200) throw new Error(`status ${taskId}: HTTP ${status}`);
        const parsed = JSON.parse(body) as { status?: { taskId?: string } };
        if (parsed.status?.taskId !== taskId)
          throw new Error(`status ${taskId}: answered ${parsed.status?.taskId}`);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push((error as Error).message);
        conn?.close();
        conn = undefined;
      }
    }
    conn?.close();
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    requests: latencies.length,
    errors,
    errorSamples,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    clientCpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length),
  };
}

let clockTicks: number | undefined;

/** CPU time (user + system, ms) a process has used so far, from /proc; undefined elsewhere. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
    // Fields after the command name (which may hold spaces) start at field 3: utime is field
    // 14, stime 15.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return undefined;
  }
}
