import { GraphQLScalarType, Kind } from 'graphql';
import { Timestamp } from '../domain/timestamp';

function read(text: string): Timestamp {
  const parsed = Timestamp.parse(text);
  if (!parsed) throw new TypeError(`"${text.slice(0, 40)}" is not an ISO 8601 instant.`);
  return parsed.timestamp;
}

/**
 * Instants as the provider keeps them: ISO 8601 in UTC with every fractional digit it sends
 * (microseconds today), so a value copied from `createdAt` into a filter matches that very row.
 * Input takes any offset, with or without its colon, `t`/`z` in lower case, and no offset at all
 * (read as UTC).
 */
export const DateTimeScalar = new GraphQLScalarType<Timestamp, string>({
  name: 'DateTime',
  description:
    'An instant: ISO 8601 in UTC with the fractional seconds the provider sends, e.g. ' +
    '`2026-11-20T12:00:00.521992Z`. Input may use any offset (`+02:00`, `+0200`) and no offset ' +
    'at all, read as UTC.',
  serialize(value) {
    if (value instanceof Timestamp) return value.toISOString();
    if (value instanceof Date) return Timestamp.fromEpochMillis(value.getTime()).toISOString();
    if (typeof value === 'string') return read(value).toISOString();
    throw new TypeError('DateTime cannot represent this value.');
  },
  parseValue(value) {
    if (typeof value !== 'string') throw new TypeError('DateTime takes an ISO 8601 string.');
    return read(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError('DateTime takes an ISO 8601 string.');
    return read(ast.value);
  },
});
