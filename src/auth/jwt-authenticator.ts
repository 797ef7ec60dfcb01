import { errors, jwtVerify } from 'jose';
import type { AuthConfig } from '../config/config';
import type { Logger } from '../observability/logger';
import { LogRateLimit } from '../observability/log-rate-limit';
import { REFUSED_CALLER, UNAVAILABLE_CALLER, type Caller } from './caller';
import { JwksKeySet, JwksUnavailableError, type JwksState } from './jwks-key-set';
import { scopesFromClaims } from './scopes';

const BEARER = /^Bearer\s+([A-Za-z0-9_\-.]+)\s*$/i;
/** Verified tokens remembered at most; a subscription re-checks its token with every event. */
const MAX_VERIFIED = 10_000;

/** Why a token was refused, in words safe to log: the failing claim's name, never the token. */
function refusalReason(error: unknown): string {
  if (error instanceof errors.JWTClaimValidationFailed)
    return `claim ${error.claim}: ${error.code}`;
  if (error instanceof errors.JOSEError) return error.code;
  return 'ERR_UNKNOWN';
}

/**
 * Verifies end users' access tokens (JWT) against the identity provider's key set: the
 * signature with an asymmetric algorithm, `iss`, `aud`, `exp`/`nbf` with a small clock tolerance.
 * A verified token is remembered until its `exp` (so a subscription that re-checks it with every
 * event costs a map lookup); as with any JWT, a token stays good until it expires. Why a token
 * failed is logged at info (at most once a minute per reason), never told to the client. With no
 * key set to be had, the caller is `unavailable`: a server fault, answered 503.
 */
export class JwtAuthenticator {
  private readonly keys: JwksKeySet;
  private readonly verified = new Map<string, Extract<Caller, { kind: 'user' }>>();
  private readonly refusals = new LogRateLimit(60_000);

  constructor(
    private readonly config: AuthConfig,
    private readonly logger: Logger,
  ) {
    this.keys = new JwksKeySet(
      {
        url: config.jwksUrl,
        cooldownMs: config.jwksCooldownSeconds * 1000,
        maxAgeMs: 10 * 60_000,
        timeoutMs: 5_000,
      },
      logger,
    );
    void this.keys.prefetch();
  }

  /** The key set's state, for readiness. */
  get jwksState(): JwksState {
    return this.keys.state;
  }

  async authenticate(authorization: string | undefined): Promise<Caller> {
    if (authorization === undefined) return REFUSED_CALLER;
    // Remembered by the header in its canonical form, `Bearer <token>`: the header most clients
    // send is found without parsing it, and other spellings of one token share its entry.
    let key = authorization;
    let known = this.verified.get(key);
    let token: string | undefined;
    if (known === undefined) {
      token = BEARER.exec(authorization)?.[1];
      if (token === undefined) return REFUSED_CALLER;
      key = `Bearer ${token}`;
      known = this.verified.get(key);
    }
    if (known !== undefined) {
      if (known.expiresAt * 1000 > Date.now()) return known;
      this.verified.delete(key);
    }
    token ??= BEARER.exec(authorization)?.[1];
    if (token === undefined) return REFUSED_CALLER;
    try {
      const { payload } = await jwtVerify(token, this.keys.getKey, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: [...this.config.algorithms],
        clockTolerance: this.config.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
      });
      const caller = {
        kind: 'user' as const,
        subject: payload.sub ?? '',
        scopes: scopesFromClaims(payload),
        expiresAt: payload.exp ?? 0,
      };
      this.remember(key, caller);
      return caller;
    } catch (error) {
      if (error instanceof JwksUnavailableError) return UNAVAILABLE_CALLER;
      const reason = refusalReason(error);
      const held = this.refusals.allow(reason);
      if (held !== null) this.logger.info({ reason, alsoRefused: held }, 'access token refused');
      return REFUSED_CALLER;
    }
  }

  private remember(key: string, caller: Extract<Caller, { kind: 'user' }>): void {
    if (this.verified.size >= MAX_VERIFIED) {
      // Oldest first: a Map iterates in insertion order.
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(key, caller);
  }
}
