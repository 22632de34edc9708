/** What a route handler may return besides a value to serialise. */

/** A body already serialised as JSON. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** A full response (redirects, non-JSON). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly headers: Record<string, string> = {},
  ) {}
}
