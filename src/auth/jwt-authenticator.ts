import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config/config';
import type { Logger } from '../observability/logger';
import { REFUSED_CALLER, type Caller } from './caller';
import { scopesFromClaims } from './scopes';

const BEARER = /^Bearer\s+([A-Za-z0-9_\-.]+)\s*$/i;

/**
 * Verifies end users' access tokens (JWT) against the identity provider's remote key set: the
 * signature with an asymmetric algorithm, `iss`, `aud`, `exp`/`nbf` with a small clock tolerance.
 * The key set is cached and refetched when a token names an unknown `kid` (at most once per
 * cooldown). Why a token failed is logged at debug, never told to the client.
 */
export class JwtAuthenticator {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    private readonly config: AuthConfig,
    private readonly logger: Logger,
  ) {
    this.keys = createRemoteJWKSet(config.jwksUrl, {
      cooldownDuration: config.jwksCooldownSeconds * 1000,
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: 5_000,
    });
  }

  async authenticate(authorization: string | undefined): Promise<Caller> {
    const token = BEARER.exec(authorization ?? '')?.[1];
    if (token === undefined) return REFUSED_CALLER;
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: [...this.config.algorithms],
        clockTolerance: this.config.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
      });
      return { kind: 'user', subject: payload.sub ?? '', scopes: scopesFromClaims(payload) };
    } catch (error) {
      const reason = error instanceof errors.JOSEError ? error.code : 'ERR_UNKNOWN';
      // The key set cannot be fetched: the server's problem, worth an operator's attention.
      const serverSide = error instanceof errors.JWKSTimeout || reason === 'ERR_UNKNOWN';
      this.logger[serverSide ? 'warn' : 'debug']({ reason }, 'access token refused');
      return REFUSED_CALLER;
    }
  }
}
