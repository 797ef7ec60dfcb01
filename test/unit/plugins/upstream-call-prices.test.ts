import 'reflect-metadata';
import { printSubgraphSchema } from '@apollo/subgraph';
import { getNamedType, isCompositeType, isObjectType } from 'graphql';
import { buildGatewaySchema } from '../../../src/build-schema';
import {
  UPSTREAM_CALLS_BY_ENTITY,
  UPSTREAM_CALLS_BY_FIELD,
  UNRESOLVABLE_ENTITIES,
} from '../../../src/plugins/upstream-call-prices';
import { PRICED_ARGUMENTS } from '../../../src/plugins/operation-price';

describe('upstream call prices', () => {
  it('price every field that returns an object, except the parts of a connection', async () => {
    const schema = await buildGatewaySchema();
    const unpriced: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('_') || type.name.startsWith('__')) continue;
      // A connection's edges, nodes and page info are the list call the connection paid for.
      if (/(Connection|Edge|PageInfo)$/.test(type.name)) continue;
      for (const field of Object.values(type.getFields())) {
        if (field.name === '_entities') continue;
        if (!isCompositeType(getNamedType(field.type))) continue;
        const key = `${type.name}.${field.name}`;
        if (UPSTREAM_CALLS_BY_FIELD[key] === undefined) unpriced.push(key);
      }
    }
    expect(unpriced).toEqual([]);
  });

  it('read no argument but the priced ones (the price memo keys on those alone)', () => {
    const read = new Set<string>();
    const args = new Proxy<Record<string, unknown>>(
      { first: 10, last: null, after: null, before: null },
      {
        get: (target, key) => {
          if (typeof key === 'string') read.add(key);
          return target[key as string];
        },
      },
    );
    for (const { calls } of Object.values(UPSTREAM_CALLS_BY_FIELD)) {
      if (typeof calls === 'function') calls(args);
    }
    expect(read.size).toBeGreaterThan(0);
    expect([...read].filter((name) => !PRICED_ARGUMENTS.has(name))).toEqual([]);
  });

  it('price every entity type this graph can resolve, and no other', async () => {
    const schema = await buildGatewaySchema();
    const entities = schema.getType('_Entity');
    const names = entities && 'getTypes' in entities ? entities.getTypes().map((t) => t.name) : [];
    const resolvable = names.filter((name) => !UNRESOLVABLE_ENTITIES.has(name));
    expect(resolvable.sort()).toEqual([...UPSTREAM_CALLS_BY_ENTITY.keys()].sort());
    expect(printSubgraphSchema(schema)).toMatch(
      /type Participant implements Node\s+@key\(fields: "id", resolvable: false\)/,
    );
  });
});
