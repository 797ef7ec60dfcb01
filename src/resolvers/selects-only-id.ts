import type { GraphQLResolveInfo } from 'graphql';
import { selectsOnlyIdIn, selectsOnlyIn } from './selected-fields';

/**
 * True when the client asked this field for nothing but `id` (and `__typename`): a link can then
 * answer from the parent's foreign key without an upstream call.
 */
export function selectsOnlyId(info: GraphQLResolveInfo): boolean {
  return selectsOnlyIdIn(
    info.fieldNodes.map((node) => node.selectionSet),
    info.fragments,
  );
}

/** True when the client asked this field for nothing but these fields (and `__typename`). */
export function selectsOnly(info: GraphQLResolveInfo, allowed: ReadonlySet<string>): boolean {
  return selectsOnlyIn(
    info.fieldNodes.map((node) => node.selectionSet),
    info.fragments,
    allowed,
  );
}
