import { describe, expect, it } from 'vitest';
import { ERROR_RULES, firstErrorLine } from './error-rules';
import { signatureOf } from './signature';

const ESC = '\u001b[';
const noise = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `[task 2026-11-28T04:00:${String(i % 60).padStart(2, '0')}.000Z] INFO - step ${i}`,
  );

describe('first error line', () => {
  it.each([
    ['TEST-UNEXPECTED-FAIL | dom/test_a.html | got 1, expected 2', 'test-unexpected'],
    ['PROCESS-CRASH | application crashed [@ mozalloc_abort] | pid 321', 'process-crash'],
    ['##[error]Process completed with exit code 2.', 'github-error'],
    ['error[E0308]: mismatched types', 'rust-error'],
    ["thread 'main' panicked at src/main.rs:4:5:", 'rust-panic'],
    ['./run.sh: line 3: 4242 Segmentation fault (core dumped) ./app', 'segfault'],
    ['Error: Cannot find module /builds/worker/x.js', 'error-colon'],
    ['TypeError: undefined is not a function', 'error-colon'],
    ['12:03:44     ERROR - Return code: 1', 'error-word'],
    ['FAILED tests/test_x.py::test_y', 'failed'],
    ['Assertion failure: !IsInsideNursery(cell), at js/src/gc/Marking.cpp:881', 'assertion'],
    ['npm ERR! code ELIFECYCLE', 'npm'],
  ])('finds %s', (line, rule) => {
    const text = [...noise(50), `[task 2026-11-28T04:01:00.000Z] ${line}`, ...noise(5)].join('\n');
    const found = firstErrorLine(text);
    expect(found).toMatchObject({ index: 50, rule });
    expect(found!.line).toContain(line.slice(0, 20));
  });

  it('takes the first match in the tail, with escape codes removed', () => {
    const text = [
      ...noise(3),
      `[task 2026-11-28T04:00:03.000Z] ${ESC}31mTEST-UNEXPECTED-TIMEOUT${ESC}0m | a.html | timed out`,
      `[task 2026-11-28T04:00:04.000Z] ${ESC}31mERROR${ESC}0m - Return code: 1`,
    ].join('\n');
    expect(firstErrorLine(text)).toEqual({
      index: 3,
      line: '[task 2026-11-28T04:00:03.000Z] TEST-UNEXPECTED-TIMEOUT | a.html | timed out',
      rule: 'test-unexpected',
    });
  });

  it('reports a Python traceback by its exception line', () => {
    const text = [
      ...noise(2),
      '[task 2026-11-28T04:00:02.000Z] Traceback (most recent call last):',
      '[task 2026-11-28T04:00:02.000Z]   File "/tmp/tmpab12cd34/run.py", line 12, in <module>',
      '[task 2026-11-28T04:00:02.000Z]     main()',
      "[task 2026-11-28T04:00:02.000Z] KeyError: 'MOZ_UPLOAD_DIR'",
    ].join('\n');
    expect(firstErrorLine(text)).toMatchObject({ index: 5, rule: 'traceback' });
    expect(firstErrorLine(text)!.line).toMatch(/KeyError: 'MOZ_UPLOAD_DIR'$/);
  });

  it('finds nothing in a clean log, and ignores words that only contain a marker', () => {
    const text = [...noise(20), 'INFO - ERROR_REPORTING=1 set', 'INFO - 0 errors, TEST-PASS'].join(
      '\n',
    );
    expect(firstErrorLine(text)).toBeUndefined();
  });

  it('keeps every rule in one ordered list', () => {
    expect(ERROR_RULES.map((r) => r.name)).toEqual(
      expect.arrayContaining(['test-unexpected', 'process-crash', 'traceback', 'segfault']),
    );
  });
});

describe('signatures', () => {
  it('strips prefixes, timestamps, numbers, hex, temporary paths and task IDs', () => {
    const a = signatureOf(
      `[task 2026-11-28T04:01:00.123Z] ${ESC}31mPROCESS-CRASH${ESC}0m | crashed [@ Foo::Bar] | pid 4821 at 0x7ffd3a2b10c0 in /tmp/tmpa8f3k2x1/profile task fZ2sa-QeTk6X1bC9dE0aWg`,
    );
    const b = signatureOf(
      `[task 2026-11-29T17:22:09.001Z] PROCESS-CRASH | crashed [@ Foo::Bar] | pid 77 at 0x1 in /tmp/tmpzz99yy00/profile task Ab3_def-GHIjklmnOPQRst`,
    );
    expect(a).toBe(
      'PROCESS-CRASH | crashed [@ Foo::Bar] | pid N at <hex> in <tmp>/profile task <taskId>',
    );
    expect(b).toBe(a);
  });

  it('strips clock times, hashes, uuids and Windows temporary folders', () => {
    expect(
      signatureOf(
        'ERROR at 12:03:44.123 rev 5b0e7b3e5c8a in C:\\Users\\task_17\\AppData\\Local\\Temp\\tmpq1w2e3\\x.log id 123e4567-e89b-12d3-a456-426614174000',
      ),
    ).toBe('ERROR at rev <hex> in <tmp>\\x.log id <uuid>');
  });

  it('keeps words that are 22 characters long but not task IDs', () => {
    expect(signatureOf('TEST-UNEXPECTED-FAIL | browser_autofill_paste | Got 1')).toBe(
      'TEST-UNEXPECTED-FAIL | browser_autofill_paste | Got N',
    );
  });
});
