import { describe, expect, it } from 'vitest';
import { packStrings, unpackString } from './packed-strings';

describe('packed strings', () => {
  it('gives back each string, empty ones and non-ASCII included', () => {
    const list = ['build-linux64/opt', '', 'tést ☃ 𝄞', 'a', ''];
    const p = packStrings(list.length, (k) => list[k]!);
    expect(list.map((_, k) => unpackString(p, k))).toEqual(list);
    expect(p.text).toBe(list.join(''));
  });

  it('answers an empty string outside the range', () => {
    const p = packStrings(2, (k) => ['x', 'y'][k]!);
    expect([unpackString(p, -1), unpackString(p, 2)]).toEqual(['', '']);
    expect(
      unpackString(
        packStrings(0, () => 'never'),
        0,
      ),
    ).toBe('');
  });
});
