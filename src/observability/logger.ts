import { destination, pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

// Last line of defence for secrets in logs: whatever a log line holds, bearer tokens, known keys
// and the query strings of URLs (pre-signed download links carry their signature there) are
// replaced before the line is written.
const BEARER = /(bearer\s+)[^\s"'\\]+/gi;
const URL_QUERY = /(https?:\/\/[^\s"'\\?]+)\?[^\s"'\\]*/gi;

export function scrubSecrets(line: string, secrets: readonly string[] = []): string {
  let scrubbed = line.replace(BEARER, '$1[redacted]').replace(URL_QUERY, '$1?[redacted]');
  for (const secret of secrets) {
    if (secret.length >= 4) scrubbed = scrubbed.split(secret).join('[redacted]');
  }
  return scrubbed;
}

export interface LoggerOptions {
  readonly level?: string;
  /** Values that must never appear in a log line (the server API key). */
  readonly secrets?: readonly string[];
  /** Where lines go; stdout by default. Tests capture lines here. */
  readonly destination?: DestinationStream;
  /** Human-readable lines (development) instead of JSON, still scrubbed. */
  readonly pretty?: boolean;
}

/** Structured JSON logs with secrets scrubbed from every line. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = options.secrets ?? [];
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'recordings-graph' },
      redact: {
        paths: ['*.authorization', '*.headers.authorization', 'apiKey', '*.apiKey'],
        censor: '[redacted]',
      },
      hooks: { streamWrite: (line) => scrubSecrets(line, secrets) },
    },
    options.destination ??
      (options.pretty
        ? prettyDestination()
        : // Asynchronous writes keep logging off the request path; pino flushes them on exit.
          destination({ dest: 1, sync: false })),
  );
}

/** Human-readable lines for development; loaded only then (production writes JSON). */
function prettyDestination(): DestinationStream {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, in CommonJS
  const { PinoPretty } = require('pino-pretty') as typeof import('pino-pretty');
  return PinoPretty({ colorize: process.stdout.isTTY, destination: 1 });
}
