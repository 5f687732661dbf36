import pino, { type DestinationStream, type Logger } from 'pino';
import PinoPretty from 'pino-pretty';
import { loadConfig, type OperationsConfig } from '../config/config';

// The process's one logger (pino): JSON lines on stdout with time, level and message, or pino-pretty
// for a terminal (LOG_FORMAT=pretty). Every other module logs through logger() or a child of it;
// nothing in src/ writes to the console except the command-line tools' user-facing output.
//
// What never reaches a log line (OWASP Logging Cheat Sheet, "Data to exclude"): request bodies,
// GraphQL variables, authorization headers and cookies, passwords and tokens, SQL parameters,
// e-mail addresses. Redaction covers the known keys; errors go through serializeError, which keeps
// only a fixed list of fields (never a driver's `parameters`, `detail` or a parser's `body`).

export type { Logger } from 'pino';

/** Keys censored wherever they appear at the top level or one level down. */
const SECRET_KEYS = ['password', 'newPassword', 'currentPassword', 'token', 'sessionToken', 'refreshToken', 'variables', 'email', 'authorization', 'cookie'];

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
];

/** The fields of an error a log line may carry; the message is dropped where it can quote input. */
export function serializeError(error: unknown): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) return { type: typeof error, message: 'non-error thrown' };
  const fields = error as Error & { code?: unknown; constraint?: unknown; type?: unknown; status?: unknown; query?: unknown; routine?: unknown; driverError?: unknown };
  const serialized: Record<string, unknown> = { type: fields.name ?? fields.constructor?.name ?? 'object' };
  if (typeof fields.code === 'string' || typeof fields.code === 'number') serialized.code = fields.code;
  if (typeof fields.constraint === 'string') serialized.constraint = fields.constraint;
  if (typeof fields.routine === 'string') serialized.routine = fields.routine;
  // body-parser's errors quote the body they could not parse (V8's JSON messages include a snippet).
  if (typeof fields.type === 'string' && typeof fields.status === 'number') {
    serialized.bodyError = fields.type;
    serialized.status = fields.status;
    return serialized;
  }
  serialized.message = String(fields.message ?? '');
  // TypeORM's QueryFailedError: the statement's text is kept (it has placeholders, not values), its parameters never.
  if (typeof fields.query === 'string') serialized.query = fields.query.length > 500 ? `${fields.query.slice(0, 500)}…` : fields.query;
  // A client's mistake (an HTTP 4xx error) needs no stack.
  const clientError = typeof fields.status === 'number' && fields.status < 500;
  if (typeof fields.stack === 'string' && !clientError) serialized.stack = fields.stack.split('\n').slice(1, 8).map((line) => line.trim()).join('\n');
  return serialized;
}

export interface LoggerOptions {
  level: OperationsConfig['logLevel'];
  format: OperationsConfig['logFormat'];
}

export function createLogger(options: LoggerOptions, destination?: DestinationStream): Logger {
  const stream = destination ?? (options.format === 'pretty' ? PinoPretty({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }) : pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: options.level,
      base: { service: 'nexus-reussite-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
    },
    stream,
  );
}

let current: Logger | null = null;

function defaultOptions(): LoggerOptions {
  try {
    const { logLevel, logFormat } = loadConfig().operations;
    return { level: logLevel, format: logFormat };
  } catch {
    // A bad configuration is reported by loadConfig where the process starts; log meanwhile.
    return { level: 'info', format: 'json' };
  }
}

/** The process's logger: configured by configureLogger (main.ts), or from the environment on first use. */
export function logger(): Logger {
  current ??= createLogger(defaultOptions());
  return current;
}

/** Replaces the process's logger (main.ts at start; tests that read log lines). */
export function configureLogger(options: LoggerOptions, destination?: DestinationStream): Logger {
  current = createLogger(options, destination);
  return current;
}
