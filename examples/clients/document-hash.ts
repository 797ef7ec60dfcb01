import type { DocumentNode } from 'graphql';

/**
 * The persisted id codegen's client preset puts on each document it generates (`__meta__.hash`,
 * `sha256:<hex>`), as the hex that APQ's `extensions.persistedQuery.sha256Hash` carries.
 */
export function documentHash(document: DocumentNode): string | undefined {
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  return typeof hash === 'string' ? hash.replace(/^sha256:/, '') : undefined;
}
