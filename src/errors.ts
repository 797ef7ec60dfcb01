import { GraphQLError } from 'graphql';

/** Every error code a client can see, spelled once. Clients branch on these; never rename one. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** The HTTP request itself is unusable: body too large, not JSON, too many batched operations. */
  BAD_REQUEST = 'BAD_REQUEST',
  /** The operation would cost more than the server allows (see GRAPHQL_MAX_COST). */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** The client used up its share of upstream calls (CLIENT_RATE_LIMIT_PER_MINUTE). */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The gateway is saturated: a request shed at the door (HTTP 503), or a call that could not start before the request's deadline. */
  OVERLOADED = 'OVERLOADED',
  /** The provider's quota for the key is spent until `retryAfterSeconds`; not worth waiting for within the deadline. */
  UPSTREAM_RATE_LIMITED = 'UPSTREAM_RATE_LIMITED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  /** The identity provider's keys cannot be had, so no token can be verified: a server fault (HTTP 503). */
  AUTH_UNAVAILABLE = 'AUTH_UNAVAILABLE',
  NOT_FOUND = 'NOT_FOUND',
  UPSTREAM_ERROR = 'UPSTREAM_ERROR',
  /** The provider refused the gateway's own key (UPSTREAM_API_KEY): a server fault. */
  UPSTREAM_AUTH_FAILED = 'UPSTREAM_AUTH_FAILED',
  UPSTREAM_BAD_RESPONSE = 'UPSTREAM_BAD_RESPONSE',
  UPSTREAM_TIMEOUT = 'UPSTREAM_TIMEOUT',
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  /** Trusted documents only: the `documentId` is not in the manifest. */
  PERSISTED_QUERY_NOT_IN_LIST = 'PERSISTED_QUERY_NOT_IN_LIST',
  /** Trusted documents only: a document that is not in the manifest was sent. */
  PERSISTED_QUERY_ID_REQUIRED = 'PERSISTED_QUERY_ID_REQUIRED',
  /** A subscriber fell too far behind its events: its subscription ends, `lastCursor` resumes it. */
  SUBSCRIBER_TOO_SLOW = 'SUBSCRIBER_TOO_SLOW',
  /** `after` is older than the replay window (LIVE_REPLAY_SECONDS), or cannot be replayed here. */
  CURSOR_EXPIRED = 'CURSOR_EXPIRED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

type Extensions = Readonly<Record<string, string | number | boolean>>;

/** A message without graphql-js's "Did you mean ...?" hints, which name the schema's fields. */
export function withoutSchemaHints(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/, '');
}

/** Base of every error the gateway raises on purpose: a GraphQLError carrying a stable code. */
export class GatewayError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, extensions: Extensions = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.code = code;
    this.name = new.target.name;
  }
}

export class BadUserInputError extends GatewayError {
  constructor(message: string, argumentName?: string) {
    super(ErrorCode.BAD_USER_INPUT, message, argumentName === undefined ? {} : { argumentName });
  }
}

/**
 * Marks an error that refuses a whole request (thrown before execution, from a plugin) with the
 * HTTP status Apollo should answer with; Apollo strips the marker from the response.
 */
export function refusingRequest<T extends GraphQLError>(error: T, status = 400): T {
  Object.assign(error.extensions, { http: { status } });
  return error;
}

export class UnauthenticatedError extends GatewayError {
  constructor(message = 'Missing or invalid credentials: send "Authorization: Bearer <API key>".') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ForbiddenError extends GatewayError {
  constructor(
    message = 'The credentials used are not allowed to access this resource.',
    extensions: Extensions = {},
  ) {
    super(ErrorCode.FORBIDDEN, message, extensions);
  }
}

/** Nobody can be verified right now (the identity provider's keys are out of reach). */
export class AuthUnavailableError extends GatewayError {
  constructor() {
    super(
      ErrorCode.AUTH_UNAVAILABLE,
      'Access tokens cannot be verified right now (the identity provider is unreachable); retry shortly.',
      { retryAfterSeconds: 5 },
    );
    Object.assign(this.extensions, {
      http: { status: 503, headers: new Map([['retry-after', '5']]) },
    });
  }
}

export class NotFoundError extends GatewayError {
  constructor(typeName: string, id: string) {
    super(ErrorCode.NOT_FOUND, `${typeName} "${id}" was not found.`, { typeName });
  }
}

/** The operation (or the batch it came in) would cost more than the server allows. */
export class QueryTooComplexError extends GatewayError {
  constructor(message: string, extensions: Extensions) {
    super(ErrorCode.QUERY_TOO_COMPLEX, message, extensions);
    // Apollo Server reads this to answer with HTTP 400, and strips it from the response.
    Object.assign(this.extensions, { http: { status: 400 } });
  }
}

/** This client has used up its share of upstream calls for now. */
export class RateLimitedError extends GatewayError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(
      ErrorCode.RATE_LIMITED,
      `Too many upstream calls from this client; retry in ${seconds} s.`,
      { retryAfterSeconds: seconds },
    );
    this.retryAfterSeconds = seconds;
    Object.assign(this.extensions, {
      http: { status: 429, headers: new Map([['retry-after', String(seconds)]]) },
    });
  }
}

/** The gateway is saturated; the client should come back shortly. */
export class OverloadedError extends GatewayError {
  constructor(message = 'The gateway is at capacity; retry in a moment.', retryAfterSeconds = 1) {
    super(ErrorCode.OVERLOADED, message, { retryAfterSeconds });
  }
}

/** The provider's rate limit for the key leaves no room before the request's deadline. */
export class UpstreamRateLimitedError extends GatewayError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(
      ErrorCode.UPSTREAM_RATE_LIMITED,
      `The recordings API quota is spent for now; retry in ${seconds} s.`,
      { retryAfterSeconds: seconds },
    );
    this.retryAfterSeconds = seconds;
  }
}

/** The upstream answered with an error status the gateway cannot turn into anything better. */
export class UpstreamError extends GatewayError {
  readonly upstreamStatus: number;
  readonly retryAfterSeconds: number | undefined;

  constructor(upstreamStatus: number, retryAfterSeconds?: number) {
    const message =
      upstreamStatus === 429
        ? 'The recordings API is rate limiting this gateway (HTTP 429); retry later.'
        : `The recordings API failed with HTTP ${upstreamStatus}.`;
    super(ErrorCode.UPSTREAM_ERROR, message, {
      upstreamStatus,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
    this.upstreamStatus = upstreamStatus;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * The provider refused a command (422: already recording, call ended, invalid id): the caller's
 * input given the state upstream. Its code is passed on; its detail is short human text.
 */
export class CommandRefusedError extends GatewayError {
  constructor(upstreamCode: string | null, detail: string | null) {
    super(
      ErrorCode.BAD_USER_INPUT,
      `The recordings API refused the command${detail ? `: ${detail.replace(/\.+$/, '')}` : ''}.`,
      upstreamCode === null ? {} : { upstreamCode },
    );
  }
}

/** The upstream answered 2xx with a body that is not what its contract promises. */
export class UpstreamBadResponseError extends GatewayError {
  constructor(reason: string) {
    super(
      ErrorCode.UPSTREAM_BAD_RESPONSE,
      `The recordings API sent an invalid response: ${reason}.`,
    );
  }
}

export class UpstreamTimeoutError extends GatewayError {
  constructor(
    timeoutMs: number,
    message = `The recordings API did not answer within ${timeoutMs} ms.`,
  ) {
    super(ErrorCode.UPSTREAM_TIMEOUT, message, { timeoutMs });
  }
}

export class UpstreamUnavailableError extends GatewayError {
  /** True when the request provably never reached the upstream (connection refused). */
  readonly requestNotSent: boolean;

  constructor(reason = 'the recordings API cannot be reached', requestNotSent = false) {
    super(ErrorCode.UPSTREAM_UNAVAILABLE, `Service unavailable: ${reason}.`);
    this.requestNotSent = requestNotSent;
  }
}

/** The provider refused the gateway's own key: not the caller's fault, and not theirs to fix. */
export class UpstreamAuthFailedError extends GatewayError {
  readonly upstreamStatus: number;

  constructor(upstreamStatus: number) {
    super(
      ErrorCode.UPSTREAM_AUTH_FAILED,
      'The recordings API refused this gateway’s credentials; the operators have been told.',
      { upstreamStatus },
    );
    this.upstreamStatus = upstreamStatus;
  }
}
