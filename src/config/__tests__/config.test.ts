import { ConfigError, loadConfig } from '../config';

describe('loadConfig', () => {
  it('falls back to the embedded database and the documented defaults', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeNull();
    expect(config.port).toBe(4000);
    expect(config.embeddedDatabaseDirectory).toBe('.data');
    expect(config.graphqlIntrospection).toBe(true);
    expect(config.queryLimits).toEqual({ maxDepth: 12, maxCost: 50000, maxAliases: 30, maxRootFields: 15, maxTokens: 2000 });
    expect(config.inputLimits).toEqual({
      maxStringLength: 10_000,
      maxFilterTextLength: 200,
      maxListLength: 1000,
      maxInputDepth: 16,
      maxVariableValues: 2000,
      maxFilterConditions: 50,
      maxFilterDepth: 5,
    });
    expect(config.deadlines).toEqual({ requestMs: 10_000, statementMs: 5_000, acquireMs: 2_000 });
  });

  it('turns introspection off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).graphqlIntrospection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).graphqlIntrospection).toBe(true);
  });

  it.each([
    ['DATABASE_URL', 'not a url', 'DATABASE_URL is not a valid URL'],
    ['DATABASE_URL', 'mysql://localhost/nexus', 'DATABASE_URL must start with postgres://'],
    ['DATABASE_URL', 'postgres://localhost', 'DATABASE_URL names no database'],
    ['PORT', 'eighty', 'PORT must be a whole number from 0 to 65535 (got "eighty")'],
    ['PORT', '70000', 'PORT must be a whole number from 0 to 65535'],
    ['NODE_ENV', 'staging', 'NODE_ENV must be one of development, production, test'],
    ['GRAPHQL_INTROSPECTION', 'maybe', 'GRAPHQL_INTROSPECTION must be true or false'],
    ['GRAPHQL_MAX_DEPTH', '0', 'GRAPHQL_MAX_DEPTH must be a whole number from 1 to 100'],
    ['REQUEST_TIMEOUT_MS', '60000', 'REQUEST_TIMEOUT_MS must be a whole number from 100 to 30000'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '5', 'DATABASE_STATEMENT_TIMEOUT_MS must be a whole number from 10 to 30000'],
    ['TRUST_PROXY_HOPS', 'yes', 'TRUST_PROXY_HOPS must be a whole number from 0 to 10'],
    ['TRUST_PROXY', '11', 'TRUST_PROXY must be a whole number from 0 to 10'],
    ['TRUST_PROXY', 'true', 'TRUST_PROXY must be a hop count from 0 to 10 or comma-separated IP addresses, CIDR ranges'],
    ['TRUST_PROXY', '10.0.0.0/33', 'got "10.0.0.0/33"'],
    ['TRUST_PROXY', 'loopback, proxy.internal', 'got "proxy.internal"'],
    ['DATABASE_REPLICA_URLS', 'postgres://u:p@replica:5432/nexus, mysql://r/nexus', 'DATABASE_REPLICA_URLS must start with postgres://'],
    ['DATABASE_REPLICA_CHECK_INTERVAL_MS', '10', 'DATABASE_REPLICA_CHECK_INTERVAL_MS must be a whole number from 100 to 600000'],
    ['DATABASE_ACQUIRE_TIMEOUT_MS', '0', 'DATABASE_ACQUIRE_TIMEOUT_MS must be a whole number from 10 to 30000'],
    // Deeper variables would let graphql-js's recursive coercion overflow the stack.
    ['GRAPHQL_MAX_INPUT_DEPTH', '5000', 'GRAPHQL_MAX_INPUT_DEPTH must be a whole number from 2 to 100'],
    ['GRAPHQL_MAX_FILTER_CONDITIONS', 'many', 'GRAPHQL_MAX_FILTER_CONDITIONS must be a whole number from 1 to 10000'],
  ])('rejects %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({ PORT: 'x', DATABASE_POOL_SIZE: '0' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });

  it('reads TRUST_PROXY as Express\'s "trust proxy": hops, or addresses, CIDR ranges and presets; TRUST_PROXY_HOPS is its deprecated alias', () => {
    expect(loadConfig({}).trustProxy).toBe(0);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, 2001:db8::/32, 192.0.2.7' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '2001:db8::/32', '192.0.2.7']);
    expect(loadConfig({ TRUST_PROXY_HOPS: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY_HOPS: '1', TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toEqual(['10.0.0.0/8']);
  });

  it('reads the read replicas as a list of URLs, none by default', () => {
    expect(loadConfig({}).databaseReplicaUrls).toEqual([]);
    expect(loadConfig({ DATABASE_REPLICA_URLS: 'postgres://u:p@replica-1:5432/nexus, postgres://u:p@replica-2:5432/nexus' }).databaseReplicaUrls).toEqual([
      'postgres://u:p@replica-1:5432/nexus',
      'postgres://u:p@replica-2:5432/nexus',
    ]);
    expect(loadConfig({}).databaseReplicaCheckMs).toBe(5_000);
  });

  it('accepts a valid DATABASE_URL as given', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/nexus' }).databaseUrl).toBe('postgres://u:p@db:5432/nexus');
  });
});

describe('loadConfig: operations', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({}).operations).toEqual({ logLevel: 'info', logFormat: 'json', metrics: { mode: 'main' }, shutdownGraceSeconds: 10, corsOrigins: '*', tracing: false });
    expect(loadConfig({ NODE_ENV: 'test' }).operations.logLevel).toBe('silent');
    // Same origin only in production, unless origins are listed.
    expect(loadConfig({ NODE_ENV: 'production' }).operations.corsOrigins).toEqual([]);
  });

  it('reads each variable', () => {
    const operations = loadConfig({
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'pretty',
      METRICS: '9464',
      SHUTDOWN_GRACE_SECONDS: '3',
      CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      OTEL_TRACES_EXPORTER: 'console',
    }).operations;
    expect(operations).toEqual({
      logLevel: 'debug',
      logFormat: 'pretty',
      metrics: { mode: 'port', port: 9464 },
      shutdownGraceSeconds: 3,
      corsOrigins: ['https://app.example.com', 'http://localhost:5173'],
      tracing: true,
    });
    expect(loadConfig({ METRICS: 'off' }).operations.metrics).toEqual({ mode: 'off' });
    expect([loadConfig({}).databasePreparedStatements, loadConfig({ DATABASE_PREPARED_STATEMENTS: 'off' }).databasePreparedStatements]).toEqual([true, false]);
    expect(loadConfig({ CORS_ORIGINS: '*', NODE_ENV: 'production' }).operations.corsOrigins).toBe('*');
    // The standard OTLP endpoint alone turns tracing on; an explicit "none" keeps it off.
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).operations.tracing).toBe(true);
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }).operations.tracing).toBe(false);
  });

  it.each([
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    ['LOG_FORMAT', 'xml', 'LOG_FORMAT must be one of json, pretty'],
    ['DATABASE_PREPARED_STATEMENTS', 'maybe', 'DATABASE_PREPARED_STATEMENTS must be one of on, off'],
    ['METRICS', 'sometimes', 'METRICS must be on, off or a port number'],
    ['SHUTDOWN_GRACE_SECONDS', '-1', 'SHUTDOWN_GRACE_SECONDS must be a whole number from 0 to 3600'],
    ['CORS_ORIGINS', 'https://app.example.com/path', 'CORS_ORIGINS must list origins'],
    ['OTEL_TRACES_EXPORTER', 'jaeger', 'OTEL_TRACES_EXPORTER must be one of otlp, console, none'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318', 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL'],
  ])('rejects %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
