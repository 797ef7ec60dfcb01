import { graphql } from './gql';

// What the Apollo Client and urql recipes send. `npm run codegen` types them from schema.graphql
// and lists them, each with `__typename` wherever a type is normalised, in
// gql/persisted-documents.json: the manifest a gateway's TRUSTED_DOCUMENTS points at.

export const ClientRecordingsPage = graphql(`
  query ClientRecordingsPage($first: Int, $after: String, $last: Int, $before: String) {
    recordings(first: $first, after: $after, last: $last, before: $before) {
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        cursor
        node {
          id
          nodeId
          createdAt
          durationMillis
          conference {
            id
            name
          }
        }
      }
    }
  }
`);

export const ClientRefetchRecording = graphql(`
  query ClientRefetchRecording($nodeId: ID!) {
    node(nodeId: $nodeId) {
      nodeId
      ... on Recording {
        id
        durationMillis
        status
      }
    }
  }
`);

export const ClientRecordingSaved = graphql(`
  subscription ClientRecordingSaved {
    recordingSaved {
      id
      nodeId
      createdAt
      durationMillis
    }
  }
`);

export const ClientDeleteRecording = graphql(`
  mutation ClientDeleteRecording($id: ID!) {
    deleteRecording(id: $id) {
      id
    }
  }
`);
