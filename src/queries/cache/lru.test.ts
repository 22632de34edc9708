import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGET_BYTES, evictionPlan } from './lru';

const e = (key: string, bytes: number, lastUsed: number) => ({ key, bytes, lastUsed });

describe('LRU budget', () => {
  it('is 200 MB by default', () => {
    expect(DEFAULT_BUDGET_BYTES).toBe(200 * 1024 * 1024);
  });

  it('evicts nothing while everything fits', () => {
    expect(evictionPlan([e('a', 40, 1), e('b', 50, 2)], 100, e('c', 10, 3))).toEqual([]);
  });

  it('evicts the least recently used first, only as many as needed', () => {
    const entries = [e('new', 30, 30), e('old', 30, 10), e('mid', 30, 20)];
    expect(evictionPlan(entries, 100, e('in', 30, 40))).toEqual(['old']);
    expect(evictionPlan(entries, 70, e('in', 30, 40))).toEqual(['old', 'mid']);
  });

  it('counts a rewrite of a key once, at its new size', () => {
    expect(evictionPlan([e('a', 60, 1), e('b', 30, 2)], 100, e('a', 70, 3))).toEqual([]);
    expect(evictionPlan([e('a', 60, 1), e('b', 30, 2)], 100, e('a', 71, 3))).toEqual(['b']);
  });

  it('refuses an entry larger than the whole budget', () => {
    expect(evictionPlan([e('a', 1, 1)], 100, e('big', 101, 2))).toBeUndefined();
  });

  it('trims an over-budget store without an incoming entry', () => {
    expect(evictionPlan([e('a', 60, 2), e('b', 60, 1)], 100)).toEqual(['b']);
  });

  it('breaks equal times by key, so the plan does not depend on input order', () => {
    expect(evictionPlan([e('b', 60, 1), e('a', 60, 1)], 100)).toEqual(['a']);
  });
});
