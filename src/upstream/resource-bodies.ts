import type { Row } from '../domain/page';
import type { CacheKind } from './cache/upstream-cache';
import type { DriftObserver } from './decode/drift-observer';
import { isWireObject } from './decode/row-reader';
import type { ListAnswer } from './pages/list-request';
import { parseJson } from './transport/upstream-transport';
import { itemOrThrow, type UpstreamSession } from './upstream-session';

type FromWire<T> = (wire: unknown, observer: DriftObserver) => Row<T>;

/**
 * A read's body: the resource, or the error its row stands for; UPSTREAM_BAD_RESPONSE when it is
 * not JSON. `what` names the resource in that error.
 */
export function strictItem<T>(
  text: string,
  what: string,
  session: UpstreamSession,
  fromWire: FromWire<T>,
): T {
  const body = parseJson(text, what);
  return itemOrThrow(fromWire(isWireObject(body) ? body['data'] : undefined, session.drift));
}

/** How long a read resource may be cached: a final one does not change, a live one does. */
export function itemTtlSeconds(session: UpstreamSession, final: boolean): number {
  return final ? session.ttls.immutableTtlSeconds : session.ttls.mutableTtlSeconds;
}

/**
 * A delete's body: the resource when the provider sent one we can read; null for 204, junk or
 * a broken row (the delete itself succeeded either way).
 */
export function lenientItem<T>(
  text: string,
  session: UpstreamSession,
  fromWire: FromWire<T>,
): T | null {
  if (text.trim() === '') return null;
  try {
    const body: unknown = JSON.parse(text);
    const row = fromWire(isWireObject(body) ? body['data'] : undefined, session.drift);
    return row instanceof Error ? null : row;
  } catch {
    return null;
  }
}

/**
 * Rows of a fresh list answer later reads by id, in this request and the next ones: with the
 * list's (short) TTL, and never over an entry already there, which may be fresher.
 */
export async function primeFromList<T extends { readonly id: string }>(
  session: UpstreamSession,
  { page, rows }: ListAnswer<T>,
  kind: CacheKind,
  pathOf: (id: string) => string,
): Promise<void> {
  const { cache, ttls } = session;
  if (!cache || ttls.mutableTtlSeconds <= 0) return;
  await Promise.all(
    page.items.map((item, index) =>
      item instanceof Error
        ? Promise.resolve()
        : cache.setIfAbsent(
            kind,
            pathOf(item.id),
            JSON.stringify({ data: rows[index] }),
            ttls.mutableTtlSeconds,
          ),
    ),
  );
}
