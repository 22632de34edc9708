/**
 * Taskcluster's `fromNow` time expressions ("1 day", "2 hours 30 minutes", "-1 week", "3d"),
 * with the grammar of taskcluster-client's `parseTime`: the OAuth `expires` parameter and a
 * registered client's `maxExpires` use it.
 */
const TIME_EXPRESSION = new RegExp(
  [
    '^(\\s*(-|\\+))?',
    '(\\s*(\\d+)\\s*y((ears?)|r)?)?',
    '(\\s*(\\d+)\\s*mo(nths?)?)?',
    '(\\s*(\\d+)\\s*w((eeks?)|k)?)?',
    '(\\s*(\\d+)\\s*d(ays?)?)?',
    '(\\s*(\\d+)\\s*h((ours?)|r)?)?',
    '(\\s*(\\d+)\\s*m(in(utes?)?)?)?',
    '(\\s*(\\d+)\\s*s(ec(onds?)?)?)?',
    '\\s*$',
  ].join(''),
  'i',
);

/** The moment `expression` after `now`; throws on anything that is not a time expression. */
export function fromNow(expression: string, now: number): Date {
  const m = TIME_EXPRESSION.exec(expression);
  if (!m || !expression.trim()) throw new Error(`'${expression}' is not a time expression`);
  const sign = m[2] === '-' ? -1 : 1;
  const n = (i: number) => sign * Number.parseInt(m[i] ?? '0', 10);
  const date = new Date(now);
  // Calendar units as the client does them: years and months on the calendar, the rest in ms.
  date.setUTCFullYear(date.getUTCFullYear() + n(4));
  date.setUTCMonth(date.getUTCMonth() + n(8));
  const ms = (((n(11) * 7 + n(15)) * 24 + n(18)) * 60 + n(22)) * 60_000 + n(25) * 1000;
  return new Date(date.getTime() + ms);
}
