import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { selectsOnlyIn } from './selected-fields';

const ONLY_ID: ReadonlySet<string> = new Set(['id']);

// graphql-js hands every row of a list the same `fieldNodes` array (and the document's
// fragments with it): what a field selects is worked out once per execution, not once per row
// (250 rows with two links asked it 500 times a page).
const ANSWERS = new WeakMap<readonly FieldNode[], Map<ReadonlySet<string>, boolean>>();

/**
 * True when the client asked this field for nothing but these fields (and `__typename`).
 * `allowed` is a constant of its caller's: answers are remembered by its identity.
 */
export function selectsOnly(info: GraphQLResolveInfo, allowed: ReadonlySet<string>): boolean {
  let answers = ANSWERS.get(info.fieldNodes);
  if (answers === undefined) {
    answers = new Map();
    ANSWERS.set(info.fieldNodes, answers);
  }
  let only = answers.get(allowed);
  if (only === undefined) {
    only = selectsOnlyIn(
      info.fieldNodes.map((node) => node.selectionSet),
      info.fragments,
      allowed,
    );
    answers.set(allowed, only);
  }
  return only;
}

/**
 * True when the client asked this field for nothing but `id` (and `__typename`): a link can then
 * answer from the parent's foreign key without an upstream call.
 */
export function selectsOnlyId(info: GraphQLResolveInfo): boolean {
  return selectsOnly(info, ONLY_ID);
}
