import type { RequestHandler } from 'express';
import type { AdmissionControl } from '../admission/admission-control';
import { ErrorCode } from '../errors';
import type { GatewayMetrics } from '../observability/metrics';

const OVERLOADED_BODY = JSON.stringify({
  errors: [
    {
      message: 'The gateway is at capacity; retry in a moment.',
      extensions: { code: ErrorCode.OVERLOADED, retryAfterSeconds: 1 },
    },
  ],
});

/**
 * Admits a GraphQL request or sheds it, before its body is read: HTTP 503 with `Retry-After` and
 * the code OVERLOADED. An admitted request holds its place until its answer is sent or its client
 * goes away.
 */
export function admission(control: AdmissionControl, metrics: GatewayMetrics): RequestHandler {
  return (request, response, next) => {
    // Preflights cost nothing: never shed them.
    if (request.method === 'OPTIONS') {
      next();
      return;
    }
    void control.admit().then((decision) => {
      if (!decision.admitted) {
        metrics.requestsShed.inc({ reason: decision.reason });
        response
          .status(503)
          .set({ 'content-type': 'application/json', 'retry-after': '1' })
          .end(OVERLOADED_BODY);
        return;
      }
      response.once('close', () => {
        decision.release();
      });
      next();
    });
  };
}
