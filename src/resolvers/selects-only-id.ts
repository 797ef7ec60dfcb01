import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

const FREE_FIELDS = new Set(['id', '__typename']);

/**
 * True when the client asked this field for nothing but `id` (and `__typename`): a link can then
 * answer from the parent's foreign key without an upstream call.
 */
export function selectsOnlyId(info: GraphQLResolveInfo): boolean {
  const visit = (selectionSet: SelectionSetNode | undefined): boolean =>
    selectionSet === undefined ||
    selectionSet.selections.every((selection) => {
      if (selection.kind === Kind.FIELD) return FREE_FIELDS.has(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.every((node) => visit(node.selectionSet));
}
