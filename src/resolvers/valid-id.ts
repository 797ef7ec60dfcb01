import { BadUserInputError } from '../errors';

// Provider ids are UUIDs or prefixed tokens (`v3:...`); anything else cannot exist upstream, so
// it is refused here instead of costing an upstream call.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** A string shaped like a provider id. Checks the type first: `_Any` lets clients send anything. */
export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** Returns the id, or throws BAD_USER_INPUT naming the argument it came from. */
export function validId(value: unknown, argumentName: string): string {
  if (!isValidId(value)) {
    throw new BadUserInputError(
      `"${argumentName}" is not a valid id: expected 1 to 128 letters, digits, ".", "_", ":" or "-".`,
      argumentName,
    );
  }
  return value;
}
