import { describe, expect, it } from 'vitest';
import { isValidSlugId, newSlugId } from './ids';

describe('newSlugId', () => {
  it('makes valid, distinct v4 slugids that never start with "-"', () => {
    const ids = Array.from({ length: 2000 }, newSlugId);
    expect(ids.every(isValidSlugId)).toBe(true);
    expect(ids.some((id) => id.startsWith('-'))).toBe(false);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
