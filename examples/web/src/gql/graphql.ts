/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** The kind of event that led to this recording being created. */
export type RecordingSource =
  /** A call was recorded. */
  | 'CALL'
  /** A conference was recorded. */
  | 'CONFERENCE'
  /** A value the provider added after this gateway was built (logged and counted). */
  | 'UNKNOWN';

export type ExampleRecordingsPageQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type ExampleRecordingsPageQuery = { __typename: 'Query', recordings: { __typename: 'RecordingConnection', totalCount: number | null, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ __typename: 'Recording', id: string, createdAt: string, durationMillis: number | null, source: RecordingSource | null, conference: { __typename: 'Conference', id: string, name: string | null } | null, downloadUrls: { __typename: 'RecordingDownloadUrls', mp3: string | null, wav: string | null } | null } | null> } | null };

export type ExampleDeleteRecordingMutationVariables = Exact<{
  id: string;
}>;


export type ExampleDeleteRecordingMutation = { __typename: 'Mutation', deleteRecording: { __typename: 'Recording', id: string } | null };

export type ExampleLiveConferencesQueryVariables = Exact<{ [key: string]: never; }>;


export type ExampleLiveConferencesQuery = { __typename: 'Query', conferences: { __typename: 'ConferenceConnection', nodes: Array<{ __typename: 'Conference', id: string, name: string | null } | null> } };

export type ExampleStartConferenceRecordingMutationVariables = Exact<{
  conferenceId: string;
}>;


export type ExampleStartConferenceRecordingMutation = { __typename: 'Mutation', startConferenceRecording: { __typename: 'RecordingControlPayload', ok: boolean } };

export type ExampleStopConferenceRecordingMutationVariables = Exact<{
  conferenceId: string;
}>;


export type ExampleStopConferenceRecordingMutation = { __typename: 'Mutation', stopConferenceRecording: { __typename: 'RecordingControlPayload', ok: boolean } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const ExampleRecordingsPageDocument = new TypedDocumentString(`
    query ExampleRecordingsPage($first: Int!, $after: String) {
  __typename
  recordings(first: $first, after: $after) {
    __typename
    totalCount
    pageInfo {
      __typename
      hasNextPage
      endCursor
    }
    nodes {
      __typename
      id
      createdAt
      durationMillis
      source
      conference {
        __typename
        id
        name
      }
      downloadUrls {
        __typename
        mp3
        wav
      }
    }
  }
}
    `, {"hash":"sha256:8c97cc551e34b4d8b66df750f30068334a5fee46a43f1707b59fe49fffa9fb83"}) as unknown as TypedDocumentString<ExampleRecordingsPageQuery, ExampleRecordingsPageQueryVariables>;
export const ExampleDeleteRecordingDocument = new TypedDocumentString(`
    mutation ExampleDeleteRecording($id: ID!) {
  __typename
  deleteRecording(id: $id) {
    __typename
    id
  }
}
    `, {"hash":"sha256:3ce1dafbc86585faa731788c6d75aae3ff1f28f836254c7fd2d437c14ec6cc93"}) as unknown as TypedDocumentString<ExampleDeleteRecordingMutation, ExampleDeleteRecordingMutationVariables>;
export const ExampleLiveConferencesDocument = new TypedDocumentString(`
    query ExampleLiveConferences {
  __typename
  conferences(first: 10, filter: {status: IN_PROGRESS}) {
    __typename
    nodes {
      __typename
      id
      name
    }
  }
}
    `, {"hash":"sha256:c5eaa9cd2471efb01331ba2f5f2571ef5be33219a19c2c84d95d02dba88b9b92"}) as unknown as TypedDocumentString<ExampleLiveConferencesQuery, ExampleLiveConferencesQueryVariables>;
export const ExampleStartConferenceRecordingDocument = new TypedDocumentString(`
    mutation ExampleStartConferenceRecording($conferenceId: ID!) {
  __typename
  startConferenceRecording(conferenceId: $conferenceId, options: {playBeep: true}) {
    __typename
    ok
  }
}
    `, {"hash":"sha256:20c36f25a09e9c4347a68784a915be472bee739a2cdf3969e5150feb1cb46069"}) as unknown as TypedDocumentString<ExampleStartConferenceRecordingMutation, ExampleStartConferenceRecordingMutationVariables>;
export const ExampleStopConferenceRecordingDocument = new TypedDocumentString(`
    mutation ExampleStopConferenceRecording($conferenceId: ID!) {
  __typename
  stopConferenceRecording(conferenceId: $conferenceId) {
    __typename
    ok
  }
}
    `, {"hash":"sha256:0e2e4bc36269de587bc3b2c3cdcda12a8bdb45165652951b33b30444fb8f97d8"}) as unknown as TypedDocumentString<ExampleStopConferenceRecordingMutation, ExampleStopConferenceRecordingMutationVariables>;