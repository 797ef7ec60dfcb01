/**
 * @redis/client's Sentinel client logs every failed connection attempt with a bare
 * `console.log(error)` (not through any logger we could silence), so a test that starts a gateway
 * before its sentinels answer, or stops them on purpose, prints a stack on success. This drops
 * exactly those lines, from the client's connect loop, for the calling test file; any other
 * console output still shows.
 */
export function quietSentinelClientNoise(): void {
  const log = console.log.bind(console);
  let spy: jest.SpyInstance | undefined;
  beforeAll(() => {
    spy = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      const [first] = args;
      if (args.length === 1 && first instanceof Error && isSentinelConnectNoise(first)) return;
      log(...args);
    });
  });
  afterAll(() => spy?.mockRestore());
}

function isSentinelConnectNoise(error: Error): boolean {
  return (
    error.message === 'None of the sentinels are available' ||
    (error.stack ?? '').includes('@redis/client/dist/lib/sentinel')
  );
}
