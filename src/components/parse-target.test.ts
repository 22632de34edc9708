import { describe, expect, it } from 'vitest';
import { parseTarget } from './parse-target';

const T = 'ZtErGuitR2yAcL-lJG6_2A';
const G = 'UoGTFqVgSza0Poat00nvpw';

describe('parseTarget', () => {
  it('accepts a bare slugid as an id to look up', () => {
    expect(parseTarget(` ${T} `)).toEqual({ kind: 'id', id: T });
  });

  it('maps Taskcluster UI URLs to our routes', () => {
    const cases: [string, string][] = [
      [`https://firefox-ci-tc.services.mozilla.com/tasks/groups/${G}`, `/tasks/groups/${G}`],
      [`https://community-tc.services.mozilla.com/tasks/${T}`, `/tasks/${T}`],
      [`https://tc.example.com/tasks/${T}/runs/2`, `/tasks/${T}/runs/2`],
      [
        `https://tc.example.com/tasks/${T}/runs/0/logs/public/logs/live.log#L10-20`,
        `/tasks/${T}/runs/0/logs/public/logs/live.log#L10-20`,
      ],
      [
        `https://tc.example.com/tasks/${T}/runs/0/logs/live/public/logs/live.log`,
        `/tasks/${T}/runs/0/logs/live/public/logs/live.log`,
      ],
      [`https://tc.example.com/tasks/${T}/definition`, `/tasks/${T}/definition`],
      [`https://tools.taskcluster.net/groups/${G}/tasks/${T}/details`, `/tasks/${T}`],
      [`https://tools.taskcluster.net/groups/${G}`, `/tasks/groups/${G}`],
      [
        'https://tc.example.com/provisioners/gecko-t/worker-types/t-linux',
        '/provisioners/gecko-t/worker-types/t-linux',
      ],
      [`https://tc.example.com/api/queue/v1/task/${T}/status`, `/tasks/${T}`],
    ];
    for (const [input, path] of cases) expect(parseTarget(input)).toEqual({ kind: 'path', path });
  });

  it('explains what is wrong with bad input', () => {
    expect(parseTarget('')).toMatchObject({ kind: 'invalid' });
    expect(parseTarget('not-an-id')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('neither'),
    });
    expect(parseTarget('aaaaaaaaaaaaaaaaaaaaaa')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('not a valid task ID'),
    });
    expect(parseTarget('javascript:alert(1)')).toMatchObject({ kind: 'invalid' });
    expect(parseTarget('https://tc.example.com/secrets')).toMatchObject({ kind: 'invalid' });
    expect(parseTarget('https://tc.example.com/tasks/aaaaaaaaaaaaaaaaaaaaaa')).toMatchObject({
      kind: 'invalid',
    });
  });
});
