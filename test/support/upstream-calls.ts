import type { SimulatorRequest } from '../../src/simulator/simulator-server';

/** Upstream requests counted by route template, e.g. { 'GET /recordings': 1 }. */
export function callsByRoute(requests: readonly SimulatorRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) counts[request.route] = (counts[request.route] ?? 0) + 1;
  return counts;
}
