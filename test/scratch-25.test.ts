import { startSimulator } from '../src/simulator/simulator-server';
import { spawnGateway } from './support/spawn-gateway';
import { TEST_API_KEY } from './support/start-stack';
import { subscribe } from './support/subscription-client';

it('scratch', async () => {
  const simulator = await startSimulator({ apiKeys: [TEST_API_KEY] });
  const env = {
    UPSTREAM_URL: simulator.baseUrl.href,
    UPSTREAM_API_KEY: TEST_API_KEY,
    AUTH_DISABLED: 'true',
    REDIS_URL: 'redis://127.0.0.1:6399',
    WEBHOOK_PUBLIC_KEY: simulator.webhooks.keys.publicKey,
    LOG_LEVEL: 'debug',
  };
  const a = await spawnGateway(env);
  const b = await spawnGateway(env);
  const onB = await subscribe(b.url, 'subscription { recordingEvents { cursor recording { id } } }');
  simulator.webhooks.target = new URL('/webhooks', a.url);
  await simulator.saveRecording();
  await new Promise((r) => setTimeout(r, 2000));
  console.log(JSON.stringify(onB.results), 'A', a.output().split('XREAD').length, 'B', b.output().split('XREAD').length, b.output().split('\n').filter((l) => l.includes('XREAD') && true).join('\n').slice(-600));
  await onB.close();
  await a.stop();
  await b.stop();
  await simulator.close();
}, 30000);
