import { memo, useEffect, useSyncExternalStore, type MouseEvent } from 'react';
import classes from './LogPage.module.css';
import { ansiSpans, type LineRange } from './log-model';
import { lowerBound } from './log-search';
import type { LogSession } from './log-session';
import { useLineWindow, type ScrollPosition } from './use-line-window';

/** Rows rendered beyond each edge of the view, and lines decoded beyond them. */
const OVERSCAN = 20;
const DECODE_AHEAD = 150;

const LogLine = memo(function LogLine({ text }: { text: string | undefined }) {
  // A line not decoded yet (a fast scroll) stays empty for the frame it takes to arrive.
  if (text === undefined) return null;
  return (
    <>
      {ansiSpans(text).map((s, i) => (
        <span
          key={i}
          className={
            [
              s.fg && classes[s.fg],
              s.bg && classes[`bg-${s.bg}`],
              s.bold && classes.bold,
              s.italic && classes.italic,
              s.underline && classes.underline,
              s.dim && classes.dim,
            ]
              .filter(Boolean)
              .join(' ') || undefined
          }
          style={
            s.fgRgb || s.bgRgb
              ? {
                  color: s.fgRgb ? `rgb(${s.fgRgb})` : undefined,
                  background: s.bgRgb ? `rgb(${s.bgRgb})` : undefined,
                }
              : undefined
          }
        >
          {s.text}
        </span>
      ))}
    </>
  );
});

const noSubscription = () => () => {};
const none = () => 0;
const inRange = (n: number, r: LineRange | undefined) => !!r && n >= r.start && n <= r.end;

/**
 * The scrolling lines of a log: only the rows in view (and `OVERSCAN` more) are in the DOM.
 * Scrolling re-renders this alone, not the toolbar above it.
 */
export const LogLines = memo(function LogLines({
  name,
  scroll,
  session,
  workerBytes,
  count,
  view,
  matches,
  currentLine,
  range,
  onLineClick,
}: {
  name: string;
  scroll: ScrollPosition;
  session: LogSession | undefined;
  workerBytes: number;
  /** Rows: every line, or the lines of `view`. */
  count: number;
  /** Only these lines (0-based, sorted), when showing only matches. */
  view: Uint32Array | undefined;
  matches: Uint32Array | undefined;
  /** The current match's line (0-based). */
  currentLine: number | undefined;
  range: LineRange | undefined;
  onLineClick(event: MouseEvent, n: number): void;
}) {
  const { window: shown, height } = useLineWindow(scroll, count, OVERSCAN);
  // Re-rendered when decoded lines arrive; the rows read them from the session.
  useSyncExternalStore(session?.subscribeText ?? noSubscription, session?.getTextVersion ?? none);
  const { first, last } = shown;

  // Ask the worker for the lines on screen and a few screens around them.
  useEffect(() => {
    if (!session || last < 0) return;
    const wanted: number[] = [];
    for (
      let r = Math.max(0, first - DECODE_AHEAD);
      r <= Math.min(count - 1, last + DECODE_AHEAD);
      r++
    )
      wanted.push(view ? view[r]! : r);
    session.want(wanted);
  }, [session, first, last, count, view]);

  const isMatch = (line: number) => !!matches && matches[lowerBound(matches, line)] === line;
  const rows: number[] = [];
  for (let r = first; r <= last; r++) rows.push(r);

  return (
    <div
      ref={scroll.attach}
      className={classes.scroll}
      role="log"
      aria-label={`Log ${name}`}
      tabIndex={0}
      data-testid="log-scroll"
      data-bytes={workerBytes}
    >
      <div style={{ height, position: 'relative' }}>
        <div className={classes.rows} style={{ top: shown.top(first) }}>
          {rows.map((row) => {
            const index = view ? view[row]! : row;
            const n = index + 1;
            const matched = isMatch(index);
            return (
              <div
                key={index}
                className={classes.line}
                data-line={n}
                data-selected={inRange(n, range) || undefined}
                data-match={matched || undefined}
                data-current={(matched && currentLine === index) || undefined}
              >
                <a
                  href={`#L${n}`}
                  className={classes.number}
                  onClick={(e) => onLineClick(e, n)}
                  aria-label={`Line ${n}`}
                >
                  {n}
                </a>
                <span className={classes.text} data-text>
                  <LogLine text={session?.text(index)} />
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
});
