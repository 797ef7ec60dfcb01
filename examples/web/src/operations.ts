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
