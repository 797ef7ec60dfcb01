/** Who is calling, as far as end-user authentication goes. */
export type Caller =
  /** No end-user authentication in this mode: dev on the simulator, forwarding, AUTH_DISABLED. */
  | { readonly kind: 'open' }
  /** A verified token, good until `expiresAt` (epoch seconds). */
  | {
      readonly kind: 'user';
      readonly subject: string;
      readonly scopes: ReadonlySet<string>;
      readonly expiresAt: number;
    }
  /** Authentication is required and the request brought no valid token. */
  | { readonly kind: 'refused' }
  /** The identity provider's keys cannot be had: nobody can be verified (a server fault). */
  | { readonly kind: 'unavailable' };

export const OPEN_CALLER: Caller = Object.freeze({ kind: 'open' });
export const REFUSED_CALLER: Caller = Object.freeze({ kind: 'refused' });
export const UNAVAILABLE_CALLER: Caller = Object.freeze({ kind: 'unavailable' });
