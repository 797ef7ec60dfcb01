import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Kind,
  OperationTypeNode,
  TypeInfo,
  getNamedType,
  isCompositeType,
  parse,
  validate,
  visit,
  visitWithTypeInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { buildGatewaySchema } from '../../src/build-schema';

const ROOT = join(__dirname, '..', '..');
const MANIFESTS = [
  'examples/web/src/gql/persisted-documents.json',
  'examples/clients/gql/persisted-documents.json',
];

/** Selection sets (by path) that leave out `__typename`: a normalised cache cannot key them. */
function untypedSelections(schema: GraphQLSchema, text: string): string[] {
  const document = parse(text);
  const typeInfo = new TypeInfo(schema);
  const missing: string[] = [];
  const path: string[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter: (node) => void path.push(node.name.value),
        leave: () => void path.pop(),
      },
      SelectionSet(node, _key, parent) {
        // A subscription selects exactly one root field (graphql-js refuses `__typename` there).
        const operation = parent as Partial<OperationDefinitionNode> | undefined;
        if (
          !Array.isArray(parent) &&
          operation?.kind === Kind.OPERATION_DEFINITION &&
          operation.operation === OperationTypeNode.SUBSCRIPTION
        ) {
          return;
        }
        const type = getNamedType(typeInfo.getParentType() ?? undefined);
        if (type === undefined) return;
        const selects = node.selections.some(
          (selection) => selection.kind === Kind.FIELD && selection.name.value === '__typename',
        );
        if (!selects && isCompositeType(type)) {
          missing.push(`${path.join('.') || '(root)'} on ${type.name}`);
        }
      },
    }),
  );
  return missing;
}

describe('trusted-document manifests from codegen', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildGatewaySchema();
  });

  it('finds a selection set without __typename (the check itself)', () => {
    expect(untypedSelections(schema, 'query { __typename recording(id: "a") { id } }')).toEqual([
      'recording on Recording',
    ]);
  });

  it.each(MANIFESTS)('%s selects __typename wherever a type is normalised', (manifest) => {
    const documents = JSON.parse(readFileSync(join(ROOT, manifest), 'utf8')) as Record<
      string,
      string
    >;
    expect(Object.keys(documents).length).toBeGreaterThan(0);
    for (const [id, text] of Object.entries(documents)) {
      expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(validate(schema, parse(text))).toEqual([]);
      expect({ id, missing: untypedSelections(schema, text) }).toEqual({ id, missing: [] });
    }
  });
});
