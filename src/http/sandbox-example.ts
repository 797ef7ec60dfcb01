/**
 * The operation Apollo Sandbox opens with in development: a page of recordings with their
 * conferences. test/operations/RecordingsWithConferences.graphql is the same operation (a test
 * keeps them equal), so the example is type-checked by codegen and run by the tests.
 */
export const SANDBOX_EXAMPLE_OPERATION = `# A page of recordings with their conferences: one upstream list call,
# plus one call per distinct conference.
query RecordingsWithConferences($first: Int = 50, $after: String, $filter: RecordingFilter) {
  recordings(first: $first, after: $after, filter: $filter) {
    totalCount
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
        source
        durationMillis
        createdAt
        conferenceId
        conference {
          id
          name
          status
        }
      }
    }
  }
}
`;

export const SANDBOX_EXAMPLE_VARIABLES = { first: 10 };
