import { graphql } from 'relay-runtime';

// The Relay example's GraphQL, read by relay-compiler (`relay.config.json`), which writes one
// typed artifact per operation and fragment into __generated__/. In an app, babel-plugin-relay
// (or @swc/plugin-relay) replaces each tag below with its artifact; this example imports the
// artifacts directly, so this file is never run.

export const RelayRecordingRow = graphql`
  fragment RelayRecordingRow_recording on Recording
  @refetchable(queryName: "RelayRecordingRefetchQuery") {
    id
    nodeId
    durationMillis
    status
  }
`;

export const RelayConferenceCard = graphql`
  fragment RelayConferenceCard_conference on Conference
  @refetchable(queryName: "RelayConferenceRefetchQuery") {
    id
    nodeId
    name
    status
  }
`;

export const RelayRecordingList = graphql`
  fragment RelayRecordingList_query on Query
  @argumentDefinitions(
    first: { type: "Int" }
    after: { type: "String" }
    last: { type: "Int" }
    before: { type: "String" }
  )
  @refetchable(queryName: "RelayRecordingListPaginationQuery") {
    recordings(first: $first, after: $after, last: $last, before: $before)
      @connection(key: "RelayRecordingList_recordings") {
      edges {
        node {
          id
          ...RelayRecordingRow_recording
        }
      }
    }
  }
`;

export const RelayAppQuery = graphql`
  query RelayAppQuery($first: Int, $after: String) {
    ...RelayRecordingList_query @arguments(first: $first, after: $after)
    conferences(first: 1) {
      nodes {
        ...RelayConferenceCard_conference
      }
    }
  }
`;

export const RelayRecordingSaved = graphql`
  subscription RelayRecordingSavedSubscription {
    recordingSaved {
      id
      ...RelayRecordingRow_recording
    }
  }
`;
