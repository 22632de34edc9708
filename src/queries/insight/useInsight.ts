import { useEffect, useState } from 'react';
import type { InsightQuery, InsightResult } from './insight-protocol';
import { subscribeInsight, type InsightUpdate } from './insight-client';

export interface InsightState<W extends InsightResult['what']> {
  result?: Extract<InsightResult, { what: W }>;
  ms?: number;
  tasks: number;
  done: boolean;
  error?: string;
}

/** The latest result of an insight computation, recomputed in the worker as the group changes. */
export function useInsight<W extends InsightResult['what']>(
  query: Extract<InsightQuery, { what: W }> | undefined,
): InsightState<W> {
  const [state, setState] = useState<InsightState<W>>({ tasks: 0, done: false });
  const key = query ? JSON.stringify(query) : '';
  useEffect(() => {
    if (!key) return;
    const q = JSON.parse(key) as InsightQuery;
    return subscribeInsight(
      q,
      (u: InsightUpdate) =>
        setState({
          result: u.result as Extract<InsightResult, { what: W }>,
          ms: u.ms,
          tasks: u.tasks,
          done: u.done,
        }),
      (error) => setState((s) => ({ ...s, error })),
    );
  }, [key]);
  return state;
}
