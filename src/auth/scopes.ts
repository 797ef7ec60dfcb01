import { OperationTypeNode } from 'graphql';

/** The OAuth 2 scopes this gateway understands. */
export enum Scope {
  RECORDINGS_READ = 'recordings:read',
  RECORDINGS_DELETE = 'recordings:delete',
  /** Starting, stopping, pausing and resuming recordings; it grants no delete, nor delete it. */
  RECORDINGS_CONTROL = 'recordings:control',
}

/** The mutations that command recordings rather than delete them. */
const CONTROL_MUTATIONS = new Set(
  ['start', 'stop', 'pause', 'resume'].flatMap((verb) => [
    `${verb}ConferenceRecording`,
    `${verb}CallRecording`,
  ]),
);

// Fields that read nothing of the provider's: the type name, introspection (governed by
// GRAPHQL_INTROSPECTION) and the subgraph SDL (governed by the router-only rule).
const FREE_ROOT_FIELDS = new Set(['__typename', '__schema', '__type', '_service']);

/**
 * The scope a root field needs: reading for queries and subscriptions, control for the recording
 * commands, deleting for the other mutations.
 */
export function scopeForRootField(operation: OperationTypeNode, field: string): Scope | null {
  if (FREE_ROOT_FIELDS.has(field)) return null;
  if (operation !== OperationTypeNode.MUTATION) return Scope.RECORDINGS_READ;
  return CONTROL_MUTATIONS.has(field) ? Scope.RECORDINGS_CONTROL : Scope.RECORDINGS_DELETE;
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
