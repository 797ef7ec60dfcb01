import { startExampleServer } from './example-server';

// `npm run example:web`: the example client on http://localhost:5173, calling the gateway at
// GATEWAY_URL (default http://localhost:4000/graphql, what `npm start` serves).
const port = Number(process.env['EXAMPLE_PORT'] ?? 5173);
const gateway = new URL(process.env['GATEWAY_URL'] ?? 'http://localhost:4000/graphql');

startExampleServer(port, process.env['EXAMPLE_HOST'] ?? 'localhost').then(
  (example) => {
    console.log(`example client at ${example.pageFor(gateway)}`);
    console.log('(a token, when the gateway verifies users: add #token=<access token>)');
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
