import type { EnvReader } from './env-reader';
import { flag, integer, text, type ConfigConcern } from './setting';

export type NodeEnv = 'development' | 'production' | 'test';

/** The HTTP server: where it listens, its bounds, how it stops. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly nodeEnv: NodeEnv;
  readonly production: boolean;
  /** Longest time to receive one HTTP request, headers and body. */
  readonly httpRequestTimeoutMs: number;
  readonly httpHeadersTimeoutMs: number;
  readonly httpKeepAliveTimeoutMs: number;
  /** Most open client connections; more are refused. */
  readonly httpMaxConnections: number;
  /** Brotli/gzip for GraphQL answers over about 1 KB. */
  readonly compression: boolean;
  /** Express `trust proxy`: which proxies' X-Forwarded-For names the client address. */
  readonly trustProxy: boolean | number | string;
  /** How long SIGTERM waits for in-flight requests before closing connections. */
  readonly shutdownGraceMs: number;
  /** How far past the live heap V8 may let the old generation grow (percent); 0: V8's choice. */
  readonly heapGrowthPercent: number;
}

const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];

const SETTINGS = {
  nodeEnv: text(
    'NODE_ENV',
    '`development`',
    '`development`, `production` or `test`; anything else is refused. `production` turns off ' +
      'introspection, the Sandbox landing page, schema hints in error messages and stack traces ' +
      'in errors, and requires `UPSTREAM_URL`.',
  ),
  port: integer(
    'PORT',
    4000,
    0,
    65535,
    'Where GraphQL is served, on `/graphql`; `0` picks a free port (the start line says which).',
  ),
  host: text('HOST', '`0.0.0.0`', 'The address the HTTP server binds.'),
  httpRequestTimeoutMs: integer(
    'HTTP_REQUEST_TIMEOUT_MS',
    15_000,
    1000,
    600_000,
    'Longest time to receive one request, headers and body.',
  ),
  httpHeadersTimeoutMs: integer(
    'HTTP_HEADERS_TIMEOUT_MS',
    10_000,
    1000,
    600_000,
    'Longest time to receive the headers.',
  ),
  httpKeepAliveTimeoutMs: integer(
    'HTTP_KEEP_ALIVE_TIMEOUT_MS',
    5_000,
    0,
    600_000,
    'How long an idle keep-alive connection stays open.',
  ),
  httpMaxConnections: integer(
    'HTTP_MAX_CONNECTIONS',
    4096,
    1,
    1_000_000,
    'Open client connections; more are refused.',
  ),
  compression: flag('HTTP_COMPRESSION', true, 'Brotli or gzip for answers of 1 KB and more.'),
  trustProxy: text(
    'TRUST_PROXY',
    '`false`',
    "Express's `trust proxy`, so that the client address comes from `X-Forwarded-For` behind a " +
      'load balancer: a hop count (`1` behind one balancer), or addresses/subnets (`loopback`, ' +
      '`10.0.0.0/8`). `true` trusts every hop, so a client can name its own address (and ' +
      'rate-limit bucket): refused in production, as are `0.0.0.0/0`, `::/0` and hop counts over ' +
      '10. Unset behind a balancer, every client has the balancer’s address and shares one bucket.',
  ),
  shutdownGraceMs: integer(
    'SHUTDOWN_GRACE_MS',
    10_000,
    0,
    600_000,
    'After SIGTERM, how long in-flight requests may run.',
  ),
  heapGrowthPercent: integer(
    'HEAP_GROWTH_PERCENT',
    50,
    0,
    300,
    'How far V8 may let the old generation grow past the live heap before collecting it, as a ' +
      'percentage (`--heap-growing-percent`). V8’s own choice on a large machine is up to 300%, ' +
      'which let heavy pages hold about 270 MiB RSS with 36 MiB of live data; at 50% the same ' +
      'benchmark holds about 160 MiB at the same throughput. `0` leaves it to V8.',
  ),
};

export const SERVER_CONCERN: ConfigConcern = {
  title: 'HTTP server and memory',
  settings: Object.values(SETTINGS),
  outro:
    'Not variables of the gateway, but part of running it:\n\n' +
    '- V8’s young generation is set on the command line, and `npm start` runs ' +
    '`node --max-semi-space-size=8 dist/main.js` (16 MiB of young generation instead of 32, no ' +
    'slower in the benchmark). Run the process the same way, or put the flag in `NODE_OPTIONS`.\n' +
    '- `MALLOC_MMAP_THRESHOLD_=1048576 MALLOC_TRIM_THRESHOLD_=1048576`, which `npm start` sets, ' +
    'are read by glibc’s allocator when the process starts. Blocks of 1 MiB and more ' +
    '(compression state) are then given back to the system when freed, and free memory above ' +
    '1 MiB at the top of an arena is returned, instead of glibc raising both thresholds and ' +
    'keeping it: the compressed 250-row benchmark rows peak about 15 MiB lower. A lower trim ' +
    'threshold saves a little more memory and costs pages a tenth of their throughput. Set them ' +
    'wherever the gateway runs as `node dist/main.js` (a container’s environment); allocators ' +
    'other than glibc’s ignore them.',
};

/** NODE_ENV first: other concerns' defaults and checks follow it. */
export function readNodeEnv(read: EnvReader): { nodeEnv: NodeEnv; production: boolean } {
  const nodeEnv = read.oneOf(SETTINGS.nodeEnv.name, NODE_ENVS, 'development');
  return { nodeEnv, production: nodeEnv === 'production' };
}

export function readServerConfig(
  read: EnvReader,
  mode: { nodeEnv: NodeEnv; production: boolean },
): ServerConfig {
  const port = read.int(SETTINGS.port);
  const host = read.string(SETTINGS.host.name) ?? '0.0.0.0';
  return {
    ...mode,
    port,
    host,
    httpRequestTimeoutMs: read.int(SETTINGS.httpRequestTimeoutMs),
    httpHeadersTimeoutMs: read.int(SETTINGS.httpHeadersTimeoutMs),
    httpKeepAliveTimeoutMs: read.int(SETTINGS.httpKeepAliveTimeoutMs),
    httpMaxConnections: read.int(SETTINGS.httpMaxConnections),
    compression: read.flag(SETTINGS.compression),
    trustProxy: trustProxy(read, mode.production),
    shutdownGraceMs: read.int(SETTINGS.shutdownGraceMs),
    heapGrowthPercent: read.int(SETTINGS.heapGrowthPercent),
  };
}

function trustProxy(read: EnvReader, production: boolean): boolean | number | string {
  const raw = read.string(SETTINGS.trustProxy.name);
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') {
    // Every hop trusted: the client writes X-Forwarded-For, so it picks its own rate-limit bucket.
    if (production) {
      read.problem(
        'TRUST_PROXY=true trusts every X-Forwarded-For hop, so clients choose their own address: ' +
          'set the number of proxies in front (TRUST_PROXY=1 behind one load balancer) or their ' +
          'subnets (TRUST_PROXY=10.0.0.0/8)',
      );
    }
    return true;
  }
  const hops = /^\d+$/.test(raw) ? Number(raw) : null;
  const everyone = raw.split(',').some((part) => ['0.0.0.0/0', '::/0'].includes(part.trim()));
  if (production && (everyone || (hops !== null && hops > 10))) {
    read.problem(
      `TRUST_PROXY=${raw} trusts any address as a proxy, so clients choose their own address: ` +
        'give the number of proxies in front (at most 10) or their own subnets',
    );
  }
  return hops ?? raw;
}
