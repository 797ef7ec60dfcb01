import { DeleteRecordingDocument, RecordingByIdDocument } from '../operations/generated';
import { errorCodes, execute, postGraphQL } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';
import { callsByRoute } from '../support/upstream-calls';

describe('deleteRecording', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulator.clearRequests());

  it('deletes upstream and returns the recording as it was', async () => {
    const wire = stack.simulator.dataset.recordings[5];
    if (!wire) throw new Error('seed too small');

    const response = await execute(stack.gateway.url, DeleteRecordingDocument, { id: wire.id });

    expect(response.errors).toBeUndefined();
    expect(response.data?.deleteRecording).toEqual({
      id: wire.id,
      source: wire.source.toUpperCase(),
    });
    expect(callsByRoute(stack.simulator.requests)).toEqual({ 'DELETE /recordings/{id}': 1 });
    const after = await execute(stack.gateway.url, RecordingByIdDocument, { id: wire.id });
    expect(after.data).toEqual({ recording: null });
  });

  it('does not serve the deleted recording to later fields of the same request', async () => {
    const id = stack.simulator.dataset.recordings[6]?.id ?? '';
    const response = await postGraphQL<{ deleted: { id: string }; again: null }>(
      stack.gateway.url,
      'mutation ($id: ID!) { deleted: deleteRecording(id: $id) { id } again: deleteRecording(id: $id) { id } }',
      { id },
    );
    expect(response.data?.deleted).toEqual({ id });
    expect(response.data?.again).toBeNull();
    expect(errorCodes(response)).toEqual(['NOT_FOUND']);
  });

  it('answers NOT_FOUND for a recording that does not exist', async () => {
    const response = await execute(stack.gateway.url, DeleteRecordingDocument, { id: 'missing' });
    expect(response.data).toEqual({ deleteRecording: null });
    expect(response.errors?.[0]).toMatchObject({
      path: ['deleteRecording'],
      extensions: { code: 'NOT_FOUND' },
    });
  });
});
