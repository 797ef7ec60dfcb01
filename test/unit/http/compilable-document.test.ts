import { parse } from 'graphql';
import { compilableFieldCount, MAX_COMPILED_FIELDS } from '../../../src/http/compilable-document';

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
