import { createServer, type Server } from 'node:http';
import type { RequestHandler } from 'express';
import type { GatewayMetrics } from '../observability/metrics';

/** Prometheus text for `GET /metrics`. */
export function metricsHandler(metrics: GatewayMetrics): RequestHandler {
  return (_request, response, next) => {
    metrics.registry
      .metrics()
      .then((text) => response.type(metrics.registry.contentType).send(text))
      .catch(next);
  };
}

/** Metrics on a port of their own (METRICS_PORT), for an internal network only. */
export async function startMetricsServer(
  metrics: GatewayMetrics,
  port: number,
  host: string,
): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
