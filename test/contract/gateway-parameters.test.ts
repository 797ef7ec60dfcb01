import { Timestamp } from '../../src/domain/timestamp';
import { recordingListParams } from '../../src/upstream/recordings/recording-list-params';
import { queryObjectProperties, type Schema } from './support/provider-contract';

describe("the gateway's query parameters against the spec", () => {
  it('sends only recording filters the provider declares for GET /recordings', () => {
    const at = Timestamp.parse('2026-01-01T00:00:00Z')!.timestamp;
    const params = recordingListParams({
      filter: {
        conferenceId: 'c',
        callLegId: 'l',
        callSessionId: 's',
        callControlId: 'v3:x',
        connectionId: '1',
        from: '+1',
        to: '+2',
        sipCallId: 'sip',
        conferenceRegion: 'us',
        createdAfter: at,
        createdBefore: at,
        startedAfter: at,
        startedBefore: at,
        endedAfter: at,
        endedBefore: at,
      },
      pageNumber: 1,
      pageSize: 20,
    });
    const declared = queryObjectProperties('GET /recordings', 'filter');
    const undeclared = [...params.keys()]
      .filter((name) => name.startsWith('filter['))
      .filter((name) => {
        // filter[a][b] is property b of property a of the deepObject `filter`.
        const path = name.slice('filter['.length, -1).split('][');
        let schema: Schema | undefined = { properties: declared };
        for (const part of path) {
          schema = (schema?.['properties'] as Record<string, Schema> | undefined)?.[part];
        }
        return schema === undefined;
      });

    expect([...params.keys()].filter((name) => name.startsWith('filter['))).toHaveLength(15);
    expect(undeclared).toEqual([]);
  });
});
