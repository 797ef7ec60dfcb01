import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../src/simulator/simulator-server';
import { spawnGateway, type GatewayProcess } from './spawn-gateway';
import { TEST_API_KEY } from './start-stack';

export interface WebhookGateway {
  readonly simulator: RunningSimulator;
  readonly gateway: GatewayProcess;
  close(): Promise<void>;
}

export interface WebhookGatewayOptions {
  /** Gateway environment beyond the server key and the webhook key. */
  readonly env?: Readonly<Record<string, string>>;
  readonly simulator?: Partial<SimulatorOptions>;
  /** The simulator delivers its own events to the gateway (tests that post by hand leave it off). */
  readonly deliverWebhooks?: boolean;
}

/**
 * The simulator in process and a gateway process on it, with the server key and the simulator's
 * webhook signing key: what the live suites that need a real process (sockets, signals) start.
 */
export async function startWebhookGateway(
  options: WebhookGatewayOptions = {},
): Promise<WebhookGateway> {
  const simulator = await startSimulator({ apiKeys: [TEST_API_KEY], ...options.simulator });
  const gateway = await spawnGateway({
    UPSTREAM_URL: simulator.baseUrl.href,
    UPSTREAM_API_KEY: TEST_API_KEY,
    AUTH_DISABLED: 'true',
    WEBHOOK_PUBLIC_KEY: simulator.webhooks.keys.publicKey,
    ...options.env,
  }).catch(async (error: unknown) => {
    await simulator.close();
    throw error;
  });
  if (options.deliverWebhooks) simulator.webhooks.target = new URL('/webhooks', gateway.url);
  return {
    simulator,
    gateway,
    close: async () => {
      await gateway.stop();
      await simulator.close();
    },
  };
}
