import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { SqlClient } from '../db/sql-client';
import type { RowScope } from './connections/page-query';
import { RequestLoaders } from './loaders/request-loaders';

/** Everything one request works with. Built fresh per request: loaders and caches are never shared. */
export interface RequestContext {
  config: AppConfig;
  dataSource: DataSource;
  sql: SqlClient;
  scope: RowScope;
  loaders: RequestLoaders;
}

/** Until accounts exist every row is readable; the authorization layer replaces this scope. */
export const OPEN_SCOPE: RowScope = { condition: () => null };

export function createRequestContext(config: AppConfig, dataSource: DataSource, scope: RowScope = OPEN_SCOPE): RequestContext {
  const sql = SqlClient.fromDataSource(dataSource);
  return { config, dataSource, sql, scope, loaders: new RequestLoaders(sql, scope) };
}
