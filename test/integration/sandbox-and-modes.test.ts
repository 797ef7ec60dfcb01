import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, print } from 'graphql';
import { SANDBOX_EXAMPLE_OPERATION } from '../../src/http/sandbox-example';
import { errorCodes, postGraphQL } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';

const INTROSPECTION = '{ __schema { queryType { name } } }';

async function getPage(url: URL): Promise<{ status: number; type: string; html: string }> {
  const response = await fetch(url, { headers: { accept: 'text/html' } });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    html: await response.text(),
  };
}

describe('Apollo Sandbox and production mode', () => {
  describe('in development', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ env: { NODE_ENV: 'development' } });
    });
    afterAll(() => stack.close());

    it('serves the embedded Sandbox on GET /graphql, pointed at this endpoint, with the example query', async () => {
      const page = await getPage(stack.gateway.url);

      expect(page.status).toBe(200);
      expect(page.type).toMatch(/^text\/html/);
      expect(page.html).toContain('new window.EmbeddedSandbox(');
      // The page embeds Sandbox against the URL it was loaded from: /graphql itself.
      expect(page.html).toContain('var initialEndpoint = window.location.href;');
      expect(page.html).toContain('"endpointIsEditable":false');
      expect(page.html).toContain(JSON.stringify(SANDBOX_EXAMPLE_OPERATION).slice(1, 60));
    });

    it('keeps the Sandbox example identical to the tested operation', () => {
      const tested = readFileSync(
        join(__dirname, '..', 'operations', 'RecordingsWithConferences.graphql'),
        'utf8',
      );
      expect(print(parse(SANDBOX_EXAMPLE_OPERATION))).toBe(print(parse(tested)));
      // The README shows the same operation, text for text.
      const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
      expect(readme).toContain('```graphql\n' + tested + '```');
    });

    it('answers introspection', async () => {
      const response = await postGraphQL(stack.gateway.url, INTROSPECTION);
      expect(response.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    });

    it('keeps CSRF prevention on: a GET operation without a preflight header is refused', async () => {
      const url = new URL(stack.gateway.url);
      url.searchParams.set('query', '{ __typename }');
      const blocked = await fetch(url);
      const allowed = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
      const textPlain = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });

      expect(blocked.status).toBe(400);
      expect(await blocked.text()).toContain('CSRF');
      expect(allowed.status).toBe(200);
      expect(textPlain.status).toBe(400);
    });
  });

  describe('in production', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ env: { NODE_ENV: 'production' } });
    });
    afterAll(() => stack.close());

    it('serves no landing page', async () => {
      const page = await getPage(stack.gateway.url);
      expect(page.html).not.toContain('EmbeddedSandbox');
      expect(page.status).toBe(400);
    });

    it('refuses introspection but serves queries', async () => {
      const introspection = await postGraphQL(stack.gateway.url, INTROSPECTION);
      const query = await postGraphQL(stack.gateway.url, '{ recordings(first: 1) { totalCount } }');
      expect(errorCodes(introspection)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(query.data).toEqual({ recordings: { totalCount: 300 } });
    });

    it('hides stack traces but keeps error codes', async () => {
      const response = await postGraphQL(
        stack.gateway.url,
        '{ recordings(first: 999) { totalCount } }',
      );
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.text).not.toContain('stacktrace');
    });
  });

  it('allows introspection in production when GRAPHQL_INTROSPECTION asks for it', async () => {
    const stack = await startStack({
      env: { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' },
    });
    try {
      const response = await postGraphQL(stack.gateway.url, INTROSPECTION);
      expect(response.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await stack.close();
    }
  });
});
