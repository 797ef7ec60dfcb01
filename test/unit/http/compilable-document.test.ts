import { parse } from 'graphql';
import {
  compilableFieldCount,
  MAX_COMPILED_DEPTH,
  MAX_COMPILED_FIELDS,
} from '../../../src/http/compilable-document';

const count = (text: string) => compilableFieldCount(parse(text));

describe('compilableFieldCount', () => {
  it('counts the fields of a plain operation, its fragments spread out', () => {
    expect(
      count(
        'query ($id: ID!, $n: Int = 2) { recording(id: $id) { id ...R ... on Recording { status } } recordings(first: $n) { totalCount } } fragment R on Recording { conference { name } }',
      ),
    ).toBe(7);
    expect(count('{ recordings(first: 5, filter: { conferenceId: null }) { nodes { id } } }')).toBe(
      3,
    );
  });

  it('refuses a string literal anywhere: graphql-jit writes literals into its code', () => {
    for (const text of [
      '{ recording(id: "x") { id } }',
      '{ recordings(filter: { conferenceId: "c" }) { totalCount } }',
      '{ _entities(representations: [{ __typename: "Recording", id: "r" }]) { __typename } }',
      'query ($id: ID! = "x") { recording(id: $id) { id } }',
      '{ recording(id: """block""") { id } }',
    ]) {
      expect(count(text)).toBeNull();
    }
  });

  it('refuses any directive: graphql-jit decides @skip and @include per fragment', () => {
    for (const text of [
      'query ($x: Boolean!) { recordings { totalCount @skip(if: $x) } }',
      'query ($x: Boolean!) { recordings { nodes { ...F @skip(if: $x) ...F } } } fragment F on Recording { id }',
      'query ($x: Boolean!) { recordings { nodes { ... @include(if: $x) { id } } } }',
      'query ($x: Boolean!) { ...Q @include(if: $x) } fragment Q on Query { __typename }',
      '{ recordings { nodes { ...F } } } fragment F on Recording @deprecated { id }',
    ]) {
      expect(count(text)).toBeNull();
    }
  });

  it('refuses names graphql-jit mishandles: __proto__, and its literal marker', () => {
    for (const text of [
      '{ recordings(first: 1) { __proto__: totalCount } }',
      'query ($__proto__: Int) { recordings(first: $__proto__) { totalCount } }',
      '{ _entities(representations: [{ __typename: Recording, id: __MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74dx }]) { __typename } }',
      '{ _entities(representations: [{ __typename: Recording, __MAGIC_NAN__x: 1 }]) { __typename } }',
    ]) {
      expect(count(text)).toBeNull();
    }
  });

  it('refuses introspection, and fields nested deeper than the bound', () => {
    expect(count('{ __schema { types { name } } }')).toBeNull();
    expect(count('{ __type(name: $n) { name } }')).toBeNull();
    expect(count('{ __typename }')).toBe(1);
    const nested = (depth: number): string =>
      depth === 1 ? '__typename' : `conference(id: $id) { ${nested(depth - 1)} }`;
    // Fields nested level by level (the walk reads syntax: validation is Apollo’s, done before).
    const chain = (depth: number) => `query ($id: ID!) { ${nested(depth)} }`;
    expect(count(chain(MAX_COMPILED_DEPTH))).toBe(MAX_COMPILED_DEPTH);
    expect(count(chain(MAX_COMPILED_DEPTH + 1))).toBeNull();
  });

  it('refuses a document of several operations: each would be compiled apart', () => {
    expect(count('query A { __typename } query B { __typename }')).toBeNull();
  });

  it('refuses fragments that multiply past the bound, without spreading them all out', () => {
    // Each level spreads the one below twice: 2^30 fields spread out in full.
    const levels = Array.from(
      { length: 30 },
      (_, level) =>
        `fragment L${level} on Recording { id ${level === 29 ? '' : `a: callLeg { recordings { nodes { ...L${level + 1} } } } b: callLeg { recordings { nodes { ...L${level + 1} } } }`} }`,
    );
    expect(count(`{ recordings { nodes { ...L0 } } } ${levels.join(' ')}`)).toBeNull();
    const wide = Array.from({ length: MAX_COMPILED_FIELDS }, (_, at) => `f${at}: __typename`);
    expect(count(`{ ${wide.join(' ')} }`)).toBe(MAX_COMPILED_FIELDS);
    expect(count(`{ extra: __typename ${wide.join(' ')} }`)).toBeNull();
  });

  it('does not loop on a fragment cycle (which validation refuses anyway)', () => {
    expect(count('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }')).toBeNull();
  });
});
