import { describe, expect, it } from 'vitest';
import { tokenAtEnd } from './page-token';

describe('tokenAtEnd', () => {
  it('reads the token from compact and pretty-printed pages', () => {
    expect(tokenAtEnd('{"taskGroupId":"x","tasks":[{"a":1}],"continuationToken":"qzxkXG8ZWa"}')).toBe('qzxkXG8ZWa');
    expect(tokenAtEnd(JSON.stringify({ tasks: [], continuationToken: 'abc-1' }, null, 2))).toBe('abc-1');
  });

  it('gives up when the token is absent, not last, or inside a string', () => {
    expect(tokenAtEnd('{"tasks":[]}')).toBeUndefined();
    expect(tokenAtEnd('{"continuationToken":"abc","tasks":[]}')).toBeUndefined();
    expect(tokenAtEnd('{"tasks":[{"name":"\\"continuationToken\\":\\"evil\\"}"}]}')).toBeUndefined();
  });
});
