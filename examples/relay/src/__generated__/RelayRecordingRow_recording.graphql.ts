/**
 * @generated SignedSource<<29ec58a3cf471fbf7cb0af4487d1b64f>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ReaderFragment } from 'relay-runtime';
export type RecordingStatus = "COMPLETED" | "UNKNOWN" | "%future added value";
import { FragmentRefs } from "relay-runtime";
export type RelayRecordingRow_recording$data = {
  readonly durationMillis: number | null | undefined;
  readonly id: string;
  readonly nodeId: string;
  readonly status: RecordingStatus | null | undefined;
  readonly " $fragmentType": "RelayRecordingRow_recording";
};
export type RelayRecordingRow_recording$key = {
  readonly " $data"?: RelayRecordingRow_recording$data;
  readonly " $fragmentSpreads": FragmentRefs<"RelayRecordingRow_recording">;
};

import RelayRecordingRefetchQuery_graphql from './RelayRecordingRefetchQuery.graphql';

const node: ReaderFragment = {
  "argumentDefinitions": [],
  "kind": "Fragment",
  "metadata": {
    "refetch": {
      "connection": null,
      "fragmentPathInResult": [
        "node"
      ],
      "operation": RelayRecordingRefetchQuery_graphql,
      "identifierInfo": {
        "identifierField": "nodeId",
        "identifierQueryVariableName": "nodeId"
      }
    }
  },
  "name": "RelayRecordingRow_recording",
  "selections": [
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "id",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "nodeId",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "durationMillis",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "status",
      "storageKey": null
    }
  ],
  "type": "Recording",
  "abstractKey": null
};

(node as any).hash = "3c6721804d39e8fccdc3589d6e89675f";

export default node;
