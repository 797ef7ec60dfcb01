import { startEventSpan, traceLink, traceLinkOf } from '../../../src/observability/tracing';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('live event spans without tracing', () => {
  it('makes no link and no span: the event path only checks for null', () => {
    expect(traceLink(undefined)).toBeUndefined();
    expect(
      startEventSpan({ traceparent: TRACEPARENT }, 'recordingSaved', 'SavedRecordings'),
    ).toBeUndefined();
  });
});

describe('a trace link read back from the Redis stream', () => {
  it.each([
    [{ traceparent: TRACEPARENT }, { traceparent: TRACEPARENT }],
    [
      { traceparent: TRACEPARENT, tracestate: 'vendor=1', other: 'dropped' },
      { traceparent: TRACEPARENT, tracestate: 'vendor=1' },
    ],
    [undefined, undefined],
    [null, undefined],
    ['00-not-headers', undefined],
    [{ tracestate: 'vendor=1' }, undefined],
    [{ traceparent: 42 }, undefined],
  ])('%j is read as %j', (wire, expected) => {
    expect(traceLinkOf(wire)).toEqual(expected);
  });
});
