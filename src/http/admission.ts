import type { RequestHandler } from 'express';
import type { AdmissionControl } from '../admission/admission-control';
import { ErrorCode } from '../errors';
import type { GatewayMetrics } from '../observability/metrics';
import { graphqlErrorBody } from './graphql-error-body';

/**
 * Admits a GraphQL request or sheds it at once, before its body is read: HTTP 503 with
 * `Retry-After` and the code OVERLOADED. An admitted request holds its place until its answer is
 * sent or its client goes away.
 */
export function admission(control: AdmissionControl, metrics: GatewayMetrics): RequestHandler {
  return (request, response, next) => {
    // Preflights cost nothing: never shed them.
    if (request.method === 'OPTIONS') {
      next();
      return;
    }
    const decision = control.admit();
    if (!decision.admitted) {
      metrics.requestsShed.inc({ reason: decision.reason });
      const body = graphqlErrorBody(
        'The gateway is at capacity; retry in a moment.',
        ErrorCode.OVERLOADED,
      );
      response
        .status(503)
        .set('retry-after', '1')
        .json({
          errors: body.errors.map((error) => ({
            ...error,
            extensions: { ...error.extensions, retryAfterSeconds: 1 },
          })),
        });
      return;
    }
    response.once('close', () => {
      decision.release();
    });
    next();
  };
}
