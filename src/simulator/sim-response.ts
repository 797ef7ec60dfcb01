import type { SimulatorDrift } from './drift';
import type { SimDataset, SimRecording } from './sim-records';

// What a simulator route answers, and the provider's error bodies every route shares.

export interface SimResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteContext {
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly data: SimDataset;
  readonly drift: SimulatorDrift;
  /**
   * A recording command stopped a recording: it is saved (listed at once) and announced by
   * the `*.recording.saved` webhook, sent after the answer.
   */
  readonly recordingStopped: (
    overrides: Partial<SimRecording>,
    format: 'mp3' | 'wav',
  ) => SimRecording;
}

export interface Route {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly handle: (context: RouteContext) => SimResponse;
}

export function errorResponse(
  status: number,
  code: string,
  title: string,
  detail: string,
  source?: Record<string, string>,
): SimResponse {
  return { status, body: { errors: [{ code, title, detail, ...(source ? { source } : {}) }] } };
}

export function notFound(what: string): SimResponse {
  return errorResponse(404, '10005', 'Resource not found', `The requested ${what} was not found.`);
}

export function invalidParameter(parameter: string, detail: string): SimResponse {
  return errorResponse(422, '10015', 'Invalid parameter', detail, { parameter });
}
