import { timingSafeEqual } from 'node:crypto';
import type { Secret } from '../config/secret';

/** The header a router presents its shared secret in (ROUTER_SECRET). */
export const ROUTER_SECRET_HEADER = 'x-router-secret';

/** Whether `given` is the router's secret, compared in constant time. */
export function isRouterSecret(
  given: string | readonly string[] | null | undefined,
  expected: Secret | null,
): boolean {
  if (typeof given !== 'string' || expected === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected.reveal());
  return a.length === b.length && timingSafeEqual(a, b);
}
