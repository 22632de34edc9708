/** Formatting helpers shared by the views. Pure, so they are unit-tested. */

/** `1h 02m`, `3m 05s`, `12s`, `850ms`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d) return `${d}d ${pad(h)}h`;
  if (h) return `${h}h ${pad(m)}m`;
  if (m) return `${m}m ${pad(sec)}s`;
  return `${sec}s`;
}

/** `in 3 hours`, `5 minutes ago`. */
export function formatRelative(time: number, now: number = Date.now()): string {
  const diff = time - now;
  const abs = Math.abs(diff);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 365 * 86400_000],
    ['month', 30 * 86400_000],
    ['day', 86400_000],
    ['hour', 3600_000],
    ['minute', 60_000],
    ['second', 1000],
  ];
  const fmt = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (abs >= size || unit === 'second') return fmt.format(Math.round(diff / size), unit);
  }
  return '';
}

// One formatter for every call: `toLocaleString` with options builds a new Intl.DateTimeFormat
// each time, which costs more than the rest of a table row's render.
const TIME_FORMAT = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Absolute time for titles and tables: `2026-11-28 05:03:12 UTC`-like, in local time. */
export function formatTime(time: number | string | undefined): string {
  if (time === undefined) return '—';
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return '—';
  return TIME_FORMAT.format(d);
}

const SHORT_TIME_FORMAT = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/**
 * Absolute time for narrow table cells: without the year when it is `now`'s year, so that it
 * fits a column on a 1,280-pixel screen; `formatTime` gives the full time for its title.
 */
export function formatTableTime(time: number, now = Date.now()): string {
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return '—';
  return d.getFullYear() === new Date(now).getFullYear()
    ? SHORT_TIME_FORMAT.format(d)
    : TIME_FORMAT.format(d);
}

/** `1.2 MB`. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** The URL if it is http(s), else undefined: nothing else may become a link. */
export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
