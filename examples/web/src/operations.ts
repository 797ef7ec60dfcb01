import { graphql } from './gql';

// The operations this client sends. `npm run codegen` types them from schema.graphql and lists
// them in src/gql/persisted-documents.json, the manifest a gateway's TRUSTED_DOCUMENTS points at.

export const RecordingsPage = graphql(`
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
`);

export const DeleteRecording = graphql(`
  mutation ExampleDeleteRecording($id: ID!) {
    deleteRecording(id: $id) {
      id
    }
  }
`);

export const LiveConferences = graphql(`
  query ExampleLiveConferences {
    conferences(first: 10, filter: { status: IN_PROGRESS }) {
      nodes {
        id
        name
      }
    }
  }
`);

export const StartConferenceRecording = graphql(`
  mutation ExampleStartConferenceRecording($conferenceId: ID!) {
    startConferenceRecording(conferenceId: $conferenceId, options: { playBeep: true }) {
      ok
    }
  }
`);

export const StopConferenceRecording = graphql(`
  mutation ExampleStopConferenceRecording($conferenceId: ID!) {
    stopConferenceRecording(conferenceId: $conferenceId) {
      ok
    }
  }
`);
