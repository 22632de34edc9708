import { describe, expect, it } from 'vitest';
import { createAuthenticator } from './authenticator';

describe('scope expansion', () => {
  const roles: Record<string, string[]> = {
    anonymous: ['queue:ping'],
    'project:a': ['queue:status:*', 'assume:project:b'],
    'project:b': ['queue:get-task:*'],
  };
  const auth = createAuthenticator({ lookupClient: () => undefined, roles });

  it('is remembered by content, and hands out copies', () => {
    const first = auth.expand(['assume:project:a']);
    expect(first).toEqual([
      'assume:project:a',
      'assume:project:b',
      'queue:get-task:*',
      'queue:status:*',
    ]);
    first.push('queue:cancel-task:*');
    first.sort().reverse();
    expect(auth.expand(['assume:project:a'])).toEqual([
      'assume:project:a',
      'assume:project:b',
      'queue:get-task:*',
      'queue:status:*',
    ]);
    // Other scopes are another key: a client whose scopes change gets their expansion.
    expect(auth.expand(['assume:project:b'])).toEqual(['assume:project:b', 'queue:get-task:*']);
  });

  it('uses the role table as it was given (a later change to the object does not leak in)', () => {
    roles['project:b']!.push('queue:cancel-task:*');
    roles['project:c'] = ['*'];
    expect(auth.expand(['assume:project:c'])).toEqual(['assume:project:c']);
    expect(auth.expand(['assume:project:b'])).toEqual(['assume:project:b', 'queue:get-task:*']);
  });
});
