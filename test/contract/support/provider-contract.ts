import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * The provider's contract (test/contract/fixtures/telnyx-openapi-subset.json, refs resolved) and
 * a real JSON Schema validator over it. OpenAPI 3.1 schemas are JSON Schema 2020-12; the spec's
 * own annotations (`example`, `x-*`) are not keywords, hence `strict: false`.
 */
export type Schema = Readonly<Record<string, unknown>>;

interface Operation {
  readonly operationId: string | null;
  readonly parameters: readonly Schema[];
  readonly requestBody: { readonly content?: Record<string, { schema?: Schema }> } | null;
  readonly responses: Readonly<
    Record<
      string,
      { readonly content?: Record<string, { schema?: Schema; examples?: Record<string, Schema> }> }
    >
  >;
}

interface Fixture {
  readonly 'x-source': { readonly commit: string };
  readonly operations: Readonly<Record<string, Operation>>;
  readonly schemas: Readonly<Record<string, Schema>>;
}

export const contract = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/telnyx-openapi-subset.json'), 'utf8'),
) as Fixture;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
// The spec marks its error codes (strings such as "10005") with this non-standard format.
ajv.addFormat('integer', /^-?\d+$/);
const compiled = new Map<Schema, ValidateFunction>();

/** The validator's complaints about `value` under `schema`; empty when it conforms. */
export function violations(schema: Schema, value: unknown): string[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/** `METHOD /spec/{template}` for a concrete request path (without `/v2`), or null. */
export function operationKey(method: string, path: string): string | null {
  for (const key of Object.keys(contract.operations)) {
    const [m, template] = key.split(' ') as [string, string];
    if (m !== method) continue;
    const pattern = new RegExp(`^${template.replace(/\{[a-z_]+\}/g, '[^/]+')}$`);
    if (pattern.test(path)) return key;
  }
  return null;
}

function operation(key: string): Operation {
  const found = contract.operations[key];
  if (!found) throw new Error(`${key} is not in the contract fixture`);
  return found;
}

/** The JSON schema of an answer with this status (the spec's `default` otherwise); null: none. */
export function responseSchema(key: string, status: number): Schema | null {
  const responses = operation(key).responses;
  const response = responses[String(status)] ?? responses['default'];
  return response?.content?.['application/json']?.schema ?? null;
}

/** Whether the spec declares this status for the operation (explicitly or as `default`). */
export function declaresStatus(key: string, status: number): boolean {
  const responses = operation(key).responses;
  return String(status) in responses || 'default' in responses;
}

export function requestSchema(key: string): Schema | null {
  return operation(key).requestBody?.content?.['application/json']?.schema ?? null;
}

/** Every named example of an answer with this status, e.g. the 422 refusals of a command. */
export function responseExamples(key: string, status: number): Schema[] {
  const content = operation(key).responses[String(status)]?.content?.['application/json'];
  return Object.values(content?.examples ?? {}).map((example) => example['value'] as Schema);
}

/** The properties the spec declares for a deepObject query parameter, e.g. `filter`. */
export function queryObjectProperties(key: string, name: string): Schema {
  const parameter = operation(key).parameters.find((p) => p['name'] === name);
  const schema = parameter?.['schema'] as Schema | undefined;
  return (schema?.['properties'] as Schema | undefined) ?? {};
}

/** A value built from the spec's own examples: the schema's `example`, else its parts'. */
export function exampleOf(schema: Schema): unknown {
  if ('example' in schema) return schema['example'];
  const type = schema['type'];
  if (type === 'array' || schema['items']) {
    const items = schema['items'] as Schema | undefined;
    return items ? [exampleOf(items)] : [];
  }
  const properties = schema['properties'] as Record<string, Schema> | undefined;
  if (properties) {
    const value: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(properties)) {
      const example = exampleOf(property);
      if (example !== undefined) value[name] = example;
    }
    return value;
  }
  return undefined;
}
