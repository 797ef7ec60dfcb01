import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GatewayContext } from '../context';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import { traceIds, type OperationTrace } from '../observability/tracing';

// The normal first step of the APQ protocol, not a fault.
const ROUTINE_CODES = new Set(['PERSISTED_QUERY_NOT_FOUND']);

/** Unexpected server faults at error (their stacks are logged where they are masked); every
 * other error code, the caller's or the upstream's, at warn; clean answers at info. */
function logLevelFor(codes: readonly string[]): 'error' | 'warn' | 'info' {
  if (codes.includes('INTERNAL_SERVER_ERROR')) return 'error';
  return codes.some((code) => !ROUTINE_CODES.has(code)) ? 'warn' : 'info';
}

/** What is known about one answered operation, for its log line and metrics. */
export interface AnsweredOperation {
  readonly requestId: string;
  readonly operationName: string | null | undefined;
  readonly seconds: number;
  readonly upstreamCalls: number;
  /** `extensions.code` of each error in the answer. */
  readonly codes: readonly string[];
  /** Whether the answer has data that is not all nulls. */
  readonly hasData: boolean;
  /** The operation's span, when traced: its ids go in the log line. */
  readonly trace: OperationTrace | undefined;
}

/**
 * One log line and one set of metrics per GraphQL operation: request id, operation name,
 * duration, upstream calls, outcome and error codes. Never variables, never results.
 */
export function reportOperation(
  logger: Logger,
  metrics: GatewayMetrics,
  answered: AnsweredOperation,
): void {
  const { codes, seconds, operationName } = answered;
  const outcome = codes.length === 0 ? 'ok' : answered.hasData ? 'partial' : 'error';
  const level = logLevelFor(codes);
  metrics.recordOperation(metrics.operationLabel(operationName), outcome, seconds);
  for (const code of codes) metrics.resolverErrors.inc({ code });
  if (!logger.isLevelEnabled(level)) return;
  logger[level](
    {
      requestId: answered.requestId,
      ...(answered.trace ? traceIds(answered.trace.parent) : {}),
      operationName: operationName ?? null,
      durationMs: Math.round(seconds * 10_000) / 10,
      upstreamCalls: answered.upstreamCalls,
      outcome,
      ...(codes.length > 0 ? { errorCodes: [...new Set(codes)] } : {}),
    },
    'graphql request',
  );
}

/** Reports every operation Apollo answers (see `reportOperation`). */
export function observabilityPlugin(
  logger: Logger,
  metrics: GatewayMetrics,
): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: ({ contextValue }) => {
      const started = performance.now();
      const traced = contextValue.trace;
      return Promise.resolve({
        ...(traced?.recording ? tracedPhases(traced) : {}),
        willSendResponse: ({ response, errors, operationName }) => {
          const codes = (errors ?? []).map((error) => {
            const code = error.extensions['code'];
            return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
          });
          traced?.answered(codes);
          // Data with nothing but nulls (a nullable root field failed) is an error, not partial.
          const data = response.body.kind === 'single' ? response.body.singleResult.data : null;
          reportOperation(logger, metrics, {
            requestId: contextValue.requestId,
            operationName,
            seconds: (performance.now() - started) / 1000,
            upstreamCalls: contextValue.stats.upstreamCalls,
            codes,
            hasData: data != null && Object.values(data).some((value) => value !== null),
            trace: traced,
          });
          return Promise.resolve();
        },
      });
    },
  };
}

/** The operation span's name, type and phases, from Apollo's pipeline (only when traced). */
function tracedPhases(
  traced: OperationTrace,
): Omit<GraphQLRequestListener<GatewayContext>, 'willSendResponse'> {
  return {
    parsingDidStart: () => {
      traced.phase('graphql.parse');
      return Promise.resolve();
    },
    validationDidStart: () => {
      traced.phase('graphql.validate');
      return Promise.resolve();
    },
    didResolveOperation: ({ operationName, operation }) => {
      traced.named(operationName, operation?.operation);
      return Promise.resolve();
    },
    executionDidStart: () => {
      traced.phase('graphql.execute');
      return Promise.resolve();
    },
  };
}
