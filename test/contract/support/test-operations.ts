import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Kind,
  OperationTypeNode,
  parse,
  print,
  visit,
  type DefinitionNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type TypeNode,
} from 'graphql';

/** One operation of test/operations, ready to send, with values for its required variables. */
export interface TestOperation {
  readonly name: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

const OPERATIONS_DIR = join(__dirname, '../../operations');

/** A value of a required variable's type; any id does: the answers do not depend on it. */
function valueFor(type: TypeNode, name: string): unknown {
  if (type.kind === Kind.NON_NULL_TYPE) return valueFor(type.type, name);
  if (type.kind === Kind.LIST_TYPE) return [valueFor(type.type, name), valueFor(type.type, name)];
  switch (type.name.value) {
    case 'Int':
      return 5;
    case 'Boolean':
      return true;
    case 'ID':
      return name === 'id' ? 'a1b2c3d4' : 'e5f6a7b8';
    default:
      return 'v3:contract-test';
  }
}

/** Every operation in test/operations (queries and mutations), with the fragments it spreads. */
export function loadTestOperations(): TestOperation[] {
  const definitions: DefinitionNode[] = readdirSync(OPERATIONS_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .flatMap((file) => parse(readFileSync(join(OPERATIONS_DIR, file), 'utf8')).definitions);
  const fragments = new Map(
    definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const spreads = (node: OperationDefinitionNode | FragmentDefinitionNode, into: Set<string>) => {
    visit(node, {
      FragmentSpread: (spread) => {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !into.has(spread.name.value)) {
          into.add(spread.name.value);
          spreads(fragment, into);
        }
      },
    });
    return into;
  };
  return definitions
    .filter(
      (d): d is OperationDefinitionNode =>
        d.kind === Kind.OPERATION_DEFINITION && d.operation !== OperationTypeNode.SUBSCRIPTION,
    )
    .map((operation) => {
      const used = [...spreads(operation, new Set())].map((name) => fragments.get(name)!);
      const variables: Record<string, unknown> = {};
      for (const definition of operation.variableDefinitions ?? []) {
        if (definition.type.kind === Kind.NON_NULL_TYPE && !definition.defaultValue) {
          const name = definition.variable.name.value;
          variables[name] = valueFor(definition.type, name);
        }
      }
      return {
        name: operation.name?.value ?? 'anonymous',
        query: [operation, ...used].map((node) => print(node)).join('\n'),
        variables,
      };
    });
}
