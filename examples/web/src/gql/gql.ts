/* eslint-disable */
import * as types from './graphql';



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
    "\n  query ExampleRecordingsPage($first: Int!, $after: String) {\n    recordings(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        createdAt\n        durationMillis\n        source\n        conference {\n          id\n          name\n        }\n        downloadUrls {\n          mp3\n          wav\n        }\n      }\n    }\n  }\n": typeof types.ExampleRecordingsPageDocument,
    "\n  mutation ExampleDeleteRecording($id: ID!) {\n    deleteRecording(id: $id) {\n      id\n    }\n  }\n": typeof types.ExampleDeleteRecordingDocument,
    "\n  query ExampleLiveConferences {\n    conferences(first: 10, filter: { status: IN_PROGRESS }) {\n      nodes {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ExampleLiveConferencesDocument,
    "\n  mutation ExampleStartConferenceRecording($conferenceId: ID!) {\n    startConferenceRecording(conferenceId: $conferenceId, options: { playBeep: true }) {\n      ok\n    }\n  }\n": typeof types.ExampleStartConferenceRecordingDocument,
    "\n  mutation ExampleStopConferenceRecording($conferenceId: ID!) {\n    stopConferenceRecording(conferenceId: $conferenceId) {\n      ok\n    }\n  }\n": typeof types.ExampleStopConferenceRecordingDocument,
};
const documents: Documents = {
    "\n  query ExampleRecordingsPage($first: Int!, $after: String) {\n    recordings(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        createdAt\n        durationMillis\n        source\n        conference {\n          id\n          name\n        }\n        downloadUrls {\n          mp3\n          wav\n        }\n      }\n    }\n  }\n": types.ExampleRecordingsPageDocument,
    "\n  mutation ExampleDeleteRecording($id: ID!) {\n    deleteRecording(id: $id) {\n      id\n    }\n  }\n": types.ExampleDeleteRecordingDocument,
    "\n  query ExampleLiveConferences {\n    conferences(first: 10, filter: { status: IN_PROGRESS }) {\n      nodes {\n        id\n        name\n      }\n    }\n  }\n": types.ExampleLiveConferencesDocument,
    "\n  mutation ExampleStartConferenceRecording($conferenceId: ID!) {\n    startConferenceRecording(conferenceId: $conferenceId, options: { playBeep: true }) {\n      ok\n    }\n  }\n": types.ExampleStartConferenceRecordingDocument,
    "\n  mutation ExampleStopConferenceRecording($conferenceId: ID!) {\n    stopConferenceRecording(conferenceId: $conferenceId) {\n      ok\n    }\n  }\n": types.ExampleStopConferenceRecordingDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExampleRecordingsPage($first: Int!, $after: String) {\n    recordings(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        createdAt\n        durationMillis\n        source\n        conference {\n          id\n          name\n        }\n        downloadUrls {\n          mp3\n          wav\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ExampleRecordingsPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExampleDeleteRecording($id: ID!) {\n    deleteRecording(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql').ExampleDeleteRecordingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExampleLiveConferences {\n    conferences(first: 10, filter: { status: IN_PROGRESS }) {\n      nodes {\n        id\n        name\n      }\n    }\n  }\n"): typeof import('./graphql').ExampleLiveConferencesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExampleStartConferenceRecording($conferenceId: ID!) {\n    startConferenceRecording(conferenceId: $conferenceId, options: { playBeep: true }) {\n      ok\n    }\n  }\n"): typeof import('./graphql').ExampleStartConferenceRecordingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExampleStopConferenceRecording($conferenceId: ID!) {\n    stopConferenceRecording(conferenceId: $conferenceId) {\n      ok\n    }\n  }\n"): typeof import('./graphql').ExampleStopConferenceRecordingDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
