import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENT_VARIABLES, loadConfig } from '../../src/config/config';

// No Docker engine runs here: the compose file is checked as far as it can be, parsed and held
// against the configuration code.
const root = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; healthcheck?: unknown; build?: string }>;
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

  it('builds the API from the Dockerfile beside it', () => {
    expect(api.build).toBe('.');
    expect(readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toMatch(/CMD \["node", "dist\/src\/main.js"\]/);
  });
});
