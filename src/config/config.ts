// All configuration is read and validated here, once. Every other module receives an AppConfig.
// docker-compose.yml and README.md list the same names: a test keeps the three in step.

export type NodeEnvironment = 'development' | 'production' | 'test';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxRootFields: number;
}

export interface AppConfig {
  nodeEnv: NodeEnvironment;
  host: string;
  port: number;
  /** null: run on the embedded PostgreSQL kept in embeddedDatabaseDirectory. */
  databaseUrl: string | null;
  databasePoolSize: number;
  embeddedDatabasePort: number;
  embeddedDatabaseDirectory: string;
  graphqlIntrospection: boolean;
  queryLimits: QueryLimits;
  sessionTtlMinutes: number;
  refreshTtlDays: number;
  logSql: boolean;
  /** null: e-mails are printed on the console (development). */
  smtpUrl: string | null;
  mailFrom: string;
}

/** One entry per variable the application reads: name, default shown in docs, description. */
export const ENVIRONMENT_VARIABLES = {
  NODE_ENV: { default: 'development', description: 'development, production or test' },
  HOST: { default: '0.0.0.0', description: 'interface the HTTP server listens on' },
  PORT: { default: '4000', description: 'HTTP port of /graphql, /healthz and /readyz' },
  DATABASE_URL: { default: '', description: 'postgres:// URL; empty: embedded PostgreSQL in EMBEDDED_DATABASE_DIR' },
  DATABASE_POOL_SIZE: { default: '10', description: 'maximum connections in the pool' },
  EMBEDDED_DATABASE_PORT: { default: '54329', description: 'port of the embedded PostgreSQL' },
  EMBEDDED_DATABASE_DIR: { default: '.data', description: 'data directory of the embedded PostgreSQL' },
  GRAPHQL_INTROSPECTION: { default: 'true unless production', description: 'allow schema introspection' },
  GRAPHQL_MAX_DEPTH: { default: '12', description: 'deepest selection a query may have' },
  GRAPHQL_MAX_COST: { default: '50000', description: 'largest estimated cost (rows) of a query' },
  GRAPHQL_MAX_ALIASES: { default: '30', description: 'most aliases in one query' },
  GRAPHQL_MAX_ROOT_FIELDS: { default: '15', description: 'most root fields in one operation' },
  SESSION_TTL_MINUTES: { default: '60', description: 'lifetime of a session token' },
  REFRESH_TTL_DAYS: { default: '30', description: 'lifetime of a refresh token' },
  LOG_SQL: { default: 'false', description: 'print every SQL statement' },
  SMTP_URL: { default: '', description: 'smtp(s)://user:password@host:port for outgoing e-mail; empty: printed on the console' },
  MAIL_FROM: { default: 'Nexus Réussite <no-reply@nexus-reussite.tn>', description: 'sender of outgoing e-mail' },
} as const;

export type EnvironmentVariableName = keyof typeof ENVIRONMENT_VARIABLES;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Environment = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly environment: Environment) {}

  raw(name: EnvironmentVariableName): string | undefined {
    const value = this.environment[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  integer(name: EnvironmentVariableName, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return Number(value);
  }

  boolean(name: EnvironmentVariableName, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes'].includes(value)) return true;
    if (['false', '0', 'no'].includes(value)) return false;
    this.problems.push(`${name} must be true or false (got "${value}")`);
    return fallback;
  }

  oneOf<T extends string>(name: EnvironmentVariableName, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
      return fallback;
    }
    return value as T;
  }

  smtpUrl(name: EnvironmentVariableName): string | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    let protocol = '';
    try {
      protocol = new URL(value).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'smtp:' && protocol !== 'smtps:') this.problems.push(`${name} must be a URL like smtps://user:password@host:465 (smtp:// or smtps://)`);
    return value;
  }

  databaseUrl(name: EnvironmentVariableName): string | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.problems.push(`${name} is not a valid URL (expected postgres://user:password@host:5432/database)`);
      return null;
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      this.problems.push(`${name} must start with postgres:// or postgresql:// (got "${url.protocol}//")`);
    } else if (!url.hostname) {
      this.problems.push(`${name} has no host (expected postgres://user:password@host:5432/database)`);
    } else if (url.pathname.replace('/', '') === '') {
      this.problems.push(`${name} names no database (expected postgres://user:password@host:5432/database)`);
    }
    return value;
  }
}

export function loadConfig(environment: Environment = process.env): AppConfig {
  const read = new Reader(environment);
  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const config: AppConfig = {
    nodeEnv,
    host: read.raw('HOST') ?? '0.0.0.0',
    port: read.integer('PORT', 4000, 0, 65535),
    databaseUrl: read.databaseUrl('DATABASE_URL'),
    databasePoolSize: read.integer('DATABASE_POOL_SIZE', 10, 1, 200),
    embeddedDatabasePort: read.integer('EMBEDDED_DATABASE_PORT', 54329, 1024, 65535),
    embeddedDatabaseDirectory: read.raw('EMBEDDED_DATABASE_DIR') ?? '.data',
    graphqlIntrospection: read.boolean('GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
    queryLimits: {
      maxDepth: read.integer('GRAPHQL_MAX_DEPTH', 12, 1, 100),
      maxCost: read.integer('GRAPHQL_MAX_COST', 50000, 1, 10_000_000),
      maxAliases: read.integer('GRAPHQL_MAX_ALIASES', 30, 0, 1000),
      maxRootFields: read.integer('GRAPHQL_MAX_ROOT_FIELDS', 15, 1, 1000),
    },
    sessionTtlMinutes: read.integer('SESSION_TTL_MINUTES', 60, 1, 60 * 24 * 30),
    refreshTtlDays: read.integer('REFRESH_TTL_DAYS', 30, 1, 365),
    logSql: read.boolean('LOG_SQL', false),
    smtpUrl: read.smtpUrl('SMTP_URL'),
    mailFrom: read.raw('MAIL_FROM') ?? ENVIRONMENT_VARIABLES.MAIL_FROM.default,
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
