import { describe, expect, it } from 'vitest';
import { chooseMainLog } from './main-log';

describe('main log', () => {
  it('prefers live_backing.log, then live.log, then the first text/plain log', () => {
    const plain = { name: 'public/logs/build.log', contentType: 'text/plain; charset=utf-8' };
    const live = { name: 'public/logs/live.log', contentType: 'text/plain' };
    const backing = { name: 'public/logs/live_backing.log', contentType: 'text/plain' };
    expect(chooseMainLog([plain, live, backing])).toBe('public/logs/live_backing.log');
    expect(chooseMainLog([plain, live])).toBe('public/logs/live.log');
    expect(
      chooseMainLog([
        { name: 'public/logs/report.json', contentType: 'application/json' },
        { name: 'private/logs/secret.log', contentType: 'text/plain' },
        plain,
        { name: 'public/logs/other.log', contentType: 'text/plain' },
      ]),
    ).toBe('public/logs/build.log');
    expect(chooseMainLog([{ name: 'public/build/target.zip' }])).toBeUndefined();
  });
});
