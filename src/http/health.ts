import { Router } from 'express';

export interface ReadinessSource {
  /** False once the gateway is draining for shutdown. */
  accepting(): boolean;
  breakerState(): string;
  /** Whether the upstream answered a probe recently (any HTTP status counts as reachable). */
  upstreamReachable(): Promise<boolean>;
}

/**
 * Liveness says the process is up; readiness says it should get traffic: schema built (it is, once
 * this router serves), not draining, upstream reachable, breaker not open.
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
      const upstream = accepting && (await source.upstreamReachable());
      const ready = accepting && upstream && breaker !== 'open';
      response.status(ready ? 200 : 503).json({
        status: ready ? 'ready' : 'not_ready',
        checks: {
          schema: 'ok',
          accepting: accepting ? 'ok' : 'draining',
          upstream: upstream ? 'ok' : 'unreachable',
          breaker,
        },
      });
    })().catch(next);
  });
  return router;
}
