import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  formatRelative,
  formatTableTime,
  formatTime,
  safeHttpUrl,
} from './format';

describe('format', () => {
  it('formats durations compactly', () => {
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
    expect(formatDuration(90_000_000)).toBe('1d 01h');
  });

  it('formats relative times and sizes', () => {
    expect(formatRelative(0, 5 * 60_000)).toBe('5 minutes ago');
    expect(formatRelative(3 * 3600_000, 0)).toBe('in 3 hours');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
  });

  it('lets only http(s) URLs become links', () => {
    expect(safeHttpUrl('https://example.com/a')).toBe('https://example.com/a');
    expect(safeHttpUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('JaVaScRiPt:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('data:text/html,<script>')).toBeUndefined();
    expect(safeHttpUrl('git@github.com:x/y')).toBeUndefined();
    expect(safeHttpUrl(42)).toBeUndefined();
  });
});

describe('formatTime', () => {
  it('formats as toLocaleString with the table options does, and says — when there is no time', () => {
    const t = Date.UTC(2026, 10, 28, 5, 3, 12);
    expect(formatTime(t)).toBe(
      new Date(t).toLocaleString(undefined, {
        year: 'numeric',
        month: 'short',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
    );
    expect(formatTime(new Date(t).toISOString())).toBe(formatTime(t));
    expect(formatTime(undefined)).toBe('—');
    expect(formatTime('not a time')).toBe('—');
  });
});

describe('formatTableTime', () => {
  const t = new Date(2026, 10, 28, 5, 3, 12).getTime();
  it('leaves out the year of a time in the current year', () => {
    const short = formatTableTime(t, new Date(2026, 11, 2).getTime());
    expect(short).not.toContain('2026');
    expect(short).toBe(
      new Date(t).toLocaleString(undefined, {
        month: 'short',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
    );
  });

  it('keeps the year of another year, and says — for no time', () => {
    expect(formatTableTime(t, new Date(2027, 0, 3).getTime())).toBe(formatTime(t));
    expect(formatTableTime(Number.NaN)).toBe('—');
  });
});
