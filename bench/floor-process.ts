import { startFloorServer } from './floor-server';

// The floor as its own process (bench/processes.ts starts it): UPSTREAM_URL, UPSTREAM_API_KEY.
const upstream = new URL(process.env['UPSTREAM_URL'] ?? '');
startFloorServer(upstream, process.env['UPSTREAM_API_KEY'] ?? '').then(
  (floor) => {
    console.log(`floor at ${floor.url.href}`);
    process.on('SIGTERM', () => void floor.close().then(() => process.exit(0)));
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
