import { z } from 'zod';
import { errorResponse, type SimResponse } from './sim-response';

/**
 * Faults the simulator can inject, for tests and the soak script:
 * - status: answer `status` (default 503) with the provider's error envelope;
 * - garbage: answer 200 with a body that is not JSON;
 * - truncate: answer 200 with the first half of the real JSON body;
 * - invalid: answer 200 with JSON that breaks the contract (a required field missing, a wrong type);
 * - reset: destroy the connection without answering;
 * - hang: never answer;
 * - latency: delay the real answer by `latencyMs` (adds to other faults).
 */
export const simulatorFaultSchema = z.object({
  kind: z.enum(['status', 'garbage', 'truncate', 'invalid', 'reset', 'hang', 'latency']),
  /** Route template, e.g. `GET /recordings/{id}`; absent: every route. */
  route: z.string().optional(),
  /** Only this exact path after /v2, e.g. `/recordings/abc`. */
  path: z.string().optional(),
  status: z.number().int().min(100).max(599).optional(),
  /** A 400/422 status fault names this parameter in `source.parameter`. */
  parameter: z.string().optional(),
  /** Retry-After as an HTTP date instead of seconds (with retryAfterSeconds). */
  retryAfterDate: z.boolean().optional(),
  /** Sets Retry-After and the x-ratelimit-* headers on a status fault. */
  retryAfterSeconds: z.number().int().min(0).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  /** Share of matching requests affected, 0..1 (default 1), drawn from a seeded generator. */
  rate: z.number().min(0).max(1).optional(),
  /** Affects only the next N matching requests, then expires. */
  times: z.number().int().positive().optional(),
});

export type SimulatorFault = z.infer<typeof simulatorFaultSchema>;

interface ActiveFault {
  readonly fault: SimulatorFault;
  remaining: number;
}

/** The active faults of one simulator. Deterministic: the same requests meet the same faults. */
export class FaultSet {
  private active: ActiveFault[] = [];
  private state = 0x2545f491;

  add(fault: SimulatorFault): void {
    this.active.push({
      fault: simulatorFaultSchema.parse(fault),
      remaining: fault.times ?? Infinity,
    });
  }

  clear(): void {
    this.active = [];
  }

  list(): SimulatorFault[] {
    return this.active.map(({ fault }) => fault);
  }

  /** The faults that hit this request: total latency, and at most one answer-changing fault. */
  draw(route: string, path: string): { latencyMs: number; fault: SimulatorFault | undefined } {
    let latencyMs = 0;
    let fault: SimulatorFault | undefined;
    for (const entry of this.active) {
      const { fault: candidate } = entry;
      if (candidate.route !== undefined && candidate.route !== route) continue;
      if (candidate.path !== undefined && candidate.path !== path) continue;
      if (candidate.kind !== 'latency' && fault !== undefined) continue;
      if (entry.remaining <= 0 || this.random() >= (candidate.rate ?? 1)) continue;
      entry.remaining -= 1;
      if (candidate.kind === 'latency') latencyMs += candidate.latencyMs ?? 0;
      else fault = candidate;
    }
    this.active = this.active.filter((entry) => entry.remaining > 0);
    return { latencyMs, fault };
  }

  /** xorshift32: deterministic rates without Math.random. */
  private random(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }
}

/** Breaks a valid JSON answer in the ways a buggy provider release might. */
export function breakContract(body: unknown): unknown {
  const corrupt = (item: unknown): unknown => {
    if (typeof item !== 'object' || item === null) return item;
    const { id: _id, ...rest } = item as Record<string, unknown>;
    return { ...rest, duration_millis: 'long' };
  };
  if (typeof body !== 'object' || body === null || !('data' in body)) return body;
  const { data } = body;
  const rows: unknown[] | null = Array.isArray(data) ? data : null;
  return {
    ...body,
    data: rows ? rows.map((item, i) => (i === 0 ? corrupt(item) : item)) : corrupt(data),
  };
}

/** What a status or garbage fault answers instead of the provider; null for the others. */
export function faultAnswer(fault: SimulatorFault): SimResponse | null {
  switch (fault.kind) {
    case 'status': {
      const status = fault.status ?? 503;
      const seconds = fault.retryAfterSeconds;
      const headers =
        seconds === undefined
          ? undefined
          : {
              'retry-after': fault.retryAfterDate
                ? new Date(Date.now() + seconds * 1000).toUTCString()
                : String(seconds),
              'x-ratelimit-limit': '100',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(seconds),
            };
      const title = status === 429 ? 'Too many requests' : 'Injected fault';
      const code = status === 429 ? '10011' : '10000';
      const source = fault.parameter === undefined ? undefined : { parameter: fault.parameter };
      return {
        ...errorResponse(status, code, title, 'Injected by the simulator.', source),
        headers,
      };
    }
    case 'garbage':
      return { status: 200, body: '<html><body>502 Bad Gateway</body></html>' };
    default:
      return null;
  }
}
