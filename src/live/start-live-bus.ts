import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import type { RedisConnection } from '../redis/redis-connection';
import type { RecordingsApiClient } from '../upstream/recordings-api-client';
import { LiveBus } from './live-bus';

/** The process's live bus, started, with the upstream cache as its first listener. */
export function startLiveBus(
  config: Readonly<Config>,
  redis: RedisConnection | null,
  client: RecordingsApiClient,
  logger: Logger,
  metrics: GatewayMetrics,
): LiveBus {
  const live = new LiveBus(redis, logger, metrics, config.live);
  live.start();
  // Caches first: a subscriber's read right after must not be answered from before the event.
  live.listen(({ event }) =>
    client.markChanged(
      event.kind === 'recording_saved'
        ? { recordingIds: event.recordingId ? [event.recordingId] : [], transcriptionIds: [] }
        : {
            recordingIds: [],
            transcriptionIds: event.transcriptionId ? [event.transcriptionId] : [],
          },
    ),
  );
  return live;
}
