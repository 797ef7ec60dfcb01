import { Router } from 'express';
import type { JwksState } from '../auth/jwks-key-set';
import type { RedisState } from '../redis/redis-connection';
import type { ProbeResult } from '../upstream/recordings-api-client';

export interface ReadinessSource {
  /** False once the gateway is draining for shutdown. */
  accepting(): boolean;
  breakerState(): string;
  /** The upstream's answer to a recent probe (with the server key, when there is one). */
  upstream(): Promise<ProbeResult>;
  /** Redis's state when configured, else null. Reported, never a reason to stop traffic. */
  redis(): Promise<RedisState | null>;
  /** The identity provider's key set when end users are verified, else null. */
  jwks(): JwksState | null;
}

/**
 * Liveness says the process is up; readiness says it should get traffic: schema built (it is, once
 * this router serves), not draining, the upstream answering at the configured base path and
 * accepting the server key, breaker not open, the identity provider's keys at hand (stale ones
 * will do) when end users are verified. Redis is reported but does not decide: without it
 * the gateway still answers, from its own memory.
 */
export function healthRoutes(source: ReadinessSource): Router {
  const router = Router();
  router.get('/health/live', (_request, response) => {
    response.json({ status: 'ok' });
  });
  router.get('/health/ready', (_request, response, next) => {
    void (async () => {
      const breaker = source.breakerState();
      const accepting = source.accepting();
      const upstream = accepting ? await source.upstream() : 'unreachable';
      const redis = await source.redis();
      const jwks = source.jwks();
      // Stale keys still verify; with none, nobody can be: send traffic to a replica that can.
      const ready = accepting && upstream === 'ok' && breaker !== 'open' && jwks !== 'unavailable';
      response.status(ready ? 200 : 503).json({
        status: ready ? 'ready' : 'not_ready',
        checks: {
          schema: 'ok',
          accepting: accepting ? 'ok' : 'draining',
          upstream,
          breaker,
          ...(redis === null ? {} : { redis }),
          ...(jwks === null ? {} : { jwks }),
        },
      });
    })().catch(next);
  });
  return router;
}
