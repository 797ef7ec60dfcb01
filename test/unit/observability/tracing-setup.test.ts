import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { samplerFromEnv, tracingRequested } from '../../../src/observability/tracing-setup';

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

describe('OTEL_TRACES_SAMPLER, read as the specification names it', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as startTracing loads it
  const sdk = require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
  const root = (env: NodeJS.ProcessEnv): number | undefined =>
    samplerFromEnv(env, sdk)?.shouldSample(
      ROOT_CONTEXT,
      '0af7651916cd43dd8448eb211c80319c',
      'x',
      SpanKind.SERVER,
      {},
      [],
    ).decision;

  it.each([
    [{ OTEL_TRACES_SAMPLER: 'always_on' }, sdk.SamplingDecision.RECORD_AND_SAMPLED],
    [{ OTEL_TRACES_SAMPLER: 'always_off' }, sdk.SamplingDecision.NOT_RECORD],
    [
      { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' },
      sdk.SamplingDecision.NOT_RECORD,
    ],
    [
      { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '1' },
      sdk.SamplingDecision.RECORD_AND_SAMPLED,
    ],
    [{ OTEL_TRACES_SAMPLER: 'parentbased_always_off' }, sdk.SamplingDecision.NOT_RECORD],
    // An unknown name: the specification's default, parent-based always-on.
    [{ OTEL_TRACES_SAMPLER: 'nonsense' }, sdk.SamplingDecision.RECORD_AND_SAMPLED],
  ])('%j decides a root span: %s', (env, decision) => {
    expect(root(env)).toBe(decision);
  });

  it('leaves the choice to our default when unset', () => {
    expect(samplerFromEnv({}, sdk)).toBeNull();
  });
});
