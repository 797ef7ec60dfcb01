import type { Logger } from '../observability/logger';
import type { ProbeResult } from './recordings-api-client';

/** Says at start what readiness will say later, in words that point at the setting to fix. */
export async function checkUpstreamAtStart(
  state: Promise<ProbeResult>,
  upstreamUrl: URL,
  logger: Logger,
): Promise<void> {
  const where = { upstream: upstreamUrl.origin + upstreamUrl.pathname };
  switch (await state) {
    case 'wrong_base_path':
      logger.error(
        where,
        'The upstream answers 404 for GET /recordings: UPSTREAM_URL must be the API base ' +
          'including its version, e.g. https://api.telnyx.com/v2. Not ready until it answers.',
      );
      break;
    case 'auth_failed':
      logger.error(where, 'The upstream refuses UPSTREAM_API_KEY (401/403). Not ready.');
      break;
    case 'unreachable':
      logger.warn(where, 'The upstream does not answer yet; readiness reports it.');
      break;
    case 'ok':
      break;
  }
}
