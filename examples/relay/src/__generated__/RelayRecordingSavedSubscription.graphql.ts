/**
 * @generated SignedSource<<0902078ae329460959a98f9597fdde34>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type RelayRecordingSavedSubscription$variables = Record<PropertyKey, never>;
export type RelayRecordingSavedSubscription$data = {
  readonly recordingSaved: {
    readonly id: string;
    readonly " $fragmentSpreads": FragmentRefs<"RelayRecordingRow_recording">;
  };
};
export type RelayRecordingSavedSubscription = {
  response: RelayRecordingSavedSubscription$data;
  variables: RelayRecordingSavedSubscription$variables;
};

const node: ConcreteRequest = (function(){
var v0 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
};
return {
  "fragment": {
    "argumentDefinitions": [],
    "kind": "Fragment",
    "metadata": null,
    "name": "RelayRecordingSavedSubscription",
    "selections": [
      {
        "alias": null,
        "args": null,
        "concreteType": "Recording",
        "kind": "LinkedField",
        "name": "recordingSaved",
        "plural": false,
        "selections": [
          (v0/*:: as any*/),
          {
            "args": null,
            "kind": "FragmentSpread",
            "name": "RelayRecordingRow_recording"
          }
        ],
        "storageKey": null
      }
    ],
    "type": "Subscription",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [],
    "kind": "Operation",
    "name": "RelayRecordingSavedSubscription",
    "selections": [
      {
        "alias": null,
        "args": null,
        "concreteType": "Recording",
        "kind": "LinkedField",
        "name": "recordingSaved",
        "plural": false,
        "selections": [
          (v0/*:: as any*/),
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
        "storageKey": null
      }
    ]
  },
  "params": {
    "cacheID": "9284cec428dfd3af60342b164500f66d",
    "id": null,
    "metadata": {},
    "name": "RelayRecordingSavedSubscription",
    "operationKind": "subscription",
    "text": "subscription RelayRecordingSavedSubscription {\n  recordingSaved {\n    id\n    ...RelayRecordingRow_recording\n    nodeId\n  }\n}\n\nfragment RelayRecordingRow_recording on Recording {\n  id\n  nodeId\n  durationMillis\n  status\n}\n"
  }
};
})();

(node as any).hash = "5c9d1500305dd59700f90e827a9ef391";

export default node;
