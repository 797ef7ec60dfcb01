// Re-extracts the parts of the provider's OpenAPI description this gateway uses into
// test/contract/fixtures/telnyx-openapi-subset.json, with every $ref resolved in place so the
// contract tests need neither the network nor the 4 MB original.
//
//   node -r @swc-node/register scripts/extract-provider-spec.ts <checkout-or-spec3.yml> [commit]
//
// <checkout> is a work tree of github.com/team-telnyx/openapi (the file is openapi/spec3.yml
// there); the commit is read from it with git when not given.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/** The routes the gateway and its simulator speak, as `METHOD path` in the spec's spelling. */
const OPERATIONS = [
  'GET /recordings',
  'GET /recordings/{recording_id}',
  'DELETE /recordings/{recording_id}',
  'POST /recordings/actions/delete',
  'GET /recording_transcriptions',
  'GET /recording_transcriptions/{recording_transcription_id}',
  'DELETE /recording_transcriptions/{recording_transcription_id}',
  'GET /conferences',
  'GET /conferences/{id}',
  'GET /conferences/{conference_id}/participants',
  'POST /conferences/{id}/actions/record_start',
  'POST /conferences/{id}/actions/record_stop',
  'POST /conferences/{id}/actions/record_pause',
  'POST /conferences/{id}/actions/record_resume',
  'POST /calls/{call_control_id}/actions/record_start',
  'POST /calls/{call_control_id}/actions/record_stop',
  'POST /calls/{call_control_id}/actions/record_pause',
  'POST /calls/{call_control_id}/actions/record_resume',
] as const;

/** Component schemas kept by name: the webhook events the gateway receives about recordings. */
const SCHEMAS = [
  'CallRecordingSavedEvent',
  'ConferenceRecordingSavedEvent',
  'callRecordingTranscriptionSavedEvent',
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function main(): void {
  const [input, commitArgument] = process.argv.slice(2);
  if (!input) throw new Error('usage: extract-provider-spec.ts <checkout-or-spec3.yml> [commit]');
  const specPath = statSync(input).isDirectory() ? join(input, 'openapi/spec3.yml') : input;
  const commit =
    commitArgument ??
    (existsSync(join(input, '.git'))
      ? execFileSync('git', ['-C', input, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()
      : 'unknown');
  const spec = parse(readFileSync(specPath, 'utf8'), { maxAliasCount: -1 }) as Json;
  if (!isObject(spec)) throw new Error('not an OpenAPI document');

  const refTarget = (ref: string): Json => {
    let node: Json = spec;
    for (const part of ref.replace(/^#\//, '').split('/')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isObject(node) || !(key in node)) throw new Error(`unresolvable $ref ${ref}`);
      node = node[key] ?? null;
    }
    return node;
  };
  // Inlines every $ref; a reference back into itself (none in today's subset) becomes `{}`.
  const inline = (node: Json, stack: readonly string[]): Json => {
    if (Array.isArray(node)) return node.map((item) => inline(item, stack));
    if (!isObject(node)) return node;
    const ref = node['$ref'];
    if (typeof ref === 'string') {
      if (stack.includes(ref)) return {};
      return inline(refTarget(ref), [...stack, ref]);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v, stack)]));
  };

  const paths = spec['paths'];
  if (!isObject(paths)) throw new Error('no paths');
  const operations: Record<string, Json> = {};
  for (const operation of OPERATIONS) {
    const [method, path] = operation.split(' ') as [string, string];
    const item = paths[path];
    const found = isObject(item) ? item[method.toLowerCase()] : undefined;
    if (!isObject(found)) throw new Error(`${operation} is not in the spec`);
    const { parameters, requestBody, responses, operationId } = found;
    operations[operation] = inline(
      {
        operationId: operationId ?? null,
        parameters: parameters ?? [],
        requestBody: requestBody ?? null,
        responses: responses ?? {},
      },
      [],
    );
  }
  const components = spec['components'];
  const schemas = isObject(components) ? components['schemas'] : undefined;
  const kept: Record<string, Json> = {};
  for (const name of SCHEMAS) {
    if (!isObject(schemas) || !(name in schemas))
      throw new Error(`schema ${name} is not in the spec`);
    kept[name] = inline({ $ref: `#/components/schemas/${name}` }, []);
  }

  const out = resolve(__dirname, '../test/contract/fixtures/telnyx-openapi-subset.json');
  const fixture = {
    'x-source': {
      repository: 'https://github.com/team-telnyx/openapi',
      commit,
      path: 'openapi/spec3.yml',
      openapi: spec['openapi'] ?? null,
      extractedBy: 'scripts/extract-provider-spec.ts',
    },
    operations,
    schemas: kept,
  };
  writeFileSync(out, `${JSON.stringify(fixture, null, 1)}\n`);
  process.stdout.write(`wrote ${out} (${Object.keys(operations).length} operations)\n`);
}

main();
