import { ReplicaSet } from '../replica-set';

// Which replica a read goes to, and what status shows. Pools open connections lazily: none is made
// here (the health checks and failures on real replicas are in test/operations/read-replicas.test.ts).

describe('ReplicaSet', () => {
  const urls = ['postgres://nexus:secret@replica-a:5432/nexus', 'postgres://nexus:secret@replica-b:5432/nexus'];
  let replicas: ReplicaSet;
  beforeEach(() => {
    replicas = new ReplicaSet(urls, { poolSize: 3 }, 1_000);
  });
  afterEach(() => replicas.close());

  it('picks an available replica, skipping those taken out, and none when all are out', () => {
    expect(replicas.pick()?.name).toBe('replica 1');
    replicas.takeOut(replicas.pick()!, 'connection');
    expect(replicas.pick()?.name).toBe('replica 2');
    replicas.takeOut(replicas.pick()!, 'timeout');
    expect(replicas.pick()).toBeNull();
  });

  it('names replicas by position and never shows their URLs (they hold passwords)', () => {
    replicas.takeOut(replicas.pick()!, 'recovery conflict');
    expect(replicas.status()).toEqual([
      { name: 'replica 1', available: false, replayLagSeconds: null, reason: 'recovery conflict' },
      { name: 'replica 2', available: true, replayLagSeconds: null, reason: null },
    ]);
    expect(JSON.stringify(replicas.status())).not.toContain('secret');
  });

  it('gives each replica a pool of the primary\'s size', () => {
    expect(replicas.pools.map((pool) => pool.options.max)).toEqual([3, 3]);
  });
});
