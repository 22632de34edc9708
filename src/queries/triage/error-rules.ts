/**
 * The rule set that finds a failed task's first error line in its log tail: every marker the
 * Failures tab knows, in one place. A rule matches a line (ANSI escapes removed); the first
 * matching line of the tail is the task's error line.
 *
 * Some markers only announce the error: a Python `Traceback (most recent call last):` is followed
 * by the frames and then the exception itself, which says far more. For those the rule points at
 * the line that carries the message.
 */

export interface ErrorRule {
  /** Short name, shown as the cluster's kind. */
  name: string;
  test: RegExp;
  /** Given the lines and the matching index, the index of the line that says what went wrong. */
  message?: (lines: readonly string[], at: number) => number;
}

/** The exception line after a Python traceback's frames (indented lines), if it is near. */
function afterTraceback(lines: readonly string[], at: number): number {
  for (let i = at + 1; i < Math.min(lines.length, at + 200); i++) {
    const line = stripAnsi(lines[i]!);
    // Only the worker's bracketed prefix and its one space: the indentation is the point.
    const body = line.replace(/^\[[^\]]*\] ?/, '');
    if (body.trim() === '') continue;
    if (!/^\s/.test(body)) return i;
  }
  return at;
}

export const ERROR_RULES: readonly ErrorRule[] = [
  { name: 'test-unexpected', test: /TEST-UNEXPECTED-[A-Z]+/ },
  { name: 'process-crash', test: /PROCESS-CRASH/ },
  { name: 'github-error', test: /##\[error\]/ },
  { name: 'rust-error', test: /\berror\[E\d{4}\]/ },
  { name: 'rust-panic', test: /\bpanicked at\b/ },
  { name: 'segfault', test: /Segmentation fault/ },
  { name: 'assertion', test: /Assertion failure:|\bassertion failed\b|AssertionError\b/ },
  {
    name: 'traceback',
    test: /\bTraceback \(most recent call last\):/,
    message: afterTraceback,
  },
  { name: 'fatal', test: /\bfatal error:|^fatal: |\bFATAL ERROR\b/ },
  { name: 'npm', test: /\bnpm ERR!/ },
  { name: 'make', test: /\bmake(\[\d+\])?: \*\*\*/ },
  { name: 'error-colon', test: /(?:^|[^\w])[A-Za-z]*Error: \S/ },
  { name: 'error-word', test: /\bERROR\b/ },
  { name: 'failed', test: /\bFAILED\b/ },
];

// eslint-disable-next-line no-control-regex -- matching terminal escape codes is the point
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

export function stripAnsi(line: string): string {
  return line.replace(ANSI, '');
}

/** The prefixes workers and harnesses put before each line: `[task 2026-…Z] `, `12:03:44 INFO - `. */
export const LOG_PREFIX =
  /^(?:\[(?:task|taskcluster|setup|vcs|fetches|worker)[^\]]*\]\s*|\d{2}:\d{2}:\d{2}(?:\.\d+)?\s+(?:INFO|WARNING|ERROR|DEBUG)?\s*-?\s*)+/;

export interface ErrorLine {
  /** Index of the line in the text that was searched (0-based). */
  index: number;
  /** The line, without escape codes. */
  line: string;
  rule: string;
}

/** The first error line of a log text by the rule set, or undefined when no rule matches. */
export function firstErrorLine(
  text: string,
  rules: readonly ErrorRule[] = ERROR_RULES,
): ErrorLine | undefined {
  // Cheap pre-check: most lines of a long log match nothing, and splitting is the cost.
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.length > 4000) continue; // minified blobs and base64 are not error lines
    const line = raw.includes('\u001b') ? stripAnsi(raw) : raw;
    for (const rule of rules) {
      if (!rule.test.test(line)) continue;
      const at = rule.message ? rule.message(lines, i) : i;
      return { index: at, line: stripAnsi(lines[at]!).replace(/\r$/, ''), rule: rule.name };
    }
  }
  return undefined;
}
