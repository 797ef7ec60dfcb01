// Longer than 300 lines: one walker (Pricer) over an operation's selections, with the skip/include,
// fragment and argument rules it applies together; the prices are in upstream-call-prices.ts.
import {
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getVariableValues,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type InlineFragmentNode,
  type FragmentSpreadNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type DirectiveNode,
  type ValueNode,
} from 'graphql';
import { BadUserInputError, QueryTooComplexError, refusingRequest } from '../errors';
import { selectsOnlyIn, type Fragments } from '../resolvers/selected-fields';
import { isValidId } from '../resolvers/valid-id';
import { DEFAULT_PAGE_SIZE } from '../schema/connection.args';
import {
  nodeCalls,
  UPSTREAM_CALLS_BY_ENTITY,
  UPSTREAM_CALLS_BY_FIELD,
} from './upstream-call-prices';

/** What one operation can cost at worst. */
export interface OperationPrice {
  /** Objects in the answer: 1 per object, times `first` under a connection. */
  readonly objects: number;
  /** Upstream HTTP calls, before de-duplication and caching. */
  readonly upstreamCalls: number;
}

export interface PriceLimits {
  /** Largest `_entities` representation list. */
  readonly maxEntities: number;
}

const FREE: OperationPrice = { objects: 0, upstreamCalls: 0 };

/**
 * The only arguments a price reads (`first`/`last` for items, cursors for pages, `_entities`'
 * representations), besides `@skip`/`@include`; a test holds the call prices to them.
 */
export const PRICED_ARGUMENTS: ReadonlySet<string> = new Set([
  'first',
  'last',
  'after',
  'before',
  'representations',
  'nodeId',
  'nodeIds',
]);

/**
 * The variables an operation's price can depend on: those given to a priced argument or to a
 * directive, anywhere in the operation or the fragments it spreads (each visited once). Any
 * other variable (an `id`, a filter) changes the answer but never the price.
 */
export function pricedVariables(
  operation: OperationDefinitionNode,
  fragments: Fragments,
): string[] {
  const names = new Set<string>();
  const seenFragments = new Set<string>();
  const fromValue = (value: ValueNode): void => {
    if (value.kind === Kind.VARIABLE) names.add(value.name.value);
    else if (value.kind === Kind.LIST) value.values.forEach(fromValue);
    else if (value.kind === Kind.OBJECT) value.fields.forEach((field) => fromValue(field.value));
  };
  const fromDirectives = (node: { readonly directives?: readonly DirectiveNode[] }): void => {
    for (const directive of node.directives ?? []) {
      for (const argument of directive.arguments ?? []) fromValue(argument.value);
    }
  };
  const walk = (selectionSet: SelectionSetNode | undefined): void => {
    for (const selection of selectionSet?.selections ?? []) {
      fromDirectives(selection);
      if (selection.kind === Kind.FIELD) {
        for (const argument of selection.arguments ?? []) {
          if (PRICED_ARGUMENTS.has(argument.name.value)) fromValue(argument.value);
        }
        walk(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!seenFragments.has(selection.name.value)) {
        seenFragments.add(selection.name.value);
        const fragment = fragments[selection.name.value];
        if (fragment) {
          fromDirectives(fragment);
          walk(fragment.selectionSet);
        }
      }
    }
  };
  fromDirectives(operation);
  walk(operation.selectionSet);
  return [...names];
}
/** Selection nodes one pricing may visit; far above what the token limit lets a document hold. */
export const MAX_PRICED_SELECTIONS = 100_000;

/**
 * Prices an operation in time linear in the document: every named fragment is priced once and
 * reused wherever it is spread, so a chain of fragments that each spread the previous one twice
 * costs one visit per fragment while its price still doubles per level, as its answer would.
 * Fails closed: variables or arguments that do not coerce are BAD_USER_INPUT, and a document
 * beyond the visit cap is QUERY_TOO_COMPLEX; nothing here ever lets an operation through unpriced.
 */
export function priceOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Fragments,
  rawVariables: Readonly<Record<string, unknown>> | undefined,
  limits: PriceLimits,
): OperationPrice {
  const coerced = getVariableValues(
    schema,
    operation.variableDefinitions ?? [],
    rawVariables ?? {},
    {
      maxErrors: 1,
    },
  );
  if (coerced.errors)
    throw refusingRequest(
      new BadUserInputError(coerced.errors[0]?.message ?? 'Invalid variables.'),
    );
  const root = schema.getRootType(operation.operation);
  if (!root) return FREE;
  return new Pricer(schema, fragments, coerced.coerced, limits).selectionSet(
    operation.selectionSet,
    root,
  );
}

class Pricer {
  private readonly fragmentPrices = new Map<string, OperationPrice | 'pricing'>();
  private visits = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Fragments,
    private readonly variables: Record<string, unknown>,
    private readonly limits: PriceLimits,
  ) {}

  selectionSet(
    selectionSet: SelectionSetNode | undefined,
    parent: GraphQLCompositeType,
  ): OperationPrice {
    let objects = 0;
    let upstreamCalls = 0;
    for (const selection of selectionSet?.selections ?? []) {
      this.visits += 1;
      if (this.visits > MAX_PRICED_SELECTIONS) {
        throw new QueryTooComplexError(
          `The operation has more than ${MAX_PRICED_SELECTIONS} selections to price.`,
          {},
        );
      }
      if (!this.included(selection)) continue;
      const price =
        selection.kind === Kind.FIELD
          ? this.field(selection, parent)
          : selection.kind === Kind.INLINE_FRAGMENT
            ? this.inlineFragment(selection, parent)
            : this.fragmentSpread(selection);
      objects += price.objects;
      upstreamCalls += price.upstreamCalls;
    }
    return { objects, upstreamCalls };
  }

  private included(node: FieldNode | InlineFragmentNode | FragmentSpreadNode): boolean {
    if (!node.directives?.length) return true;
    const skip = this.directive(GraphQLSkipDirective, node);
    const include = this.directive(GraphQLIncludeDirective, node);
    return skip?.['if'] !== true && include?.['if'] !== false;
  }

  private directive(
    directive: typeof GraphQLSkipDirective,
    node: FieldNode | InlineFragmentNode | FragmentSpreadNode,
  ): Record<string, unknown> | undefined {
    return this.coercing(() => getDirectiveValues(directive, node, this.variables));
  }

  private inlineFragment(node: InlineFragmentNode, parent: GraphQLCompositeType): OperationPrice {
    const type = node.typeCondition ? this.schema.getType(node.typeCondition.name.value) : parent;
    return isCompositeType(type) ? this.selectionSet(node.selectionSet, type) : FREE;
  }

  private fragmentSpread(node: FragmentSpreadNode): OperationPrice {
    const name = node.name.value;
    const known = this.fragmentPrices.get(name);
    // 'pricing': a cycle, which validation already refused; never loop on it.
    if (known !== undefined) return known === 'pricing' ? FREE : known;
    const fragment = this.fragments[name];
    const type = fragment ? this.schema.getType(fragment.typeCondition.name.value) : undefined;
    if (!fragment || !isCompositeType(type)) return FREE;
    this.fragmentPrices.set(name, 'pricing');
    const price = this.selectionSet(fragment.selectionSet, type);
    this.fragmentPrices.set(name, price);
    return price;
  }

  private field(node: FieldNode, parent: GraphQLCompositeType): OperationPrice {
    const name = node.name.value;
    if (name === '__typename') return FREE;
    const definition =
      isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
    // Introspection (__schema, __type) is not in the type's fields: an object, no upstream call.
    if (!definition) return { objects: 1, upstreamCalls: 0 };
    const args = this.coercing(() => getArgumentValues(definition, node, this.variables));
    const type = getNamedType(definition.type);
    if (isLeafType(type) || !isCompositeType(type)) return FREE;
    const child = this.selectionSet(node.selectionSet, type);
    const fieldCalls = UPSTREAM_CALLS_BY_FIELD[`${parent.name}.${name}`];
    const ownCalls =
      fieldCalls === undefined ||
      (fieldCalls.freeWhenOnly !== undefined &&
        selectsOnlyIn([node.selectionSet], this.fragments, fieldCalls.freeWhenOnly))
        ? 0
        : typeof fieldCalls.calls === 'number'
          ? fieldCalls.calls
          : fieldCalls.calls(args);

    if (name === '_entities') return this.entities(args['representations'], child);
    if (name === 'nodes' && parent.name === 'Query') return this.nodes(args['nodeIds'], child);
    const items = itemsOf(definition, args);
    if (items === null) {
      return { objects: 1 + child.objects, upstreamCalls: ownCalls + child.upstreamCalls };
    }
    // A connection: its selection once per item asked for, and at least 1 an item.
    return {
      objects: 1 + items * Math.max(child.objects, 1),
      upstreamCalls: ownCalls + items * child.upstreamCalls,
    };
  }

  /** Checks every representation up front: a bad one is the caller's mistake, not ours. */
  private entities(representations: unknown, child: OperationPrice): OperationPrice {
    if (!Array.isArray(representations)) {
      throw refusingRequest(
        new BadUserInputError('"representations" must be a list.', 'representations'),
      );
    }
    if (representations.length > this.limits.maxEntities) {
      throw new QueryTooComplexError(
        `"_entities" may resolve at most ${this.limits.maxEntities} representations at once; ` +
          `this request has ${representations.length}.`,
        { maxEntities: this.limits.maxEntities },
      );
    }
    let upstreamCalls = 0;
    for (const representation of representations) {
      const { __typename: typename, id } = (representation ?? {}) as Record<string, unknown>;
      const calls =
        typeof typename === 'string' ? UPSTREAM_CALLS_BY_ENTITY.get(typename) : undefined;
      if (calls === undefined || !isValidId(id)) {
        throw refusingRequest(
          new BadUserInputError(
            'Each representation must be an object with the `__typename` of an entity of this ' +
              'subgraph and a string `id`.',
            'representations',
          ),
        );
      }
      upstreamCalls += calls + child.upstreamCalls;
    }
    return {
      objects: 1 + representations.length * Math.max(child.objects, 1),
      upstreamCalls,
    };
  }

  /**
   * `Query.nodes` costs what `_entities` costs for the same objects, under the same bound. A bad
   * id is refused in its own slot by the resolver, at no upstream cost.
   */
  private nodes(nodeIds: unknown, child: OperationPrice): OperationPrice {
    const ids = Array.isArray(nodeIds) ? (nodeIds as unknown[]) : [];
    if (ids.length > this.limits.maxEntities) {
      throw new QueryTooComplexError(
        `"nodes" may resolve at most ${this.limits.maxEntities} node ids at once; ` +
          `this request has ${ids.length}.`,
        { maxEntities: this.limits.maxEntities },
      );
    }
    let upstreamCalls = 0;
    for (const nodeId of ids) upstreamCalls += nodeCalls(nodeId) + child.upstreamCalls;
    return { objects: 1 + ids.length * Math.max(child.objects, 1), upstreamCalls };
  }

  /** graphql-js's coercion errors (a null into a non-null argument, ...) are the caller's. */
  private coercing<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof GraphQLError)
        throw refusingRequest(new BadUserInputError(error.message));
      throw error;
    }
  }
}

/** How many items a connection field asks for (`first`/`last`); null for any other field. */
function itemsOf(
  definition: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
): number | null {
  if (!definition.args.some((arg) => arg.name === 'first' || arg.name === 'last')) return null;
  const given = args['first'] ?? args['last'];
  return typeof given === 'number' ? Math.max(0, given) : DEFAULT_PAGE_SIZE;
}
