import {
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export type Fragments = Readonly<Record<string, FragmentDefinitionNode | undefined>>;

/** A document's fragment definitions by name, as GraphQLResolveInfo.fragments holds them. */
export function fragmentsOf(document: DocumentNode): Fragments {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}

/**
 * Calls `visit` for every field selected directly in `selectionSets` (not in the fields'
 * own selections), following inline fragments and fragment spreads. Each named fragment is
 * entered once, as graphql-js's collectFields does: a chain of fragments that each spread the
 * previous one twice is linear here, not exponential. `visit` returning false stops the walk.
 */
export function forEachSelectedField(
  selectionSets: readonly (SelectionSetNode | undefined)[],
  fragments: Fragments,
  visit: (field: FieldNode) => unknown,
): void {
  const entered = new Set<string>();
  const pending = [...selectionSets];
  while (pending.length > 0) {
    const selectionSet = pending.pop();
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (visit(selection) === false) return;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        pending.push(selection.selectionSet);
      } else if (!entered.has(selection.name.value)) {
        entered.add(selection.name.value);
        pending.push(fragments[selection.name.value]?.selectionSet);
      }
    }
  }
}

/** True when the selections ask for nothing but these fields (and `__typename`). */
export function selectsOnlyIn(
  selectionSets: readonly (SelectionSetNode | undefined)[],
  fragments: Fragments,
  allowed: ReadonlySet<string>,
): boolean {
  let only = true;
  forEachSelectedField(selectionSets, fragments, (field) => {
    only = field.name.value === '__typename' || allowed.has(field.name.value);
    return only;
  });
  return only;
}

/** True when the selections ask for a field of this name (at their own level). */
export function selectsField(
  selectionSets: readonly (SelectionSetNode | undefined)[],
  fragments: Fragments,
  name: string,
): boolean {
  const found = { field: false };
  forEachSelectedField(selectionSets, fragments, (field) => {
    found.field = field.name.value === name;
    return !found.field;
  });
  return found.field;
}
