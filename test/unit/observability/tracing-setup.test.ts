import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tracingRequested } from '../../../src/observability/tracing-setup';

const run = promisify(execFile);

describe('when tracing is on', () => {
  it.each([
    [{}, false],
    [{ OTEL_SERVICE_NAME: 'recordings-graph' }, false],
    [{ OTEL_TRACES_EXPORTER: 'none' }, false],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, true],
    [{ OTEL_TRACES_EXPORTER: 'console' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, false],
  ])('%j: %s', (env, expected) => {
    expect(tracingRequested(env)).toBe(expected);
  });

  it('loads no part of the OpenTelemetry SDK while tracing is off', async () => {
    // A fresh process: what it has loaded after a start without tracing is all it ever loads.
    const script = `
      require('./src/observability/tracing-setup').startTracing({});
      require('./src/observability/logger').createLogger({ destination: { write() {} } }).info('x');
      const loaded = Object.keys(require.cache).filter((path) => path.includes('@opentelemetry/'));
      console.log(JSON.stringify(loaded.map((path) => path.split('node_modules/')[1].split('/').slice(0, 2).join('/'))));
    `;
    const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      cwd: join(__dirname, '..', '..', '..'),
    });
    // Only the API package (a few kB of interfaces and no-op defaults) is loaded.
    expect(new Set(JSON.parse(stdout) as string[])).toEqual(new Set(['@opentelemetry/api']));
  });
});
