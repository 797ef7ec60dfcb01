/** Who is calling, as far as end-user authentication goes. */
export type Caller =
  /** No end-user authentication in this mode: dev on the simulator, forwarding, AUTH_DISABLED. */
  | { readonly kind: 'open' }
  /** A verified token. */
  | { readonly kind: 'user'; readonly subject: string; readonly scopes: ReadonlySet<string> }
  /** Authentication is required and the request brought no valid token. */
  | { readonly kind: 'refused' };

export const OPEN_CALLER: Caller = Object.freeze({ kind: 'open' });
export const REFUSED_CALLER: Caller = Object.freeze({ kind: 'refused' });
