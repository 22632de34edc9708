/** An error the API answers with the standard envelope `{code, message, requestInfo}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new ApiError(404, 'ResourceNotFound', message);
export const conflict = (message: string) => new ApiError(409, 'RequestConflict', message);
export const inputError = (message: string) => new ApiError(400, 'InputError', message);

/** Non-envelope answers (error artifacts' 424) bypass the envelope. */
export class RawResponse extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super('raw response');
  }
}
