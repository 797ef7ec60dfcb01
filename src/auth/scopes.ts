import { OperationTypeNode } from 'graphql';

/** The OAuth 2 scopes this gateway understands. */
export enum Scope {
  RECORDINGS_READ = 'recordings:read',
  RECORDINGS_DELETE = 'recordings:delete',
}

// Fields that read nothing of the provider's: the type name, introspection (governed by
// GRAPHQL_INTROSPECTION) and the subgraph SDL (governed by the router-only rule).
const FREE_ROOT_FIELDS = new Set(['__typename', '__schema', '__type', '_service']);

/** The scope a root field needs: reading for queries and subscriptions, deleting for mutations. */
export function scopeForRootField(operation: OperationTypeNode, field: string): Scope | null {
  if (FREE_ROOT_FIELDS.has(field)) return null;
  return operation === OperationTypeNode.MUTATION ? Scope.RECORDINGS_DELETE : Scope.RECORDINGS_READ;
}

/** Scopes from an access token's claims: `scope` (space-separated, OAuth 2) or an `scp` array. */
export function scopesFromClaims(claims: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  const scopes = new Set<string>();
  const { scope, scp } = claims;
  if (typeof scope === 'string') for (const item of scope.split(' ')) if (item) scopes.add(item);
  if (Array.isArray(scp)) for (const item of scp) if (typeof item === 'string') scopes.add(item);
  if (typeof scp === 'string') for (const item of scp.split(' ')) if (item) scopes.add(item);
  return scopes;
}
