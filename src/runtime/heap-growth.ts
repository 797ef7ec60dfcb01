import { setFlagsFromString } from 'node:v8';

/**
 * Caps how far V8 lets the old generation grow past the live heap before its next full
 * collection, to `1 + percent/100` times the live size. V8's own heuristic allows up to 4x on a
 * machine with many GiB, sized for long-lived data; the gateway's garbage is request-scoped, so
 * under heavy pages its heap reached four times its live data (36 MiB live, 137 MiB old space).
 * The factor is read at every collection, so setting it once the process runs takes effect.
 * 0 leaves V8's heuristic alone.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
