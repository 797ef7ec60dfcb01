import {
  BREAK,
  Kind,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Fields a compiled operation may have once its fragments are spread out: compiled code grows
 * with them (about 1 KB a field), and fragments spread within fragments multiply them.
 */
export const MAX_COMPILED_FIELDS = 200;

/** How deep its fields may nest: compiled code grows with the square of the depth. */
export const MAX_COMPILED_DEPTH = 12;

/** What graphql-jit rewrites into code when it finds it in a literal (`new Date(…)`, `NaN`). */
const JIT_MARKER = '__MAGIC_';

/**
 * The fields of a document's operation with its fragments spread out, when graphql-jit may
 * compile it; null when it must run on graphql-js. graphql-jit is given only what it is known to
 * handle safely and exactly, a reviewer having shown what it does not:
 * - no string literal, and no name or enum literal holding its marker: it writes argument
 *   literals into the code it generates and then rewrites a marker inside them into code, so a
 *   client's literal could run in the process (a `_Any` literal takes names as strings);
 * - no `__proto__` anywhere: it builds variables and answers on plain objects, where a variable or
 *   an alias of that name is silently lost (a lost `first` escaped the price check);
 * - no directive: it decides `@skip`/`@include` per fragment when compiling, dropping a fragment
 *   spread twice when one spread is skipped, and shows resolvers the fields they removed;
 * - no introspection field: rare, and deep enough to cost megabytes of code;
 * - one operation, of at most MAX_COMPILED_FIELDS fields nested at most MAX_COMPILED_DEPTH deep:
 *   each operation is compiled apart, and nested fragments can make one small document many
 *   megabytes of code.
 * Clients' documents pass values as variables and rarely need any of these.
 */
export function compilableFieldCount(document: DocumentNode): number | null {
  const seen = { operations: 0, refused: false };
  visit(document, {
    OperationDefinition() {
      seen.operations += 1;
    },
    StringValue() {
      seen.refused = true;
      return BREAK;
    },
    Directive() {
      seen.refused = true;
      return BREAK;
    },
    Name(node) {
      if (node.value === '__proto__' || node.value.includes(JIT_MARKER)) {
        seen.refused = true;
        return BREAK;
      }
      return undefined;
    },
    EnumValue(node) {
      if (node.value.includes(JIT_MARKER)) {
        seen.refused = true;
        return BREAK;
      }
      return undefined;
    },
    Field(node) {
      if (node.name.value.startsWith('__') && node.name.value !== '__typename') {
        seen.refused = true;
        return BREAK;
      }
      return undefined;
    },
  });
  if (seen.refused || seen.operations !== 1) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: SelectionSetNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    } else if (definition.kind === Kind.OPERATION_DEFINITION) {
      operation = definition.selectionSet;
    }
  }
  if (!operation) return null;
  let fields = 0;
  // Depth-first, stopping as soon as the count passes the bound: spreading out a fragment bomb in
  // full would itself cost what the bound is there to prevent. Counting spreads guards against a
  // fragment cycle, which validation has already refused.
  const count = (selectionSet: SelectionSetNode, depth: number, spreads: number): boolean => {
    if (depth > MAX_COMPILED_DEPTH || spreads > MAX_COMPILED_FIELDS) return false;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        fields += 1;
        if (fields > MAX_COMPILED_FIELDS) return false;
        if (selection.selectionSet && !count(selection.selectionSet, depth + 1, spreads)) {
          return false;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!count(selection.selectionSet, depth, spreads + 1)) return false;
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || !count(fragment.selectionSet, depth, spreads + 1)) return false;
      }
    }
    return true;
  };
  return count(operation, 1, 0) ? fields : null;
}
