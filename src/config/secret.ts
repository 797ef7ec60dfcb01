import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * Wraps a credential so that logging, string conversion and JSON never show it; only `reveal()`
 * does, at the one place the value goes on the wire.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
