import {
  CallLegRecordingsDocument,
  ConferenceWithRecordingsDocument,
} from '../operations/generated';
import { execute } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';
import { callsByRoute } from '../support/upstream-calls';

describe('conferences and call legs', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulator.clearRequests());

  it('reads a conference with its fields mapped and its recordings paged', async () => {
    const conference = stack.simulator.dataset.conferences.find((c) => c.status === 'completed');
    if (!conference) throw new Error('no completed conference in the seed');
    const recordings = stack.simulator.dataset.recordings.filter(
      (r) => r.conference_id === conference.id,
    );

    const response = await execute(stack.gateway.url, ConferenceWithRecordingsDocument, {
      id: conference.id,
      first: 2,
    });

    expect(response.errors).toBeUndefined();
    expect(response.data?.conference).toEqual({
      id: conference.id,
      name: conference.name,
      status: 'COMPLETED',
      region: conference.region,
      createdAt: conference.created_at,
      updatedAt: conference.updated_at,
      expiresAt: conference.expires_at,
      endReason: conference.end_reason?.toUpperCase(),
      recordings: {
        totalCount: recordings.length,
        pageInfo: {
          hasNextPage: recordings.length > 2,
          hasPreviousPage: false,
          endCursor: expect.any(String),
        },
        nodes: recordings.slice(0, 2).map((r) => ({ id: r.id, conferenceId: conference.id })),
      },
    });
    expect(callsByRoute(stack.simulator.requests)).toEqual({
      'GET /conferences/{id}': 1,
      'GET /recordings': 1,
    });
  });

  it('answers null for an unknown conference', async () => {
    const response = await execute(stack.gateway.url, ConferenceWithRecordingsDocument, {
      id: 'nope',
    });
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ conference: null });
  });

  it("lists a call leg's recordings through the call-leg filter", async () => {
    const leg = stack.simulator.dataset.recordings.find((r) => r.call_leg_id !== null);
    const expected = stack.simulator.dataset.recordings.filter(
      (r) => r.call_leg_id === leg?.call_leg_id,
    );

    const response = await execute(stack.gateway.url, CallLegRecordingsDocument, {
      id: leg?.call_leg_id ?? '',
    });

    expect(response.data?.callLeg).toEqual({
      id: leg?.call_leg_id,
      recordings: {
        totalCount: expected.length,
        nodes: expected.map((r) => ({
          id: r.id,
          callLegId: r.call_leg_id,
          callSessionId: r.call_session_id,
        })),
      },
    });
    expect(stack.simulator.requests.map((r) => r.query['filter[call_leg_id]'])).toEqual([
      leg?.call_leg_id,
    ]);
  });
});
