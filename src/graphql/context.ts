import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { SqlClient } from '../db/sql-client';
import { LoginThrottle } from '../modules/accounts/login-throttle';
import { ConsoleMailer, SmtpMailer, type Mailer } from '../modules/accounts/mailer';
import { findViewer, parseBearer } from '../modules/accounts/viewer-lookup';
import { scopeFor } from './authorization/row-policies';
import type { Viewer } from './authorization/viewer';
import type { RowScope } from './connections/page-query';
import { RequestLoaders } from './loaders/request-loaders';

export interface RequestInfo {
  authorization?: string;
  ipAddress?: string;
  userAgent?: string;
}

/** Process-wide services, made once per app. */
export interface AppServices {
  mailer: Mailer;
  loginThrottle: LoginThrottle;
}

/** The mailer is SMTP when the config has SMTP_URL, the console otherwise. */
export function defaultServices(config?: Pick<AppConfig, 'smtpUrl' | 'mailFrom'>): AppServices {
  const mailer = config?.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : new ConsoleMailer();
  return { mailer, loginThrottle: new LoginThrottle() };
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
}

export function createRequestContext(
  config: AppConfig,
  dataSource: DataSource,
  request: RequestInfo = {},
  services: AppServices = defaultServices(),
): RequestContext {
  const sql = SqlClient.fromDataSource(dataSource);
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
        return token === null ? null : findViewer(sql, token);
      })();
      return viewer;
    },
    scope: () => {
      scope ??= context.viewer().then(scopeFor);
      return scope;
    },
    loaders: new RequestLoaders(sql, () => context.scope()),
  };
  return context;
}
