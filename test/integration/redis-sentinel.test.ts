import { redisCli } from '../support/redis-server';
import { SENTINEL_MASTER, startRedisSentinels } from '../support/redis-sentinel';
import { quietSentinelClientNoise } from '../support/quiet-sentinel-client';
import { describeRedisTopology, type Misconfiguration } from '../support/redis-topology-suite';

quietSentinelClientNoise();

// A master, its replica and three Sentinels: the gateway knows only the Sentinels.
describeRedisTopology('Redis Sentinel (master, replica, 3 sentinels)', async () => {
  const sentinels = await startRedisSentinels();
  const first = sentinels.master.port;
  return {
    env: { REDIS_SENTINELS: sentinels.seeds, REDIS_SENTINEL_MASTER: SENTINEL_MASTER },
    misconfigurations: <Misconfiguration[]>[
      {
        env: { REDIS_CLUSTER_NODES: `127.0.0.1:${first}` },
        says: /REDIS_CLUSTER_NODES lists a server that is not in cluster mode.*REDIS_URL/,
      },
      {
        env: { REDIS_SENTINELS: `127.0.0.1:${first}`, REDIS_SENTINEL_MASTER: SENTINEL_MASTER },
        says: /REDIS_SENTINELS lists a server that is not a Sentinel/,
      },
      {
        env: { REDIS_SENTINELS: sentinels.seeds, REDIS_SENTINEL_MASTER: 'no-such-master' },
        says: /no-such-master/,
      },
      {
        env: { REDIS_URL: `redis://127.0.0.1:${sentinels.replica.port}` },
        says: /REDIS_URL points at a read-only replica/,
      },
    ],
    quotaSpent: async () => {
      const port = await sentinels.masterPort();
      const keys = (await redisCli(port, '--scan', '--pattern', 'rg:client:*'))
        .split('\n')
        .filter((key) => key !== '');
      let spent = 0;
      for (const key of keys) spent += Number(await redisCli(port, 'get', key));
      return spent;
    },
    killMaster: () => sentinels.master.kill(),
    failedOver: async () => {
      const deadline = Date.now() + 20_000;
      while ((await sentinels.masterPort().catch(() => first)) === first) {
        if (Date.now() > deadline) throw new Error('Sentinel did not fail over');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: () => sentinels.stop(),
  };
});
