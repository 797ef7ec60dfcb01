import 'reflect-metadata';
import { parse, type GraphQLSchema } from 'graphql';
import { buildGatewaySchema } from '../../../src/build-schema';
import type { GatewayContext } from '../../../src/context';
import { CompiledDocuments } from '../../../src/http/compiled-documents';
import { GatewayMetrics } from '../../../src/observability/metrics';

async function compilations(metrics: GatewayMetrics, outcome: string): Promise<number> {
  const metric = await metrics.compiledOperations.get();
  return metric.values.find((sample) => sample.labels['outcome'] === outcome)?.value ?? 0;
}

// `__typename` needs no context: these tests are about compiling and keeping, not resolvers
// (test/integration/direct-execution.test.ts holds compiled answers to Apollo's byte for byte).
const NO_CONTEXT = {} as GatewayContext;

describe('CompiledDocuments', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildGatewaySchema();
  });

  it('compiles an operation on its second run, once, and runs it', async () => {
    const metrics = new GatewayMetrics();
    const compiled = new CompiledDocuments(schema, metrics);
    const document = parse('query Name { __typename }');
    // A document run once is never compiled: graphql-js runs it.
    expect(compiled.runner(document, 'Name')).toBeNull();
    for (let run = 0; run < 3; run += 1) {
      const runner = compiled.runner(document, 'Name');
      expect(await runner?.(NO_CONTEXT, undefined)).toEqual({ data: { __typename: 'Query' } });
    }
    expect(await compilations(metrics, 'compiled')).toBe(1);
  });

  it('leaves what it may not compile to graphql-js, deciding once per document', async () => {
    const metrics = new GatewayMetrics();
    const compiled = new CompiledDocuments(schema, metrics);
    for (const text of [
      'query A { a: __typename } query B { b: __typename }',
      '{ recording(id: "x") { id } }',
      'query ($x: Boolean!) { __typename @skip(if: $x) }',
    ]) {
      const document = parse(text);
      for (let run = 0; run < 3; run += 1) expect(compiled.runner(document, undefined)).toBeNull();
    }
    expect(await compilations(metrics, 'ineligible')).toBe(3);
    expect(await compilations(metrics, 'compiled')).toBe(0);
  });

  it('keeps the most recently used documents within its bound', async () => {
    const metrics = new GatewayMetrics();
    // One field and a document's cost (8) each: room for two.
    const compiled = new CompiledDocuments(schema, metrics, 18);
    const [a, b, c] = ['{ a: __typename }', '{ b: __typename }', '{ c: __typename }'].map((text) =>
      parse(text),
    );
    if (!a || !b || !c) throw new Error('three documents');
    for (const document of [a, b, c]) compiled.runner(document, undefined);
    compiled.runner(a, undefined);
    compiled.runner(b, undefined);
    // `a` used again: `b` is now the oldest, and `c` pushes it out.
    compiled.runner(a, undefined);
    compiled.runner(c, undefined);
    expect(await compilations(metrics, 'compiled')).toBe(3);
    compiled.runner(a, undefined);
    expect(await compilations(metrics, 'compiled')).toBe(3);
    compiled.runner(b, undefined);
    expect(await compilations(metrics, 'compiled')).toBe(4);
  });

  it('compiles at most ten documents a second', async () => {
    const metrics = new GatewayMetrics();
    let now = 1_000_000;
    const compiled = new CompiledDocuments(schema, metrics, 5_000, () => now);
    const documents = Array.from({ length: 11 }, (_, at) => parse(`{ f${at}: __typename }`));
    for (const document of documents) compiled.runner(document, undefined);
    const runners = documents.map((document) => compiled.runner(document, undefined));
    expect(runners.filter((runner) => runner !== null)).toHaveLength(10);
    const eleventh = documents[10];
    if (!eleventh) throw new Error('eleven documents');
    expect(runners[10]).toBeNull();
    // The next second: it is compiled.
    now += 1000;
    expect(compiled.runner(eleventh, undefined)).not.toBeNull();
    expect(await compilations(metrics, 'compiled')).toBe(11);
  });

  it('leaves an operation it cannot compile to graphql-js, and remembers that', async () => {
    const metrics = new GatewayMetrics();
    const compiled = new CompiledDocuments(schema, metrics);
    const document = parse('query A { __typename }');
    for (let run = 0; run < 3; run += 1) {
      expect(compiled.runner(document, 'NoSuchOperation')).toBeNull();
    }
    expect(await compilations(metrics, 'uncompilable')).toBe(1);
  });
});
