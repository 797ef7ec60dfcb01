import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { persistedExchange } from '@urql/exchange-persisted';
import { createClient } from 'graphql-ws';
import { documentHash } from './document-hash';

export interface UrqlRecipeOptions {
  /** The gateway's /graphql URL (http: or https:). */
  readonly url: string;
  /** The user's access token (JWT auth on) or provider key (forwarding mode); none in development. */
  readonly token?: () => string | undefined;
  /** Send only the hash of each document (the gateway runs TRUSTED_DOCUMENTS). */
  readonly trustedDocuments?: boolean;
  /** A WebSocket class where the runtime has none (Node before 22: `ws`). */
  readonly webSocketImpl?: unknown;
  /** The `fetch` to use (the global one by default). */
  readonly fetch?: typeof fetch;
}

// Types without an `id` of their own live inside their parent's cache entry.
const EMBEDDED = [
  'RecordingConnection',
  'RecordingEdge',
  'ConferenceConnection',
  'ConferenceEdge',
  'ParticipantConnection',
  'ParticipantEdge',
  'PageInfo',
  'RecordingDownloadUrls',
  'DeleteRecordingsPayload',
  'RecordingControlPayload',
];

/**
 * urql with Graphcache for this gateway: entities keyed `Recording:<id>`, Relay connections
 * merged page by page, documents sent by hash when trusted documents are on (queries as GET, as
 * urql does by default), and subscriptions over graphql-ws with the same token.
 */
export function createUrqlClient(options: UrqlRecipeOptions): Client {
  const token = () => options.token?.();
  const socket = createClient({
    url: options.url.replace(/^http/, 'ws'),
    connectionParams: () => {
      const value = token();
      return value ? { authorization: `Bearer ${value}` } : {};
    },
    ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
  });
  const persisted = options.trustedDocuments
    ? [
        persistedExchange({
          enforcePersistedQueries: true,
          enableForMutation: true,
          enableForSubscriptions: true,
          generateHash: (_text, document) => Promise.resolve(documentHash(document)),
        }),
      ]
    : [];
  return new Client({
    url: options.url,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    fetchOptions: () => {
      const value = token();
      return value ? { headers: { authorization: `Bearer ${value}` } } : {};
    },
    exchanges: [
      cacheExchange({
        keys: Object.fromEntries(EMBEDDED.map((type) => [type, () => null])),
        resolvers: {
          Query: { recordings: relayPagination(), conferences: relayPagination() },
          Conference: { participants: relayPagination(), recordings: relayPagination() },
          CallLeg: { recordings: relayPagination() },
        },
      }),
      ...persisted,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            // With trusted documents the request carries the hash and no text.
            unsubscribe: socket.subscribe({ ...request, query: request.query ?? '' }, sink),
          }),
        }),
      }),
    ],
  });
}
