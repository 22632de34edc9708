/**
 * Error codes the Queue puts in its error envelope, plus the client's own codes for failures
 * without a usable response.
 */
export type QueueErrorCode =
  | 'MalformedPayload'
  | 'InvalidRequestArguments'
  | 'InputValidationError'
  | 'InputError'
  | 'AuthenticationFailed'
  | 'InsufficientScopes'
  | 'ResourceNotFound'
  | 'RequestConflict'
  | 'ResourceExpired'
  | 'InputTooLarge'
  | 'InternalServerError'
  /** An `error` artifact (HTTP 424): see `reason`. */
  | 'ErrorArtifact'
  /** No response arrived (DNS, refused connection, CORS, offline). */
  | 'NetworkError'
  /** An attempt took longer than the client's timeout. */
  | 'RequestTimeout'
  /** Anything else, including non-JSON bodies. */
  | 'UnknownError'
  | (string & {});

/** Fields of {@link QueueError}. */
export interface QueueErrorInit {
  status: number;
  code: QueueErrorCode;
  message: string;
  method: string;
  requestId?: string;
  reason?: string;
  body?: unknown;
  cause?: unknown;
}

/**
 * Every failure of a Queue call. `message` is the human part of the server's message (the text
 * before its `---` footer); `status` is 0 when no response arrived.
 */
export class QueueError extends Error {
  override readonly name = 'QueueError';
  readonly status: number;
  readonly code: QueueErrorCode;
  /** The API method that failed, e.g. `createTask`. */
  readonly method: string;
  /** `x-for-request-id`, where the response exposes it (not cross-origin in browsers). */
  readonly requestId?: string;
  /** The `reason` of an error artifact or an artifact-endpoint body. */
  readonly reason?: string;
  /** The parsed body, for callers that need more than the message. */
  readonly body?: unknown;

  constructor(init: QueueErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.method = init.method;
    this.requestId = init.requestId;
    this.reason = init.reason;
    this.body = init.body;
  }
}

/** Narrows an unknown thrown value to a {@link QueueError}. */
export function isQueueError(error: unknown): error is QueueError {
  return error instanceof QueueError;
}

/** True for the AbortError that an aborted call rejects with. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** The user-facing part of a Taskcluster error message: the text before the `---` footer. */
export function humanMessage(message: string): string {
  const cut = message.indexOf('\n---');
  return (cut === -1 ? message : message.slice(0, cut)).trim();
}

const FALLBACK: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication failed',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  410: 'Gone',
  424: 'Artifact is an error artifact',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/**
 * Builds a {@link QueueError} from a response body of any shape: the standard envelope
 * `{code, message, requestInfo}`, the artifact bodies `{reason, message}` and `{message}`,
 * the app-level `{error}`, or text that is not JSON at all.
 */
export function errorFromBody(
  status: number,
  text: string,
  method: string,
  requestId?: string,
): QueueError {
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const obj = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const rawMessage =
    typeof obj.message === 'string'
      ? obj.message
      : typeof obj.error === 'string'
        ? obj.error
        : undefined;
  const reason = typeof obj.reason === 'string' ? obj.reason : undefined;
  let code: QueueErrorCode = typeof obj.code === 'string' ? obj.code : 'UnknownError';
  if (status === 424 && reason) code = 'ErrorArtifact';
  let message = rawMessage ? humanMessage(rawMessage) : '';
  if (!message) {
    // Non-JSON bodies (a proxy's HTML page, say) are shown only as a short status line.
    message = `${FALLBACK[status] ?? 'Request failed'} (HTTP ${status})`;
  }
  return new QueueError({ status, code, message, method, requestId, reason, body: body ?? text });
}
