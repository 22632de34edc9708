import { describe, expect, it } from 'vitest';
import { clusterFailures, type FailureEntry } from './clusters';
import { signatureOf } from './signature';

const entry = (taskId: string, line: string, rule = 'test-unexpected'): FailureEntry => ({
  taskId,
  runId: 0,
  name: `task ${taskId}`,
  line,
  signature: signatureOf(line),
  rule,
});

describe('clustering', () => {
  it('groups equal signatures, biggest first, the first member as example', () => {
    const clusters = clusterFailures([
      entry('a', 'PROCESS-CRASH | crashed [@ X] | pid 1', 'process-crash'),
      entry('b', 'TEST-UNEXPECTED-FAIL | a.js | got 1'),
      entry('c', 'TEST-UNEXPECTED-FAIL | a.js | got 2'),
      entry('d', 'PROCESS-CRASH | crashed [@ X] | pid 2', 'process-crash'),
      entry('e', 'TEST-UNEXPECTED-FAIL | a.js | got 3'),
    ]);
    expect(clusters.map((c) => [c.signature, c.members.map((m) => m.taskId)])).toEqual([
      ['TEST-UNEXPECTED-FAIL | a.js | got N', ['b', 'c', 'e']],
      ['PROCESS-CRASH | crashed [@ X] | pid N', ['a', 'd']],
    ]);
    expect(clusters[0]!.example.taskId).toBe('b');
    expect(clusters[1]!.example.line).toBe('PROCESS-CRASH | crashed [@ X] | pid 1');
  });

  it('merges near-identical long signatures into the bigger cluster, not short or different-rule ones', () => {
    const long = (test: string) =>
      `TEST-UNEXPECTED-FAIL | browser/components/urlbar/tests/${test} | Autofill shows the pasted URL - Got nothing expected something`;
    const clusters = clusterFailures([
      entry('a', long('browser_one.js')),
      entry('b', long('browser_one.js')),
      entry('c', long('browser_two.js')),
      entry('d', 'TEST-UNEXPECTED-FAIL | x.js'),
      entry('e', 'TEST-UNEXPECTED-FAIL | y.js'),
      entry('f', long('browser_one.js'), 'failed'),
    ]);
    expect(clusters.map((c) => c.members.map((m) => m.taskId))).toEqual([
      ['a', 'b', 'c'],
      ['f'],
      ['d'],
      ['e'],
    ]);
  });

  it('has no clusters without entries', () => {
    expect(clusterFailures([])).toEqual([]);
  });
});
