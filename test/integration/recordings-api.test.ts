import {
  DeleteRecordingsDocument,
  DeleteRecordingTranscriptionDocument,
  RecordingsPageDocument,
  RecordingTranscriptionsDocument,
} from '../operations/generated';
import { errorCodes, execute } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';
import { callsByRoute } from '../support/upstream-calls';

describe('newer recording fields and filters', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulator.clearRequests());

  it('answers the newer fields, and null where an older row has none', async () => {
    const response = await execute(stack.gateway.url, RecordingsPageDocument, { first: 250 });
    expect(response.errors).toBeUndefined();
    const nodes = response.data?.recordings?.edges.map((edge) => edge.node) ?? [];
    const byId = new Map(stack.simulator.dataset.recordings.map((row) => [row.id, row]));
    const older = nodes.filter((node) => byId.get(node?.id ?? '')?.from === undefined);
    const newer = nodes.filter((node) => byId.get(node?.id ?? '')?.from !== undefined);
    expect(older.length).toBeGreaterThan(0);
    expect(newer.length).toBeGreaterThan(0);
    for (const node of older) {
      expect(node).toMatchObject({
        from: null,
        to: null,
        callControlId: null,
        connectionId: null,
        initiatedBy: null,
      });
    }
    for (const node of newer) {
      const row = byId.get(node?.id ?? '');
      expect(node).toMatchObject({
        from: row?.from,
        to: row?.to,
        callControlId: row?.call_control_id,
        connectionId: row?.connection_id,
        initiatedBy: row?.initiated_by,
      });
    }
  });

  it('filters by from, to, connectionId and callControlId upstream', async () => {
    const sample = stack.simulator.dataset.recordings.find((row) => row.from !== undefined);
    if (!sample?.from || !sample.to || !sample.call_control_id || !sample.connection_id) {
      throw new Error('no recording with the newer fields');
    }
    const cases = [
      [{ from: sample.from }, (row: typeof sample) => row.from === sample.from],
      [{ to: sample.to }, (row: typeof sample) => row.to === sample.to],
      [
        { connectionId: sample.connection_id },
        (row: typeof sample) => row.connection_id === sample.connection_id,
      ],
      [
        { callControlId: sample.call_control_id },
        (row: typeof sample) => row.call_control_id === sample.call_control_id,
      ],
    ] as const;
    for (const [filter, matches] of cases) {
      stack.simulator.clearRequests();
      const response = await execute(stack.gateway.url, RecordingsPageDocument, {
        first: 250,
        filter,
      });
      const ids = response.data?.recordings?.edges.map((edge) => edge.node?.id);
      const expected = stack.simulator.dataset.recordings.filter(matches).map((row) => row.id);
      expect(ids).toEqual(expected);
      expect(response.data?.recordings?.totalCount).toBe(expected.length);
      expect(callsByRoute(stack.simulator.requests)).toEqual({ 'GET /recordings': 1 });
    }
  });
});

describe('transcriptions', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulator.clearRequests());

  const expectedTranscriptions = (ids: readonly string[]) =>
    ids.map((id) => stack.simulator.dataset.transcriptions.find((t) => t.recording_id === id));

  async function pageWithTranscriptions(first: number) {
    const response = await execute(stack.gateway.url, RecordingTranscriptionsDocument, { first });
    expect(response.errors).toBeUndefined();
    return response.data?.recordings?.nodes ?? [];
  }

  it('answers a page of 50 recordings with their transcriptions in one list call', async () => {
    const nodes = await pageWithTranscriptions(50);
    const expected = expectedTranscriptions(nodes.map((node) => node?.id ?? ''));
    expect(expected.filter(Boolean).length).toBeGreaterThan(5);
    expect(expected.some((t) => t === undefined)).toBe(true);
    nodes.forEach((node, index) => {
      const wire = expected[index];
      if (!wire) {
        expect(node?.transcription).toBeNull();
        return;
      }
      expect(node?.transcription).toMatchObject({
        id: wire.id,
        text: wire.transcription_text ?? null,
        status: wire.status === 'completed' ? 'COMPLETED' : 'IN_PROGRESS',
        durationMillis: wire.duration_millis,
        recording: { id: node?.id },
      });
    });
    // The naive loader: one filter[recording_id] call per row, 50.
    expect(callsByRoute(stack.simulator.requests)).toEqual({
      'GET /recordings': 1,
      'GET /recording_transcriptions': 1,
    });
  });

  it('tolerates cursor-style meta and a provider that ignores the filters', async () => {
    const plain = await pageWithTranscriptions(50);
    stack.simulator.drift.transcriptionCursorMeta = true;
    stack.simulator.drift.transcriptionFiltersIgnored = true;
    try {
      stack.simulator.clearRequests();
      expect(await pageWithTranscriptions(50)).toEqual(plain);
      // Every transcription listed, a page of 250 at a time, matched by recording_id here.
      const calls = callsByRoute(stack.simulator.requests)['GET /recording_transcriptions'] ?? 0;
      expect(calls).toBeGreaterThanOrEqual(1);
      expect(calls).toBeLessThanOrEqual(
        Math.ceil(stack.simulator.dataset.transcriptions.length / 250),
      );
      const metrics = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
      expect(metrics).toMatch(/transcription/);
    } finally {
      stack.simulator.drift.transcriptionCursorMeta = false;
      stack.simulator.drift.transcriptionFiltersIgnored = false;
    }
  });

  it('deletes a transcription; deleting it again is NOT_FOUND', async () => {
    const wire = stack.simulator.dataset.transcriptions.find((t) => t.status === 'completed');
    if (!wire) throw new Error('no transcription');
    const deleted = await execute(stack.gateway.url, DeleteRecordingTranscriptionDocument, {
      id: wire.id,
    });
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data?.deleteRecordingTranscription).toEqual({
      id: wire.id,
      status: 'COMPLETED',
    });
    expect(callsByRoute(stack.simulator.requests)).toEqual({
      'DELETE /recording_transcriptions/{id}': 1,
    });
    const again = await execute(stack.gateway.url, DeleteRecordingTranscriptionDocument, {
      id: wire.id,
    });
    expect(errorCodes(again)).toEqual(['NOT_FOUND']);
  });
});

describe('bulk delete', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulator.clearRequests());

  it('deletes a set in one upstream call, ids de-duplicated, and later reads miss them', async () => {
    const ids = stack.simulator.dataset.recordings.slice(0, 3).map((row) => row.id);
    const response = await execute(stack.gateway.url, DeleteRecordingsDocument, {
      ids: [...ids, ids[0] ?? ''],
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?.deleteRecordings.deletedIds).toEqual(ids);
    const calls = stack.simulator.requests;
    expect(callsByRoute(calls)).toEqual({ 'POST /recordings/actions/delete': 1 });
    const remaining = stack.simulator.dataset.recordings.map((row) => row.id);
    expect(remaining.filter((id) => ids.includes(id))).toEqual([]);
  });

  it('accepts the 204 of older API versions', async () => {
    stack.simulator.drift.bulkDeleteAnswer = 'no_content';
    try {
      const ids = stack.simulator.dataset.recordings.slice(0, 2).map((row) => row.id);
      const response = await execute(stack.gateway.url, DeleteRecordingsDocument, { ids });
      expect(response.data?.deleteRecordings.deletedIds).toEqual(ids);
    } finally {
      stack.simulator.drift.bulkDeleteAnswer = 'ok';
    }
  });

  it('answers no deleted ids when the provider knows none of them', async () => {
    const response = await execute(stack.gateway.url, DeleteRecordingsDocument, {
      ids: ['11111111-2222-3333-4444-555555555555'],
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?.deleteRecordings.deletedIds).toEqual([]);
  });

  it('refuses more than 250 distinct ids, or a malformed one, before any upstream call', async () => {
    const many = Array.from(
      { length: 251 },
      (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    );
    const tooMany = await execute(stack.gateway.url, DeleteRecordingsDocument, { ids: many });
    expect(errorCodes(tooMany)).toEqual(['BAD_USER_INPUT']);
    const malformed = await execute(stack.gateway.url, DeleteRecordingsDocument, {
      ids: ['ok-looking', '../../etc'],
    });
    expect(errorCodes(malformed)).toEqual(['BAD_USER_INPUT']);
    expect(stack.simulator.requests).toHaveLength(0);
  });
});
