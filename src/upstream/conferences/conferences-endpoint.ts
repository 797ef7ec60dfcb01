import { isEnded, type Conference } from '../../domain/conference';
import { isWireObject } from '../decode/row-reader';
import type { RecordingsApi } from '../recordings-api';
import { parseJson } from '../transport/upstream-transport';
import { itemOrThrow, type UpstreamSession } from '../upstream-session';
import { conferenceFromWire } from './conference-wire';

/** Conferences through one request's session. */
export function conferencesEndpoint(
  session: UpstreamSession,
): Pick<RecordingsApi, 'getConference'> {
  const { drift, ttls } = session;
  return {
    getConference: (id) =>
      session.cachedGet(
        'conference',
        {
          method: 'GET',
          route: '/conferences/{id}',
          path: `/conferences/${encodeURIComponent(id)}`,
          read: (text) => {
            const body = parseJson(text, 'conference');
            return itemOrThrow(
              conferenceFromWire(isWireObject(body) ? body['data'] : undefined, drift),
            );
          },
        },
        // An ended conference is final; a running one changes.
        (conference: Conference) =>
          isEnded(conference) ? ttls.immutableTtlSeconds : ttls.mutableTtlSeconds,
      ),
  };
}
