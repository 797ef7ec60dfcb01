import { redisCli } from '../support/redis-server';
import { startRedisCluster, type RunningCluster } from '../support/redis-cluster';
import { describeRedisTopology, type Misconfiguration } from '../support/redis-topology-suite';

// A 3-master + 3-replica Redis Cluster: REDIS_CLUSTER_NODES lists two seeds, the rest is found.
describeRedisTopology('a Redis Cluster (3 masters, 3 replicas)', async () => {
  const cluster: RunningCluster = await startRedisCluster();
  return {
    env: { REDIS_CLUSTER_NODES: cluster.seeds.split(',').slice(0, 2).join(',') },
    misconfigurations: <Misconfiguration[]>[
      {
        env: { REDIS_URL: `redis://127.0.0.1:${cluster.nodes[0]!.port}` },
        says: /REDIS_URL points at a node of a Redis Cluster.*REDIS_CLUSTER_NODES/,
      },
    ],
    quotaSpent: async () => {
      let spent = 0;
      for (const master of await cluster.masters()) {
        const keys = (await redisCli(master.port, '--scan', '--pattern', 'rg:client:*'))
          .split('\n')
          .filter((key) => key !== '');
        for (const key of keys) spent += Number(await redisCli(master.port, 'get', key));
      }
      return spent;
    },
    killMaster: async () => {
      const [master] = await cluster.masters();
      await master!.kill();
    },
    failedOver: async () => {
      // Three masters again (a replica promoted), and every node says the cluster is ok. Seconds
      // alone; far longer when the whole suite loads the machine (20 s once ran out there).
      const deadline = Date.now() + 40_000;
      const done = async () => (await cluster.masters()).length === 3 && (await cluster.healthy());
      while (!(await done().catch(() => false))) {
        if (Date.now() > deadline) throw new Error('the cluster did not fail over');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: () => cluster.stop(),
  };
});
