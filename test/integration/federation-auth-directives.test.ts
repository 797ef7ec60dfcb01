import 'reflect-metadata';
import { ApolloGateway } from '@apollo/gateway';
import { buildGatewaySchema } from '../../src/build-schema';
import { schemaSdl } from '../../src/schema-sdl';
import { composeSupergraph } from '../support/start-supergraph';

const urls = {
  recordings: new URL('http://127.0.0.1:1/graphql'),
  calls: new URL('http://127.0.0.1:2/'),
};

/** Whether @apollo/gateway accepts a supergraph (it refuses unsupported SECURITY features). */
async function gatewayLoads(supergraphSdl: string): Promise<true | string> {
  const gateway = new ApolloGateway({ supergraphSdl });
  try {
    await gateway.load();
    return true;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await gateway.stop();
  }
}

describe('federation auth directives (FEDERATION_AUTH_DIRECTIVES)', () => {
  it('marks root fields and own types, and composes with the calls subgraph without hints', async () => {
    const sdl = await schemaSdl(await buildGatewaySchema({ authDirectives: true }));
    expect(sdl).toContain('import: ["@key", "@authenticated", "@requiresScopes"]');
    expect(sdl).toContain(
      '): RecordingConnection @authenticated @requiresScopes(scopes: [["recordings:read"]])',
    );
    expect(sdl).toContain(
      '): Recording @authenticated @requiresScopes(scopes: [["recordings:delete"]])',
    );
    expect(sdl).toMatch(/type Recording implements Node\s+@key\(fields: "id"\)\s+@requiresScopes/);

    const { supergraphSdl, hints } = composeSupergraph(urls, sdl);
    expect(hints).toEqual([]);
    expect(supergraphSdl).toContain('@requiresScopes(scopes: [["recordings:read"]])');
    expect(supergraphSdl).toContain('@requiresScopes(scopes: [["recordings:delete"]])');
    // Why they are off by default: @apollo/gateway refuses such a supergraph.
    expect(await gatewayLoads(supergraphSdl)).toMatch(/SECURITY but is unsupported/);
  });

  it('stays out of the default SDL, whose supergraph @apollo/gateway loads', async () => {
    const { supergraphSdl } = composeSupergraph(urls);
    expect(supergraphSdl).not.toContain('requiresScopes');
    expect(await gatewayLoads(supergraphSdl)).toBe(true);
  });
});
