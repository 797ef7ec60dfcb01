import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { Client, fetchExchange, gql } from '@urql/core';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/observability/logger';
import { startApp, type RunningApp } from '../../src/start-app';
import { errorCodes } from '../support/graphql-client';
import { startIdentityProvider, type IdentityProvider } from '../support/identity-provider';
import { startStack, TEST_API_KEY, type Stack } from '../support/start-stack';

const TYPENAME = '{ __typename }';

/** A GET as urql sends a query by default: no content-type, no preflight header. */
async function simpleGet(url: URL, query: string, headers: Record<string, string> = {}) {
  const target = new URL(url);
  target.searchParams.set('query', query);
  const response = await fetch(target, { headers });
  const text = await response.text();
  const body = JSON.parse(text) as {
    data?: unknown;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  return { status: response.status, text, ...body };
}

const PAGE = gql`
  query Page($after: String) {
    recordings(first: 5, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          nodeId
        }
      }
    }
  }
`;

interface PageData {
  recordings: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { id: string } }[];
  };
}

describe('GET queries without a preflight header (urql’s default) and the CSRF guard', () => {
  describe('on the embedded simulator, as `npm start` runs in development', () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await startApp(
        loadConfig({ PORT: '0', HOST: '127.0.0.1', SIMULATOR_NEW_RECORDING_EVERY_MS: '0' }),
        createLogger({ level: 'silent' }),
      );
    });
    afterAll(() => app.stop());

    it('lets urql with Graphcache and every default walk three pages', async () => {
      const methods: string[] = [];
      const client = new Client({
        url: app.gateway.url.href,
        // Only watches the requests: how urql sends them stays its default.
        fetch: (input, init) => {
          methods.push(init?.method ?? 'GET');
          return fetch(input, init);
        },
        exchanges: [
          cacheExchange({ resolvers: { Query: { recordings: relayPagination() } } }),
          fetchExchange,
        ],
      });
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 3; page += 1) {
        const result: { data?: PageData; error?: unknown } = await client
          .query<PageData>(PAGE, { after })
          .toPromise();
        expect(result.error).toBeUndefined();
        const recordings: PageData['recordings'] = result.data!.recordings;
        // Graphcache's relayPagination answers the whole list walked so far.
        seen.splice(0, seen.length, ...recordings.edges.map((edge) => edge.node.id));
        after = recordings.pageInfo.endCursor;
        expect(recordings.pageInfo.hasNextPage).toBe(true);
      }
      expect(methods).toEqual(['GET', 'GET', 'GET']);
      expect(seen).toHaveLength(15);
      expect(new Set(seen).size).toBe(15);
      const direct = await simpleGet(app.gateway.url, '{ recordings(first: 15) { nodes { id } } }');
      expect(direct.data).toEqual({ recordings: { nodes: seen.map((id) => ({ id })) } });
    });

    it('never runs a mutation over GET', async () => {
      const response = await simpleGet(
        app.gateway.url,
        'mutation { deleteRecording(id: "abc") { id } }',
      );
      expect(response.status).toBe(405);
      expect(response.data).toBeUndefined();
    });
  });

  describe('with forwarded keys', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ serverKey: false });
    });
    afterAll(() => stack.close());

    it('answers a GET query carrying the caller’s key, with no preflight header', async () => {
      const response = await simpleGet(stack.gateway.url, TYPENAME, {
        authorization: `Bearer ${TEST_API_KEY}`,
      });
      expect(response.status).toBe(200);
      expect(response.data).toEqual({ __typename: 'Query' });
    });

    it('never runs a mutation over GET', async () => {
      stack.simulator.clearRequests();
      const id = stack.simulator.dataset.recordings[0]!.id;
      const response = await simpleGet(
        stack.gateway.url,
        `mutation { deleteRecording(id: "${id}") { id } }`,
        { authorization: `Bearer ${TEST_API_KEY}`, 'apollo-require-preflight': 'true' },
      );
      expect(response.status).toBe(405);
      expect(stack.simulator.requests).toHaveLength(0);
    });
  });

  describe('with end-user JWTs in front of a server key', () => {
    let idp: IdentityProvider;
    let stack: Stack;
    beforeAll(async () => {
      idp = await startIdentityProvider();
      stack = await startStack({
        env: { NODE_ENV: 'production', AUTH_DISABLED: 'false', ...idp.env },
      });
    });
    afterAll(async () => {
      await stack.close();
      await idp.stop();
    });

    it('answers a GET query with a token, and asks a GET without one for credentials', async () => {
      const id = stack.simulator.dataset.recordings[0]!.id;
      const query = `{ recording(id: "${id}") { id } }`;
      const token = await idp.token({ scope: 'recordings:read' });
      const answered = await simpleGet(stack.gateway.url, query, {
        authorization: `Bearer ${token}`,
      });
      const anonymous = await simpleGet(stack.gateway.url, query);

      expect(answered.data).toEqual({ recording: { id } });
      expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
      expect(anonymous.text).not.toContain('CSRF');
    });
  });

  describe('with AUTH_DISABLED=true and a server key (reaching the port is authority)', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack();
    });
    afterAll(() => stack.close());

    it('refuses a GET without a preflight header, saying what to set on the client', async () => {
      const refused = await simpleGet(stack.gateway.url, TYPENAME);
      const preflighted = await simpleGet(stack.gateway.url, TYPENAME, {
        'apollo-require-preflight': 'true',
      });

      expect(refused.status).toBe(400);
      expect(errorCodes(refused)).toEqual(['BAD_REQUEST']);
      expect(refused.errors?.[0]?.message).toContain('Cross-Site Request Forgery');
      expect(refused.errors?.[0]?.message).toContain('apollo-require-preflight: true');
      expect(refused.errors?.[0]?.message).toContain('preferGetMethod: false');
      expect(preflighted.data).toEqual({ __typename: 'Query' });
    });
  });
});
