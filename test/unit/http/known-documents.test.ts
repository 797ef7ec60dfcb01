import { parse } from 'graphql';
import { KnownDocuments } from '../../../src/http/known-documents';

describe('KnownDocuments', () => {
  it('keeps the newest documents up to its bound', () => {
    const known = new KnownDocuments(2);
    for (const query of ['{ a }', '{ b }', '{ c }']) known.learn(query, parse(query));
    expect(known.size).toBe(2);
    expect(known.get('{ a }')).toBeUndefined();
    expect(known.get('{ c }')).toBeDefined();
  });

  it('keeps the text of all its documents within its bound', () => {
    const known = new KnownDocuments(1000, 100);
    const documents = ['a', 'b', 'c'].map((name) => `{ ${name}: __typename ${' '.repeat(30)}}`);
    for (const query of documents) known.learn(query, parse(query));
    expect(known.size).toBe(2);
    expect(known.get(documents[0] ?? '')).toBeUndefined();
  });

  it('keeps the syntax nodes of all its documents within its bound', () => {
    // `{ a }`: document, operation, selection set, field, name: 5 nodes.
    const known = new KnownDocuments(1000, 1024 * 1024, 12);
    for (const query of ['{ a }', '{ b }', '{ c }']) known.learn(query, parse(query));
    expect(known.size).toBe(2);
    expect(known.get('{ a }')).toBeUndefined();
    // One document larger than the whole bound is not kept at all.
    const large = '{ a b c d e }';
    known.learn(large, parse(large));
    expect(known.get(large)).toBeUndefined();
    expect(known.size).toBe(2);
  });

  it('never keeps a document that asks for `_service`, even through a fragment', () => {
    const known = new KnownDocuments();
    for (const query of [
      '{ _service { sdl } }',
      'query A { __typename } query B { ...S } fragment S on Query { _service { sdl } }',
    ]) {
      known.learn(query, parse(query));
      expect(known.get(query)).toBeUndefined();
    }
  });

  it('does not keep very large documents', () => {
    const known = new KnownDocuments();
    const query = `{ ${'__typename '.repeat(1000)}}`;
    known.learn(query, parse(query));
    expect(known.get(query)).toBeUndefined();
  });
});
