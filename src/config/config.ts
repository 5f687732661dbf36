import ipaddr from 'ipaddr.js';

// All configuration is read and validated here, once. Every other module receives an AppConfig.
// docker-compose.yml and README.md list the same names: a test keeps the three in step.

export type NodeEnvironment = 'development' | 'production' | 'test';

/** Limits on the shape of an operation, measured as it will execute (fragments expanded, variables coerced). */
export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxRootFields: number;
  /**
   * Lexical tokens of the document (graphql-js parser option `maxTokens`). Validation costs about
   * 40 µs per input object written in the query (ValuesOfCorrectType), 2,000 tokens ≈ 400 objects.
   */
  maxTokens: number;
}

/** Limits on the argument values of an operation, literals and variables alike. */
export interface InputLimits {
  /** Characters of any string input (String, ID, JSON strings and keys). */
  maxStringLength: number;
  /** Characters of a string inside a filter (a `contains` pattern is matched against every row). */
  maxFilterTextLength: number;
  /** Items of any list input. */
  maxListLength: number;
  /** Nesting of objects and lists in one argument value; raw JSON variables deeper than this are refused before coercion. */
  maxInputDepth: number;
  /** Values (objects, lists, scalars) in all the variables of a request, counted before graphql-js coerces them. */
  maxVariableValues: number;
  /** Conditions in one filter argument: each operator and each and / or / not branch counts one. */
  maxFilterConditions: number;
  /** Nesting of and / or / not in one filter argument. */
  maxFilterDepth: number;
}

/** Active subscriptions allowed at once; one more is refused with TOO_MANY_REQUESTS. */
export interface SubscriptionLimits {
  perConnection: number;
  /** Per signed-in user over all their connections to one instance; anonymous subscriptions count per client IP the same way. */
  perUser: number;
  /** Open WebSocket connections per client IP (req.ip semantics, TRUST_PROXY) on one instance. */
  socketsPerIp: number;
  /** Open WebSocket connections on one instance, all clients together. */
  socketsMax: number;
  /** Largest estimated cost of a subscription operation (its selection runs again for every event). */
  maxCost: number;
}

/**
 * Time limits of one request, in milliseconds. The request deadline cancels the request's running
 * statements (PostgreSQL CancelRequest) when it passes or when the client disconnects; the
 * statement timeout is PostgreSQL's own `statement_timeout` on every pool connection; the acquire
 * timeout bounds the wait for a free pool connection.
 */
export interface Deadlines {
  requestMs: number;
  statementMs: number;
  acquireMs: number;
}

export interface AppConfig {
  nodeEnv: NodeEnvironment;
  host: string;
  port: number;
  /**
   * Express's "trust proxy" setting (https://expressjs.com/en/guide/behind-proxies.html): a number
   * of reverse proxies (hops; 0: the socket's address is the client's), or the addresses / CIDR
   * ranges / presets (loopback, linklocal, uniquelocal) of trusted proxies. req.ip is then the
   * client's address from X-Forwarded-For.
   */
  trustProxy: number | string[];
  /** null: run on the embedded PostgreSQL kept in embeddedDatabaseDirectory. */
  databaseUrl: string | null;
  /** Streaming replicas the read API's statements go to (src/db/replica-set.ts); [] reads on the primary. */
  databaseReplicaUrls: string[];
  /** Milliseconds between health checks of the replicas (a failed replica is re-admitted by one). */
  databaseReplicaCheckMs: number;
  databasePoolSize: number;
  /** Named (prepared) statements, a bounded cache per connection (src/db/prepared-statements.ts); false behind PgBouncer in transaction mode. */
  databasePreparedStatements: boolean;
  deadlines: Deadlines;
  embeddedDatabasePort: number;
  embeddedDatabaseDirectory: string;
  graphqlIntrospection: boolean;
  queryLimits: QueryLimits;
  inputLimits: InputLimits;
  /** Live updates over graphql-ws (src/graphql/subscriptions). */
  subscriptionLimits: SubscriptionLimits;
  sessionTtlMinutes: number;
  refreshTtlDays: number;
  /** Seconds during which a just-rotated refresh token gets the current pair back instead of revoking the session. */
  refreshOverlapSeconds: number;
  logSql: boolean;
  /** null: e-mails are printed on the console (development). */
  smtpUrl: string | null;
  mailFrom: string;
  /** Operations: logs, metrics, tracing, shutdown and response headers (README, Operations). */
  operations: OperationsConfig;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface OperationsConfig {
  logLevel: LogLevel;
  logFormat: 'json' | 'pretty';
  /** 'off', 'main' (GET /metrics on PORT) or a port of its own. */
  metrics: { mode: 'off' } | { mode: 'main' } | { mode: 'port'; port: number };
  /** Seconds requests in flight get after SIGTERM / SIGINT before their statements are cancelled. */
  shutdownGraceSeconds: number;
  /** Origins allowed by CORS: '*' for any, [] for same origin only. */
  corsOrigins: '*' | string[];
  /** OpenTelemetry tracing on (an OTEL_* exporter is configured). The SDK reads the OTEL_* variables itself. */
  tracing: boolean;
}

/** One entry per variable the application reads: name, default shown in docs, description. */
export const ENVIRONMENT_VARIABLES = {
  NODE_ENV: { default: 'development', description: 'development, production or test' },
  HOST: { default: '0.0.0.0', description: 'interface the HTTP server listens on' },
  PORT: { default: '4000', description: 'HTTP port of /graphql, /healthz and /readyz' },
  TRUST_PROXY: { default: '0', description: 'reverse proxies whose X-Forwarded-For gives the client IP: a hop count, or comma-separated addresses / CIDRs / loopback, linklocal, uniquelocal' },
  TRUST_PROXY_HOPS: { default: '', description: 'deprecated alias of TRUST_PROXY (a hop count); TRUST_PROXY wins when both are set' },
  DATABASE_URL: { default: '', description: 'postgres:// URL; empty: embedded PostgreSQL in EMBEDDED_DATABASE_DIR' },
  DATABASE_REPLICA_URLS: { default: '', description: 'comma-separated postgres:// URLs of streaming replicas the read API reads from; empty: the primary serves all' },
  DATABASE_REPLICA_CHECK_INTERVAL_MS: { default: '5000', description: 'milliseconds between replica health checks (a failed replica comes back after one succeeds)' },
  DATABASE_POOL_SIZE: { default: '10', description: 'maximum connections in the pool' },
  DATABASE_PREPARED_STATEMENTS: { default: 'on', description: 'on: statements are prepared (named) per connection; off for PgBouncer in transaction mode' },
  REQUEST_TIMEOUT_MS: { default: '10000', description: 'deadline of one request (at most 30000): its statements are cancelled when it passes' },
  DATABASE_STATEMENT_TIMEOUT_MS: { default: '5000', description: 'PostgreSQL statement_timeout of every pool connection (above REQUEST_TIMEOUT_MS, the deadline cancels first)' },
  DATABASE_ACQUIRE_TIMEOUT_MS: { default: '2000', description: 'longest wait for a free pool connection' },
  EMBEDDED_DATABASE_PORT: { default: '54329', description: 'port of the embedded PostgreSQL' },
  EMBEDDED_DATABASE_DIR: { default: '.data', description: 'data directory of the embedded PostgreSQL' },
  GRAPHQL_INTROSPECTION: { default: 'true unless production', description: 'allow schema introspection' },
  GRAPHQL_MAX_DEPTH: { default: '12', description: 'deepest selection a query may have' },
  GRAPHQL_MAX_COST: { default: '50000', description: 'largest estimated cost (rows) of a query' },
  GRAPHQL_MAX_ALIASES: { default: '30', description: 'most aliases in one query' },
  GRAPHQL_MAX_ROOT_FIELDS: { default: '15', description: 'most root fields in one operation' },
  GRAPHQL_MAX_TOKENS: { default: '2000', description: 'most lexical tokens in one document' },
  GRAPHQL_MAX_STRING_LENGTH: { default: '10000', description: 'most characters in one string input' },
  GRAPHQL_MAX_FILTER_TEXT_LENGTH: { default: '200', description: 'most characters in one string inside a filter' },
  GRAPHQL_MAX_LIST_LENGTH: { default: '1000', description: 'most items in one list input' },
  GRAPHQL_MAX_INPUT_DEPTH: { default: '16', description: 'deepest nesting of objects and lists in one argument or variable' },
  GRAPHQL_MAX_VARIABLE_VALUES: { default: '2000', description: 'most values (objects, lists, scalars) in the variables of one request' },
  GRAPHQL_MAX_FILTER_CONDITIONS: { default: '50', description: 'most conditions (operators and and/or/not branches) in one filter' },
  GRAPHQL_MAX_FILTER_DEPTH: { default: '5', description: 'deepest nesting of and/or/not in one filter' },
  SUBSCRIPTIONS_PER_CONNECTION: { default: '10', description: 'most active subscriptions on one WebSocket connection' },
  SUBSCRIPTIONS_PER_USER: { default: '20', description: 'most active subscriptions of one signed-in user (anonymous: of one client IP) on one instance, all connections together' },
  SUBSCRIPTION_SOCKETS_PER_IP: { default: '20', description: 'most open WebSocket connections of one client IP (TRUST_PROXY) on one instance' },
  SUBSCRIPTION_SOCKETS_MAX: { default: '2000', description: 'most open WebSocket connections on one instance' },
  SUBSCRIPTION_MAX_COST: { default: '1000', description: 'largest estimated cost (rows) of a subscription, whose selection runs again for every event' },
  SESSION_TTL_MINUTES: { default: '60', description: 'lifetime of a session token' },
  REFRESH_TTL_DAYS: { default: '30', description: 'lifetime of a refresh token' },
  REFRESH_OVERLAP_SECONDS: { default: '30', description: 'seconds a just-rotated refresh token still returns the current pair (parallel refreshes); 0 turns it off' },
  LOG_SQL: { default: 'false', description: 'log every SQL statement (debug level, without parameters)' },
  LOG_LEVEL: { default: 'info (silent when NODE_ENV=test)', description: 'fatal, error, warn, info, debug, trace or silent' },
  LOG_FORMAT: { default: 'json', description: 'json (one JSON object per line) or pretty (pino-pretty, for a terminal)' },
  METRICS: { default: 'on', description: 'on: GET /metrics on PORT; off; or a port number to serve /metrics on that port only' },
  SHUTDOWN_GRACE_SECONDS: { default: '10', description: 'seconds requests in flight get after SIGTERM/SIGINT before their statements are cancelled' },
  CORS_ORIGINS: { default: 'same origin in production, * otherwise', description: 'comma-separated origins allowed by CORS, or *' },
  OTEL_TRACES_EXPORTER: { default: 'none', description: 'OpenTelemetry traces exporter: otlp, console or none (read by the OpenTelemetry SDK)' },
  OTEL_EXPORTER_OTLP_ENDPOINT: { default: '', description: 'OTLP collector URL; setting it turns tracing on with the otlp exporter (read by the OpenTelemetry SDK)' },
  OTEL_SERVICE_NAME: { default: 'nexus-reussite-api', description: 'service name on the spans (read by the OpenTelemetry SDK)' },
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

  /**
   * TRUST_PROXY as Express's "trust proxy" accepts it: a hop count, or a list of addresses, CIDR
   * ranges and proxy-addr's presets. `true` (trust every hop) is refused: the leftmost
   * X-Forwarded-For entry is whatever the client wrote, and the throttle would count by it.
   * TRUST_PROXY_HOPS, its deprecated alias, is read when TRUST_PROXY is not set.
   */
  trustProxy(): number | string[] {
    const value = this.raw('TRUST_PROXY');
    if (value === undefined) return this.integer('TRUST_PROXY_HOPS', 0, 0, 10);
    if (/^\d+$/.test(value)) return this.integer('TRUST_PROXY', 0, 0, 10);
    const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
    const invalid = entries.filter((entry) => !isTrustedProxyEntry(entry));
    if (entries.length === 0 || invalid.length > 0) {
      this.problems.push(
        `TRUST_PROXY must be a hop count from 0 to 10 or comma-separated IP addresses, CIDR ranges (10.0.0.0/8) or loopback, linklocal, uniquelocal (got "${invalid.join(', ') || value}")`,
      );
      return 0;
    }
    return entries;
  }

  /** A comma-separated list of postgres:// URLs, each checked as DATABASE_URL is. */
  databaseUrls(name: EnvironmentVariableName): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    return value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '')
      .map((entry) => this.databaseUrl(name, entry))
      .filter((url): url is string => url !== null);
  }

  databaseUrl(name: EnvironmentVariableName, given?: string): string | null {
    const value = given ?? this.raw(name);
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

const TRUST_PROXY_PRESETS = ['loopback', 'linklocal', 'uniquelocal'];

/** An entry of a "trust proxy" list as proxy-addr compiles it: a preset, an IP address or a CIDR range. */
function isTrustedProxyEntry(entry: string): boolean {
  if (TRUST_PROXY_PRESETS.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || !ipaddr.isValid(address)) return false;
  if (prefix === undefined) return true;
  const bits = ipaddr.parse(address).kind() === 'ipv4' ? 32 : 128;
  return /^\d+$/.test(prefix) && Number(prefix) <= bits;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function readOperations(read: Reader, nodeEnv: NodeEnvironment): OperationsConfig {
  const metrics = read.raw('METRICS')?.toLowerCase() ?? 'on';
  let metricsMode: OperationsConfig['metrics'] = { mode: 'main' };
  if (metrics === 'off' || metrics === 'false') metricsMode = { mode: 'off' };
  else if (/^\d+$/.test(metrics) && Number(metrics) >= 1 && Number(metrics) <= 65535) metricsMode = { mode: 'port', port: Number(metrics) };
  else if (metrics !== 'on' && metrics !== 'true') read.problems.push(`METRICS must be on, off or a port number from 1 to 65535 (got "${metrics}")`);

  const cors = read.raw('CORS_ORIGINS');
  let corsOrigins: '*' | string[] = nodeEnv === 'production' ? [] : '*';
  if (cors === '*') corsOrigins = '*';
  else if (cors !== undefined) {
    corsOrigins = cors.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
    for (const origin of corsOrigins) {
      let parsed: URL | null = null;
      try {
        parsed = new URL(origin);
      } catch {
        // reported below
      }
      if (!parsed || parsed.origin !== origin) read.problems.push(`CORS_ORIGINS must list origins such as https://app.example.com (no path, no trailing slash), or be * (got "${origin}")`);
    }
  }

  const exporter = read.oneOf('OTEL_TRACES_EXPORTER', ['otlp', 'console', 'none'] as const, 'none');
  const endpoint = read.raw('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (endpoint !== undefined && !/^https?:\/\//.test(endpoint)) read.problems.push(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL (got "${endpoint}")`);
  read.raw('OTEL_SERVICE_NAME');
  const exporterSet = read.raw('OTEL_TRACES_EXPORTER') !== undefined;

  return {
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    logFormat: read.oneOf('LOG_FORMAT', ['json', 'pretty'] as const, 'json'),
    metrics: metricsMode,
    shutdownGraceSeconds: read.integer('SHUTDOWN_GRACE_SECONDS', 10, 0, 3600),
    corsOrigins,
    tracing: exporterSet ? exporter !== 'none' : endpoint !== undefined,
  };
}

export function loadConfig(environment: Environment = process.env): AppConfig {
  const read = new Reader(environment);
  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const config: AppConfig = {
    nodeEnv,
    host: read.raw('HOST') ?? '0.0.0.0',
    port: read.integer('PORT', 4000, 0, 65535),
    trustProxy: read.trustProxy(),
    databaseUrl: read.databaseUrl('DATABASE_URL'),
    databaseReplicaUrls: read.databaseUrls('DATABASE_REPLICA_URLS'),
    databaseReplicaCheckMs: read.integer('DATABASE_REPLICA_CHECK_INTERVAL_MS', 5_000, 100, 600_000),
    databasePoolSize: read.integer('DATABASE_POOL_SIZE', 10, 1, 200),
    databasePreparedStatements: read.oneOf('DATABASE_PREPARED_STATEMENTS', ['on', 'off'] as const, 'on') === 'on',
    deadlines: {
      requestMs: read.integer('REQUEST_TIMEOUT_MS', 10_000, 100, 30_000),
      statementMs: read.integer('DATABASE_STATEMENT_TIMEOUT_MS', 5_000, 10, 30_000),
      acquireMs: read.integer('DATABASE_ACQUIRE_TIMEOUT_MS', 2_000, 10, 30_000),
    },
    embeddedDatabasePort: read.integer('EMBEDDED_DATABASE_PORT', 54329, 1024, 65535),
    embeddedDatabaseDirectory: read.raw('EMBEDDED_DATABASE_DIR') ?? '.data',
    graphqlIntrospection: read.boolean('GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
    queryLimits: {
      maxDepth: read.integer('GRAPHQL_MAX_DEPTH', 12, 1, 100),
      maxCost: read.integer('GRAPHQL_MAX_COST', 50000, 1, 10_000_000),
      maxAliases: read.integer('GRAPHQL_MAX_ALIASES', 30, 0, 1000),
      maxRootFields: read.integer('GRAPHQL_MAX_ROOT_FIELDS', 15, 1, 1000),
      maxTokens: read.integer('GRAPHQL_MAX_TOKENS', 2000, 100, 100_000),
    },
    inputLimits: {
      maxStringLength: read.integer('GRAPHQL_MAX_STRING_LENGTH', 10_000, 1, 1_000_000),
      maxFilterTextLength: read.integer('GRAPHQL_MAX_FILTER_TEXT_LENGTH', 200, 1, 1_000_000),
      maxListLength: read.integer('GRAPHQL_MAX_LIST_LENGTH', 1000, 1, 100_000),
      // At most 100: graphql-js coerces variables recursively, and 5,000 levels overflow the stack.
      maxInputDepth: read.integer('GRAPHQL_MAX_INPUT_DEPTH', 16, 2, 100),
      maxVariableValues: read.integer('GRAPHQL_MAX_VARIABLE_VALUES', 2000, 10, 1_000_000),
      maxFilterConditions: read.integer('GRAPHQL_MAX_FILTER_CONDITIONS', 50, 1, 10_000),
      maxFilterDepth: read.integer('GRAPHQL_MAX_FILTER_DEPTH', 5, 1, 50),
    },
    subscriptionLimits: {
      perConnection: read.integer('SUBSCRIPTIONS_PER_CONNECTION', 10, 1, 1000),
      perUser: read.integer('SUBSCRIPTIONS_PER_USER', 20, 1, 10_000),
      socketsPerIp: read.integer('SUBSCRIPTION_SOCKETS_PER_IP', 20, 1, 100_000),
      socketsMax: read.integer('SUBSCRIPTION_SOCKETS_MAX', 2000, 1, 1_000_000),
      maxCost: read.integer('SUBSCRIPTION_MAX_COST', 1000, 1, 1_000_000),
    },
    sessionTtlMinutes: read.integer('SESSION_TTL_MINUTES', 60, 1, 60 * 24 * 30),
    refreshTtlDays: read.integer('REFRESH_TTL_DAYS', 30, 1, 365),
    refreshOverlapSeconds: read.integer('REFRESH_OVERLAP_SECONDS', 30, 0, 300),
    logSql: read.boolean('LOG_SQL', false),
    operations: readOperations(read, nodeEnv),
    smtpUrl: read.smtpUrl('SMTP_URL'),
    mailFrom: read.raw('MAIL_FROM') ?? ENVIRONMENT_VARIABLES.MAIL_FROM.default,
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
