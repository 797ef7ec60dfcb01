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


export type ExampleRecordingsPageQuery = { recordings: { totalCount: number | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, createdAt: string, durationMillis: number | null, source: RecordingSource | null, conference: { id: string, name: string | null } | null, downloadUrls: { mp3: string | null, wav: string | null } | null } | null> } | null };

export type ExampleDeleteRecordingMutationVariables = Exact<{
  id: string;
}>;


export type ExampleDeleteRecordingMutation = { deleteRecording: { id: string } | null };

export type ExampleLiveConferencesQueryVariables = Exact<{ [key: string]: never; }>;


export type ExampleLiveConferencesQuery = { conferences: { nodes: Array<{ id: string, name: string | null } | null> } };

export type ExampleStartConferenceRecordingMutationVariables = Exact<{
  conferenceId: string;
}>;


export type ExampleStartConferenceRecordingMutation = { startConferenceRecording: { ok: boolean } };

export type ExampleStopConferenceRecordingMutationVariables = Exact<{
  conferenceId: string;
}>;


export type ExampleStopConferenceRecordingMutation = { stopConferenceRecording: { ok: boolean } };

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
  recordings(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      createdAt
      durationMillis
      source
      conference {
        id
        name
      }
      downloadUrls {
        mp3
        wav
      }
    }
  }
}
    `, {"hash":"sha256:b2a4ccd0a12d95b84611879dc303e855f9da605fa62fc90403806f62ad8e3563"}) as unknown as TypedDocumentString<ExampleRecordingsPageQuery, ExampleRecordingsPageQueryVariables>;
export const ExampleDeleteRecordingDocument = new TypedDocumentString(`
    mutation ExampleDeleteRecording($id: ID!) {
  deleteRecording(id: $id) {
    id
  }
}
    `, {"hash":"sha256:ef472430a54750bee05c41e7ae0575a45cc6fe3a2712455e2285956299f5984f"}) as unknown as TypedDocumentString<ExampleDeleteRecordingMutation, ExampleDeleteRecordingMutationVariables>;
export const ExampleLiveConferencesDocument = new TypedDocumentString(`
    query ExampleLiveConferences {
  conferences(first: 10, filter: {status: IN_PROGRESS}) {
    nodes {
      id
      name
    }
  }
}
    `, {"hash":"sha256:05ffe65e4402eb2197d132dc982a314a33086f613952f654aa7ec732152202c5"}) as unknown as TypedDocumentString<ExampleLiveConferencesQuery, ExampleLiveConferencesQueryVariables>;
export const ExampleStartConferenceRecordingDocument = new TypedDocumentString(`
    mutation ExampleStartConferenceRecording($conferenceId: ID!) {
  startConferenceRecording(conferenceId: $conferenceId, options: {playBeep: true}) {
    ok
  }
}
    `, {"hash":"sha256:50e82f64b8bf4af9141109069ec4061b5365998adfafbba04f0f938036cc6a6a"}) as unknown as TypedDocumentString<ExampleStartConferenceRecordingMutation, ExampleStartConferenceRecordingMutationVariables>;
export const ExampleStopConferenceRecordingDocument = new TypedDocumentString(`
    mutation ExampleStopConferenceRecording($conferenceId: ID!) {
  stopConferenceRecording(conferenceId: $conferenceId) {
    ok
  }
}
    `, {"hash":"sha256:cdffc4ef290df0113d1df57adfb05e7f1b69f294b95689f72c754fdbff24557f"}) as unknown as TypedDocumentString<ExampleStopConferenceRecordingMutation, ExampleStopConferenceRecordingMutationVariables>;