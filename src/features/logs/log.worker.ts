/// <reference lib="webworker" />
/**
 * The log worker: fetches a log, keeps its bytes in blocks with line offsets (`LineIndex`),
 * decodes the lines the viewer shows, and searches in slices so counts arrive as they are
 * found and a newer query or a scroll never waits behind an old search.
 */
import { LineIndex } from './line-index';
import { LogFetchError, readLog } from './log-fetch';
import { compileNeedle, MatchList, searchCandidates, searchRange } from './log-search';
import type { FromLogWorker, ToLogWorker } from './log-protocol';

declare const self: DedicatedWorkerGlobalScope;

/**
 * A search looks at the message queue every `SLICE_MS`, checking the clock every `STEP_LINES`
 * lines: a newer keystroke then waits a few ms for the worker, never a whole pass over
 * thousands of lines (a fixed 50,000-line slice took ~25 ms, and a keystroke waited for the
 * slice under way and then for its own first one).
 */
const SLICE_MS = 6;
const STEP_LINES = 2_000;
/** Counts found so far go out at most this often while a search runs (the first at once). */
const COUNT_MS = 50;
const PROGRESS_MS = 100;
const HEAD_LINES = 120;

const index = new LineIndex();
let done = false;
let lastProgress = 0;
let progressTimer: ReturnType<typeof setTimeout> | undefined;

const post = (msg: FromLogWorker, transfer: Transferable[] = []) => self.postMessage(msg, transfer);

function progress() {
  if (progressTimer) clearTimeout(progressTimer);
  progressTimer = undefined;
  lastProgress = performance.now();
  post({
    type: 'progress',
    lines: index.lineCount,
    bytes: index.byteLength,
    done,
    memoryBytes: index.memoryBytes + search.matches.view().byteLength,
  });
}

/** The first lines go out at once; later growth at most every `PROGRESS_MS`. */
function scheduleProgress() {
  if (lastProgress === 0 || done) return progress();
  progressTimer ??= setTimeout(
    progress,
    Math.max(0, lastProgress + PROGRESS_MS - performance.now()),
  );
}

interface SearchState {
  query: string;
  needle: Uint8Array;
  matches: MatchList;
  /** Matches of a shorter query this one extends: only they can match in `[0, searched)`. */
  candidates?: Uint32Array;
  candidatesDone: number;
  searched: number;
  lastFullSend: number;
  /** When a count last went out (0: none yet for this query). */
  lastCountSend: number;
}

let search: SearchState = {
  query: '',
  needle: new Uint8Array(),
  matches: new MatchList(),
  candidatesDone: 0,
  searched: 0,
  lastFullSend: 0,
  lastCountSend: 0,
};
let generation = 0;
let running = false;

function startSearch(query: string) {
  generation++;
  const old = search;
  const narrows =
    old.query !== '' && query.toLowerCase().startsWith(old.query.toLowerCase()) && !old.candidates;
  search = {
    query,
    needle: compileNeedle(query),
    matches: new MatchList(),
    candidates: narrows ? old.matches.toArray() : undefined,
    candidatesDone: 0,
    searched: narrows ? old.searched : 0,
    lastFullSend: 0,
    lastCountSend: 0,
  };
  void runSearch();
}

const yieldToMessages = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

function sendMatches(s: SearchState, full: boolean) {
  const complete = done && s.searched >= index.lineCount && !s.candidates;
  const matches = full ? s.matches.toArray() : undefined;
  s.lastCountSend = performance.now();
  if (full) s.lastFullSend = s.lastCountSend;
  post(
    {
      type: 'matches',
      query: s.query,
      count: s.matches.length,
      searched: s.searched,
      matches,
      complete,
    },
    matches ? [matches.buffer] : [],
  );
}

/** Searches what is not searched yet, a slice at a time, until caught up with the log. */
async function runSearch() {
  if (running) return;
  running = true;
  try {
    for (;;) {
      const s = search;
      const gen = generation;
      if (!s.query) return;
      if (!s.candidates && s.searched >= index.lineCount) {
        sendMatches(s, true);
        return;
      }
      const sliceEnd = performance.now() + SLICE_MS;
      do {
        if (s.candidates) {
          const end = Math.min(s.candidates.length, s.candidatesDone + STEP_LINES);
          searchCandidates(
            index,
            s.needle,
            s.candidates.subarray(s.candidatesDone, end),
            s.matches,
          );
          s.candidatesDone = end;
          if (end === s.candidates.length) s.candidates = undefined;
        } else {
          const end = Math.min(index.lineCount, s.searched + STEP_LINES);
          searchRange(index, s.needle, s.searched, end, s.matches);
          s.searched = end;
        }
      } while ((s.candidates || s.searched < index.lineCount) && performance.now() < sliceEnd);
      const caughtUp = !s.candidates && s.searched >= index.lineCount;
      if (caughtUp) {
        // Caught up with a growing log: the whole list, at most every 250 ms.
        if (done || performance.now() - s.lastFullSend > 250) sendMatches(s, true);
        else sendMatches(s, false);
        return;
      }
      if (!s.lastCountSend || performance.now() - s.lastCountSend >= COUNT_MS)
        sendMatches(s, false);
      await yieldToMessages();
      if (gen !== generation) continue;
    }
  } finally {
    running = false;
  }
}

/** The first screenful, unasked: the viewer paints it without a round trip. */
function sendHead() {
  const indices = Array.from({ length: Math.min(HEAD_LINES, index.lineCount) }, (_, i) => i);
  post({ type: 'lines', id: 0, indices, texts: indices.map((i) => index.line(i)) });
}

async function open(url: string, live: boolean) {
  let lastYield = performance.now();
  try {
    await readLog({
      url,
      live,
      onBytes: async (bytes) => {
        const first = index.lineCount === 0;
        if (index.append(bytes) > 0) {
          if (first) sendHead();
          scheduleProgress();
          if (search.query) void runSearch();
        }
        // Reads of data already buffered resolve as microtasks: without this, requests for
        // lines (and progress timers) would wait until the whole body is in.
        if (performance.now() - lastYield > 8) {
          await yieldToMessages();
          lastYield = performance.now();
        }
      },
      onReconnect: ({ attempt, delayMs, reason }) => {
        progress();
        post({ type: 'connection', state: 'reconnecting', attempt, delayMs, reason });
      },
      onResumed: () => post({ type: 'connection', state: 'connected' }),
    });
  } catch (err) {
    progress();
    const status = err instanceof LogFetchError ? err.status : undefined;
    return post({
      type: 'error',
      status,
      message:
        live && status === 404
          ? 'This live log is not being served: the worker that wrote it may be gone. The complete log appears as an artifact once the run is resolved.'
          : err instanceof Error
            ? err.message
            : String(err),
    });
  }
  index.finish();
  done = true;
  progress();
  if (search.query) void runSearch();
}

self.onmessage = (e: MessageEvent<ToLogWorker>) => {
  const msg = e.data;
  if (msg.type === 'open') void open(msg.url, msg.live);
  else if (msg.type === 'search') startSearch(msg.query);
  else if (msg.type === 'lines') {
    const indices = msg.indices.filter((i) => i >= 0 && i < index.lineCount);
    post({ type: 'lines', id: msg.id, indices, texts: indices.map((i) => index.line(i)) });
  }
};
