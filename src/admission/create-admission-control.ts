import type { Config } from '../config/config';
import type { GatewayMetrics } from '../observability/metrics';
import type { Upstream } from '../upstream/create-upstream-client';
import { AdmissionControl } from './admission-control';

/**
 * The front door of /graphql, watching the upstream limiter's queue; the upstream and door gauges
 * are reported together.
 */
export function createAdmissionControl(
  config: Readonly<Config>,
  upstream: Upstream,
  metrics: GatewayMetrics,
): AdmissionControl {
  const { limiter } = upstream;
  const admission = new AdmissionControl({
    maxConcurrent: config.admissionMaxConcurrent,
    targetQueueDelayMs: config.admissionQueueDelayMs,
    maxEventLoopDelayMs: config.admissionEventLoopDelayMs,
    queueTimeoutMs: config.admissionQueueTimeoutMs,
    // Queueing behind a limit that is still ramping up says nothing about the upstream's capacity.
    upstreamQueueDelayMs: () => (limiter.growing ? 0 : limiter.queueDelayMs()),
  });
  metrics.watchUpstream(() => {
    const pool = upstream.transport.pool.stats;
    return {
      limit: limiter.currentLimit,
      inflight: limiter.inflight,
      queued: limiter.queued,
      queueDelayMs: limiter.queueDelayMs(),
      poolConnected: pool.connected,
      poolQueued: pool.queued,
      poolRunning: pool.running,
      requestsInFlight: admission.inflight,
      admissionLimit: admission.limit,
    };
  });
  return admission;
}
