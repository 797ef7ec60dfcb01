import type { Config } from '../config/config';
import type { RedisConnection } from '../redis/redis-connection';
import { GatewayMetrics } from './metrics';

/** The Sandbox's example operation, so a new user sees its own label. */
const SANDBOX_OPERATION = 'RecordingsWithConferences';

/**
 * The process's metrics: operation labels for the configured names, the trusted documents' names
 * and the Sandbox's example; Redis command failures counted by operation.
 */
export function createGatewayMetrics(
  config: Readonly<Config>,
  trustedOperationNames: readonly string[],
  redis: RedisConnection | null,
): GatewayMetrics {
  const metrics = new GatewayMetrics([
    ...config.metricsOperations,
    ...trustedOperationNames,
    SANDBOX_OPERATION,
  ]);
  redis?.onCommandError((operation) => metrics.redisErrors.inc({ operation }));
  return metrics;
}
