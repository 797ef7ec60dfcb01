/**
 * @generated SignedSource<<0c40daa126e0792b1dc99efeaad3b986>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ReaderFragment } from 'relay-runtime';
export type ConferenceStatus = "COMPLETED" | "INIT" | "IN_PROGRESS" | "UNKNOWN" | "%future added value";
import { FragmentRefs } from "relay-runtime";
export type RelayConferenceCard_conference$data = {
  readonly id: string;
  readonly name: string | null | undefined;
  readonly nodeId: string;
  readonly status: ConferenceStatus | null | undefined;
  readonly " $fragmentType": "RelayConferenceCard_conference";
};
export type RelayConferenceCard_conference$key = {
  readonly " $data"?: RelayConferenceCard_conference$data;
  readonly " $fragmentSpreads": FragmentRefs<"RelayConferenceCard_conference">;
};

import RelayConferenceRefetchQuery_graphql from './RelayConferenceRefetchQuery.graphql';

const node: ReaderFragment = {
  "argumentDefinitions": [],
  "kind": "Fragment",
  "metadata": {
    "refetch": {
      "connection": null,
      "fragmentPathInResult": [
        "node"
      ],
      "operation": RelayConferenceRefetchQuery_graphql,
      "identifierInfo": {
        "identifierField": "nodeId",
        "identifierQueryVariableName": "nodeId"
      }
    }
  },
  "name": "RelayConferenceCard_conference",
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
      "name": "name",
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
  "type": "Conference",
  "abstractKey": null
};

(node as any).hash = "a5abe69a82c61c34d0fed43c022da617";

export default node;
