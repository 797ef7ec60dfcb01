import {
  BadUserInputError,
  CommandRefusedError,
  ForbiddenError,
  UnauthenticatedError,
  UpstreamAuthFailedError,
  UpstreamError,
  UpstreamRateLimitedError,
  type GatewayError,
} from '../../errors';
import { isWireObject } from '../decode/row-reader';

/** Whose key the upstream saw: the gateway's own, or a client's forwarded one. */
export type CredentialKind = 'server' | 'client';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Seconds to wait, from `Retry-After` (seconds or an HTTP date; it wins when a proxy adds it) or
 * the provider's `x-ratelimit-reset` (seconds until the window resets, not an epoch).
 */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = header(headers, 'retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  if (header(headers, 'x-ratelimit-reset') !== undefined && Number.isFinite(reset) && reset >= 0) {
    return reset;
  }
  return undefined;
}

interface ProviderError {
  readonly parameter?: string;
  readonly pointer?: string;
  readonly code?: string;
  readonly detail?: string;
}

/** Provider text fit for a client's error message: one short printable line. */
function shortText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const line = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (line === '') return undefined;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The first error of the provider's `{errors: [...]}` envelope; null when the body is not one. */
export function providerError(text: string): ProviderError | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  const errors = isWireObject(body) ? body['errors'] : undefined;
  if (!Array.isArray(errors)) return null;
  const first: unknown = errors[0];
  const code = isWireObject(first) ? shortText(first['code'], 16) : undefined;
  const detail = isWireObject(first)
    ? (shortText(first['detail'], 200) ?? shortText(first['title'], 200))
    : undefined;
  const described = {
    ...(code === undefined ? {} : { code }),
    ...(detail === undefined ? {} : { detail }),
  };
  const source = isWireObject(first) ? first['source'] : undefined;
  if (!isWireObject(source)) return described;
  const parameter = source['parameter'];
  const pointer = source['pointer'];
  return {
    ...described,
    ...(typeof parameter === 'string' ? { parameter } : {}),
    ...(typeof pointer === 'string' ? { pointer } : {}),
  };
}

/** What a non-2xx answer means, decided by status (the provider reuses its `code`s). */
export type StatusMeaning =
  { readonly kind: 'not_found' } | { readonly kind: 'error'; readonly error: GatewayError };

/**
 * - 404 and 410 are "not found" only with the provider's JSON error envelope; a proxy's HTML page
 *   or a wrong base path is an UPSTREAM_ERROR with its status.
 * - 400/422 name the GraphQL argument behind the provider's `source.parameter`/`pointer`; a
 *   parameter the gateway built itself (`page[size]`) is not the user's fault: UPSTREAM_ERROR.
 * - 401/403 to the gateway's own key are UPSTREAM_AUTH_FAILED (a server fault); to a client's
 *   forwarded key, UNAUTHENTICATED/FORBIDDEN.
 * - A command's 422 (already recording, call ended, invalid call control id) is the caller's
 *   BAD_USER_INPUT, with the provider's code and detail (commands map no parameters).
 */
export function meaningOfStatus(
  status: number,
  text: string,
  headers: Headers,
  credential: CredentialKind,
  parameters: Readonly<Record<string, string>>,
  command = false,
): StatusMeaning {
  if (status === 404 || status === 410) {
    return providerError(text)
      ? { kind: 'not_found' }
      : { kind: 'error', error: new UpstreamError(status) };
  }
  if (status === 400 || status === 422) {
    const source = providerError(text);
    const parameter = source?.parameter ?? source?.pointer?.replace(/^\//, '');
    const argument = parameter === undefined ? undefined : parameters[parameter];
    if (command && status === 422 && source !== null && argument === undefined) {
      return {
        kind: 'error',
        error: new CommandRefusedError(source.code ?? null, source.detail ?? null),
      };
    }
    return {
      kind: 'error',
      error:
        argument === undefined
          ? new UpstreamError(status)
          : new BadUserInputError(
              `The recordings API refused "${argument}" (HTTP ${status}).`,
              argument,
            ),
    };
  }
  if (status === 401 || status === 403) {
    if (credential === 'server')
      return { kind: 'error', error: new UpstreamAuthFailedError(status) };
    return {
      kind: 'error',
      error:
        status === 401
          ? new UnauthenticatedError(
              'The recordings API rejected the credentials (HTTP 401): check the API key.',
            )
          : new ForbiddenError(),
    };
  }
  if (status === 429) {
    return { kind: 'error', error: new UpstreamRateLimitedError(retryAfterSeconds(headers) ?? 1) };
  }
  return { kind: 'error', error: new UpstreamError(status) };
}
