import { describe, expect, it } from 'vitest';
import { tokenAtEnd } from './page-token';

describe('tokenAtEnd', () => {
  it('reads the token from compact and pretty-printed pages', () => {
    expect(
      tokenAtEnd('{"taskGroupId":"x","tasks":[{"a":1}],"continuationToken":"qzxkXG8ZWa"}'),
    ).toBe('qzxkXG8ZWa');
    expect(tokenAtEnd(JSON.stringify({ tasks: [], continuationToken: 'abc-1' }, null, 2))).toBe(
      'abc-1',
    );
  });

  it('gives up when the token is absent, not last, or inside a string', () => {
    expect(tokenAtEnd('{"tasks":[]}')).toBeUndefined();
    expect(tokenAtEnd('{"continuationToken":"abc","tasks":[]}')).toBeUndefined();
    expect(
      tokenAtEnd('{"tasks":[{"name":"\\"continuationToken\\":\\"evil\\"}"}]}'),
    ).toBeUndefined();
  });
});

describe('offset tokens', () => {
  it('match the tokens the real Queue hands out (queue-spec §3.2)', async () => {
    const { offsetToken, isOffsetToken } = await import('./page-token');
    expect([1, 2, 4, 10, 1000].map(offsetToken)).toEqual([
      'qzxkXG8ZWa',
      'jGzmdv8vpK',
      'odWmnO3Mq1',
      'Ovx31Wk9Po',
      'xa63Olw8q4',
    ]);
    expect(isOffsetToken('xa63Olw8q4', 1000)).toBe(true);
    expect(isOffsetToken('WyJaXQ', 1000)).toBe(false);
    expect(isOffsetToken(undefined, 0)).toBe(false);
  });
});
