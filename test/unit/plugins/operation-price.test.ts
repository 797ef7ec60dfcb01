import 'reflect-metadata';
import { Kind, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { buildGatewaySchema } from '../../../src/build-schema';
import {
  MAX_PRICED_SELECTIONS,
  priceOperation,
  pricedVariables,
} from '../../../src/plugins/operation-price';
import { fragmentsOf } from '../../../src/resolvers/selected-fields';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

/** The `extensions.code` a pricing throws with. */
function codeOf(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return (error as { extensions?: { code?: unknown } }).extensions?.code;
  }
  return undefined;
}

function price(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query, { noLocation: true });
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) throw new Error('no operation');
  return priceOperation(schema, operation, fragmentsOf(document), variables, { maxEntities: 250 });
}

describe('priceOperation', () => {
  it('counts objects per item of `first` and upstream calls per link that needs a read', () => {
    expect(price('{ recordings(first: 50) { nodes { id conference { name } } } }')).toEqual({
      // 1 connection + 50 x (nodes 1 + conference 1 ... folded into the connection's selection)
      objects: 1 + 50 * 2,
      // A first page is one upstream page, then one conference read a row.
      upstreamCalls: 1 + 50,
    });
    // A link asked only for its id is answered from the row.
    expect(price('{ recordings(first: 50) { nodes { conference { id } } } }').upstreamCalls).toBe(
      1,
    );
  });

  it('prices a connection by the pages its arguments can take', () => {
    const calls = (args: string) => price(`{ recordings(${args}) { nodes { id } } }`).upstreamCalls;
    expect(calls('first: 10')).toBe(1);
    // The row past 250 that tells whether more follow is on a second page.
    expect(calls('first: 250')).toBe(2);
    // Past a cursor or from the end: the window (two pages at worst), the size, the far side.
    expect(calls('first: 10, after: "c"')).toBe(4);
    expect(calls('last: 10')).toBe(4);
    expect(price('{ conferences(last: 10) { nodes { id } } }').upstreamCalls).toBe(3);
  });

  it('prices a doubling fragment chain by its expansion, in one visit per fragment', () => {
    const fragments = ['fragment G0 on Query { recording(id: "a") { id } }'];
    for (let level = 1; level <= 60; level += 1) {
      fragments.push(`fragment G${level} on Query { ...G${level - 1} ...G${level - 1} }`);
    }
    const result = price(`{ ...G60 } ${fragments.join(' ')}`);
    expect(result.upstreamCalls).toBe(2 ** 60);
  });

  it('honours @skip and @include with their variables', () => {
    const query =
      'query ($skip: Boolean!) { recording(id: "a") @skip(if: $skip) { id } conference(id: "b") { id } }';
    expect(price(query, { skip: true }).upstreamCalls).toBe(1);
    expect(price(query, { skip: false }).upstreamCalls).toBe(2);
  });

  it('fails closed on arguments and variables that do not coerce', () => {
    expect(
      codeOf(() => price('query ($n: ID = "x") { recording(id: $n) { id } }', { n: null })),
    ).toBe('BAD_USER_INPUT');
    expect(
      codeOf(() => price('query ($n: Int) { recordings(first: $n) { totalCount } }', { n: 'x' })),
    ).toBe('BAD_USER_INPUT');
  });

  it('refuses a representation whose __typename is no entity, Object.prototype names included', () => {
    const entities = 'query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }';
    for (const typename of ['toString', 'constructor', 'valueOf', '__proto__', 'Participant']) {
      expect(codeOf(() => price(entities, { r: [{ __typename: typename, id: 'x1' }] }))).toBe(
        'BAD_USER_INPUT',
      );
    }
    expect(price(entities, { r: [{ __typename: 'Recording', id: 'x1' }] }).upstreamCalls).toBe(1);
  });

  it('refuses a document with more selections than it will price', () => {
    const fields = Array.from({ length: MAX_PRICED_SELECTIONS + 1 }, () => '__typename').join(' ');
    expect(codeOf(() => price(`{ ${fields} }`))).toBe('QUERY_TOO_COMPLEX');
  });

  it('names the variables a price depends on: priced arguments and directives, through fragments', () => {
    const document = parse(
      `query ($id: ID!, $n: Int, $cursor: String, $show: Boolean!, $deep: Boolean!, $r: [_Any!]!) {
        recording(id: $id) @include(if: $show) { id ...Deep ...Deep }
        recordings(first: $n, after: $cursor) { nodes { id } }
        _entities(representations: $r) { __typename }
      }
      fragment Deep on Recording { conference @skip(if: $deep) { id } }`,
      { noLocation: true },
    );
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode =>
        definition.kind === Kind.OPERATION_DEFINITION,
    );
    if (!operation) throw new Error('no operation');
    expect(pricedVariables(operation, fragmentsOf(document)).sort()).toEqual(
      ['cursor', 'deep', 'n', 'r', 'show'].sort(),
    );
  });
});
