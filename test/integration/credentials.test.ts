import { RecordingByIdDocument } from '../operations/generated';
import { errorCodes, execute } from '../support/graphql-client';
import { startStack, TEST_API_KEY, type Stack } from '../support/start-stack';

describe('credentials', () => {
  describe('without a server API key', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ serverKey: false });
    });
    afterAll(() => stack.close());
    beforeEach(() => stack.simulator.clearRequests());
    const id = () => stack.simulator.dataset.recordings[0]?.id ?? '';

    it("forwards the client's bearer token upstream", async () => {
      const response = await execute(
        stack.gateway.url,
        RecordingByIdDocument,
        { id: id() },
        {
          headers: { authorization: `Bearer ${TEST_API_KEY}` },
        },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?.recording?.id).toBe(id());
    });

    it('answers UNAUTHENTICATED without any upstream call when the client sends no token', async () => {
      const response = await execute(stack.gateway.url, RecordingByIdDocument, { id: id() });
      expect(response.data).toEqual({ recording: null });
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
      expect(stack.simulator.requests).toHaveLength(0);
    });

    it('answers UNAUTHENTICATED when the upstream rejects the token, without echoing it', async () => {
      const token = 'wrong-token-8731';
      const response = await execute(
        stack.gateway.url,
        RecordingByIdDocument,
        { id: id() },
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.text).not.toContain(token);
    });
  });

  describe('with a server API key', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ serverKey: true });
    });
    afterAll(() => stack.close());

    it("uses the server key and ignores the client's token", async () => {
      const id = stack.simulator.dataset.recordings[0]?.id ?? '';
      // The simulator knows only the server key: success proves the client token stayed here.
      const response = await execute(
        stack.gateway.url,
        RecordingByIdDocument,
        { id },
        {
          headers: { authorization: 'Bearer some-client-token' },
        },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?.recording?.id).toBe(id);
      expect(response.text).not.toContain(TEST_API_KEY);
    });
  });
});
