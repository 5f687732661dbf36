import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { SqlClient } from '../db/sql-client';
import type { ReplicaSet } from '../db/replica-set';
import { StatementGuard } from '../db/statement-guard';
import { AccountThrottle } from '../modules/accounts/account-throttle';
import { ConsoleMailer, LogMailer, SmtpMailer, type Mailer } from '../modules/accounts/mailer';
import { sessionActivityOf } from '../modules/accounts/session-activity';
import { findViewer, parseBearer } from '../modules/accounts/viewer-lookup';
import { scopeFor } from './authorization/row-policies';
import type { Viewer } from './authorization/viewer';
import type { RowScope } from './connections/page-query';
import { RequestLoaders } from './loaders/request-loaders';

export interface RequestInfo {
  authorization?: string;
  ipAddress?: string;
  userAgent?: string;
  /** Aborted when the request's deadline passes or its client disconnects: its SQL is cancelled. */
  signal?: AbortSignal;
}

/** Process-wide services, made once per app. */
export interface AppServices {
  mailer: Mailer;
  /** Sign-in, registration and password-reset limits, counted in PostgreSQL. */
  throttle: AccountThrottle;
  /** Read replicas (DATABASE_REPLICA_URLS), set by createApp; none: the primary serves every statement. */
  replicas?: ReplicaSet;
}

/**
 * The mailer: SMTP when SMTP_URL is set; otherwise, outside production, with a person at the
 * terminal (`interactive`: stdout is a TTY) the whole message is printed there, and with output
 * collected as JSON log lines a log line carries the token (`developmentToken`); in production
 * (or without a config to tell) only a log line with the subject, without address or token.
 */
export function defaultServices(config?: Pick<AppConfig, 'smtpUrl' | 'mailFrom' | 'nodeEnv'>, interactive = Boolean(process.stdout.isTTY)): AppServices {
  const development = config?.nodeEnv !== 'production';
  const mailer = config?.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : development && interactive ? new ConsoleMailer() : new LogMailer(config !== undefined && development);
  return { mailer, throttle: new AccountThrottle() };
}

/** Everything one request works with. Built fresh per request: loaders and caches are never shared. */
export interface RequestContext {
  config: AppConfig;
  dataSource: DataSource;
  sql: SqlClient;
  request: RequestInfo;
  services: AppServices;
  loaders: RequestLoaders;
  /** The signed-in user, looked up on first use (so a refused query costs no SQL), or null. */
  viewer(): Promise<Viewer | null>;
  /** The rows this viewer may read, as SQL conditions. */
  scope(): Promise<RowScope>;
  /**
   * Sessions or what a viewer is made of changed (logout, logoutEverywhere, a refresh, a password
   * reset, a status change, a new admin flag or child link...): the viewer and its scope are read
   * again on next use, so a later mutation of the same request sees a closed session as closed,
   * and the loaders, filled under the old scope, are emptied.
   */
  forgetViewer(): void;
}

/** Tables the viewer is read from (viewer-lookup.ts): a mutation changing one of them forgets the viewer. */
export const VIEWER_TABLES: ReadonlySet<string> = new Set(['users', 'user_sessions', 'students', 'teachers', 'admin_profiles', 'parent_child_relations']);

export function createRequestContext(
  config: AppConfig,
  dataSource: DataSource,
  request: RequestInfo = {},
  services: AppServices = defaultServices(),
): RequestContext {
  const sql = new SqlClient(dataSource, new StatementGuard(config.deadlines, request.signal), services.replicas ?? null, {
    preparedStatements: config.databasePreparedStatements,
  });
  let viewer: Promise<Viewer | null> | null = null;
  let scope: Promise<RowScope> | null = null;
  const context: RequestContext = {
    config,
    dataSource,
    sql,
    request,
    services,
    viewer: () => {
      viewer ??= (async () => {
        const token = parseBearer(request.authorization);
        return token === null ? null : findViewer(sql, token, sessionActivityOf(dataSource));
      })();
      return viewer;
    },
    scope: () => {
      scope ??= context.viewer().then(scopeFor);
      return scope;
    },
    forgetViewer: () => {
      viewer = null;
      scope = null;
      context.loaders.clearAll();
    },
    loaders: new RequestLoaders(sql, () => context.scope()),
  };
  return context;
}
