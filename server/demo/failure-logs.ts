/**
 * Logs of the demo's failed tasks. Each failure belongs to one of a few causes (a cluster), and
 * its log carries that cause's marker line near the end, as real harness logs do, with the
 * details that differ between runs (timestamps, pids, addresses, temporary paths, task IDs) so
 * that the Failures tab has something to normalize. Everything before the failure is clean
 * noise: the marker is the first error line of the log's tail.
 */
import { prng } from './content';

const ESC = '\u001b[';

export interface FailureCause {
  /** Short name, for tests and the demo's own bookkeeping. */
  id: string;
  /** The lines the failure prints; the first is the marker. `n` varies per task. */
  lines: (n: number, r: () => number) => string[];
}

const hex = (r: () => number, digits: number) =>
  Array.from({ length: digits }, () => Math.floor(r() * 16).toString(16)).join('');
const tmp = (r: () => number) => `/tmp/tmp${hex(r, 8)}`;

/** The demo's causes of failure, by the suite (or kind) they strike. */
export const FAILURE_CAUSES: Record<string, FailureCause> = {
  'mochitest-browser-chrome': {
    id: 'urlbar-autofill',
    lines: (n) => [
      `TEST-UNEXPECTED-FAIL | browser/components/urlbar/tests/browser/browser_autofill_paste.js | Autofill shows the pasted URL - Got "" , expected "example.com/${n}"`,
      `    Stack trace: chrome://mochitests/content/browser/browser/components/urlbar/tests/browser/head.js:${120 + n}`,
    ],
  },
  xpcshell: {
    id: 'python-keyerror',
    lines: (n, r) => [
      'Traceback (most recent call last):',
      `  File "${tmp(r)}/xpcshell/runxpcshelltests.py", line ${1400 + n}, in run_test`,
      '    self.env = self.buildEnvironment()',
      `KeyError: 'MOZ_PROFILER_STARTUP_FEATURES_${n}'`,
    ],
  },
  reftest: {
    id: 'content-crash',
    lines: (n, r) => [
      `PROCESS-CRASH | application crashed [@ mozilla::layers::CompositorBridgeChild::RecvDidComposite] | pid ${4000 + n * 17}`,
      `Crash address: 0x${hex(r, 12)}`,
    ],
  },
  'web-platform-tests': {
    id: 'wpt-timeout',
    lines: (n) => [
      `TEST-UNEXPECTED-TIMEOUT | /webdriver/tests/bidi/network/before_request_sent/before_request_sent_tentative.py | expected OK (took ${30000 + n * 113} ms)`,
    ],
  },
  crashtest: {
    id: 'segfault',
    lines: (n, r) => [
      `/builds/worker/workspace/build/tests/bin/run-crashtest.sh: line ${80 + (n % 3)}: ${3000 + n} Segmentation fault      (core dumped) ./firefox -marionette`,
      `Minidump written to ${tmp(r)}/minidumps/${hex(r, 8)}-${hex(r, 4)}.dmp`,
    ],
  },
  gtest: {
    id: 'rust-panic',
    lines: (n) => [
      `thread 'StyleThread#${n % 4}' panicked at servo/components/style/values/computed/font.rs:${300 + (n % 5)}:17:`,
      'called `Option::unwrap()` on a `None` value',
    ],
  },
  jsreftest: {
    id: 'gc-assertion',
    lines: (n, r) => [
      `Assertion failure: !IsInsideNursery(cell), at /builds/worker/checkouts/gecko/js/src/gc/Marking.cpp:${880 + (n % 2)}`,
      `#01: js::gc::TraceEdgeInternal [0x${hex(r, 10)}]`,
    ],
  },
  build: {
    id: 'rust-mismatched-types',
    lines: (n) => [
      'error[E0308]: mismatched types',
      `   --> gfx/wr/webrender/src/renderer/mod.rs:${2100 + n}:28`,
      'error: could not compile `webrender` (lib) due to 1 previous error',
    ],
  },
  lint: {
    id: 'codespell',
    lines: (n, r) => [
      `Error: codespell found ${2 + (n % 3)} misspellings in ${tmp(r)}/gecko/dom/base/Document.cpp (task ${slugLike(r)})`,
    ],
  },
};

/** Something shaped like a task ID, so that normalization has one to strip. */
function slugLike(r: () => number): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return Array.from({ length: 22 }, (_, i) =>
    i === 0 ? 'A' : abc[Math.floor(r() * abc.length)]!,
  ).join('');
}

/** The cause for a failing task, by its suite (tests) or kind. */
export function causeFor(name: string): FailureCause {
  if (name.startsWith('build-')) return FAILURE_CAUSES.build!;
  if (name.startsWith('lint-')) return FAILURE_CAUSES.lint!;
  const suite = Object.keys(FAILURE_CAUSES).find((s) => name.includes(`/${s}-`));
  return FAILURE_CAUSES[suite ?? 'mochitest-browser-chrome']!;
}

/**
 * A failed run's log: `lines` lines of clean progress, then the cause's lines, some teardown
 * and the worker's footer. The cause sits a few hundred lines before the end, inside the tail.
 */
export function failureLog(cause: FailureCause, lines: number, seed: number): string {
  const r = prng(seed);
  const t0 = Date.UTC(2026, 10, 28, 4, 0, 0) + Math.floor(r() * 3_600_000);
  const stamp = (i: number) => new Date(t0 + i * 41).toISOString();
  const out: string[] = [
    `${ESC}1m[taskcluster ${stamp(0)}]${ESC}0m Worker Type (gecko-t/t-linux-xlarge) settings:`,
  ];
  const markerAt = lines - 40 - Math.floor(r() * 200);
  for (let i = 1; i < lines; i++) {
    const ts = stamp(i);
    if (i === markerAt) {
      for (const line of cause.lines(Math.floor(r() * 1000), r)) out.push(`[task ${ts}] ${line}`);
      continue;
    }
    const x = r();
    if (x < 0.25)
      out.push(
        `[task ${ts}] ${ESC}32mTEST-PASS${ESC}0m | browser/base/content/test/general/browser_${i}.js | took ${Math.floor(x * 3600)}ms`,
      );
    else if (x < 0.3)
      out.push(`[task ${ts}] ${ESC}36mINFO${ESC}0m - ${ESC}1mRunning step: run-tests${ESC}0m`);
    else
      out.push(
        `[task ${ts}] INFO - GECKO(${1000 + (i % 97)}) | [Child ${i % 13}] ###!!! [Parent][RunMessage] step ${i}`,
      );
  }
  out.push(
    `[task ${stamp(lines)}] ${ESC}31mERROR${ESC}0m - Return code: 1`,
    `${ESC}1;31m[taskcluster ${stamp(lines + 1)}] === Task Failed ===${ESC}0m`,
    '[taskcluster] Exit Code: 1',
  );
  return out.join('\n') + '\n';
}
