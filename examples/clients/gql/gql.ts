/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ClientRecordingsPage($first: Int, $after: String, $last: Int, $before: String) {\n    recordings(first: $first, after: $after, last: $last, before: $before) {\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          nodeId\n          createdAt\n          durationMillis\n          conference {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.ClientRecordingsPageDocument,
    "\n  query ClientRefetchRecording($nodeId: ID!) {\n    node(nodeId: $nodeId) {\n      nodeId\n      ... on Recording {\n        id\n        durationMillis\n        status\n      }\n    }\n  }\n": typeof types.ClientRefetchRecordingDocument,
    "\n  subscription ClientRecordingSaved {\n    recordingSaved {\n      id\n      nodeId\n      createdAt\n      durationMillis\n    }\n  }\n": typeof types.ClientRecordingSavedDocument,
    "\n  mutation ClientDeleteRecording($id: ID!) {\n    deleteRecording(id: $id) {\n      id\n    }\n  }\n": typeof types.ClientDeleteRecordingDocument,
};
const documents: Documents = {
    "\n  query ClientRecordingsPage($first: Int, $after: String, $last: Int, $before: String) {\n    recordings(first: $first, after: $after, last: $last, before: $before) {\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          nodeId\n          createdAt\n          durationMillis\n          conference {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.ClientRecordingsPageDocument,
    "\n  query ClientRefetchRecording($nodeId: ID!) {\n    node(nodeId: $nodeId) {\n      nodeId\n      ... on Recording {\n        id\n        durationMillis\n        status\n      }\n    }\n  }\n": types.ClientRefetchRecordingDocument,
    "\n  subscription ClientRecordingSaved {\n    recordingSaved {\n      id\n      nodeId\n      createdAt\n      durationMillis\n    }\n  }\n": types.ClientRecordingSavedDocument,
    "\n  mutation ClientDeleteRecording($id: ID!) {\n    deleteRecording(id: $id) {\n      id\n    }\n  }\n": types.ClientDeleteRecordingDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientRecordingsPage($first: Int, $after: String, $last: Int, $before: String) {\n    recordings(first: $first, after: $after, last: $last, before: $before) {\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          nodeId\n          createdAt\n          durationMillis\n          conference {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ClientRecordingsPage($first: Int, $after: String, $last: Int, $before: String) {\n    recordings(first: $first, after: $after, last: $last, before: $before) {\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          nodeId\n          createdAt\n          durationMillis\n          conference {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientRefetchRecording($nodeId: ID!) {\n    node(nodeId: $nodeId) {\n      nodeId\n      ... on Recording {\n        id\n        durationMillis\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  query ClientRefetchRecording($nodeId: ID!) {\n    node(nodeId: $nodeId) {\n      nodeId\n      ... on Recording {\n        id\n        durationMillis\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ClientRecordingSaved {\n    recordingSaved {\n      id\n      nodeId\n      createdAt\n      durationMillis\n    }\n  }\n"): (typeof documents)["\n  subscription ClientRecordingSaved {\n    recordingSaved {\n      id\n      nodeId\n      createdAt\n      durationMillis\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClientDeleteRecording($id: ID!) {\n    deleteRecording(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ClientDeleteRecording($id: ID!) {\n    deleteRecording(id: $id) {\n      id\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;