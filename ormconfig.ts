import 'reflect-metadata';
import { loadConfig } from './src/config/config';
import { createDataSource } from './src/db/data-source';

// The DataSource for the TypeORM CLI (`npm run typeorm -- migration:generate migrations/Name`,
// `migration:run`, `migration:revert`). It uses DATABASE_URL, or the embedded database that
// `npm start` / `npm run migrate` keeps running on EMBEDDED_DATABASE_PORT.
const config = loadConfig();
const url = config.databaseUrl ?? `postgres://postgres:postgres@127.0.0.1:${config.embeddedDatabasePort}/nexus`;

export default createDataSource({ url, poolSize: 2 });
