import type { DataSource } from 'typeorm';
import type { ModelDefinition } from '../graphql/model-registry';
import { MODELS } from '../graphql/models';
import { RATE_LIMIT_TABLE } from '../modules/accounts/account-throttle';
import { runChecks } from './checks';
import { renderDbml } from './dbml';
import { describeEntities, describeRegistry, type EntityModel } from './entity-model';
import { auditExitCode, type Finding } from './findings';
import { inspectDatabase, type LiveSchema } from './live-schema';
import { renderReport, type ModelSummary } from './report';

// `npm run audit`: the seed's audit, run against the live database and the code. Reads the
// schema from pg_catalog, the entity metadata from the initialized DataSource and the
// relationship registry, runs every check and renders the seed's report with the DBML of the
// live database.

export interface AuditOptions {
  /** The relationship registry to hold the relations against (default: MODELS). */
  registry?: readonly ModelDefinition[];
  /** Database schema to inspect (default: the connection's current_schema()). */
  schema?: string;
  generatedAt?: Date;
}

export interface AuditResult {
  generatedAt: Date;
  entities: EntityModel[];
  liveSchema: LiveSchema;
  models: ModelSummary[];
  findings: Finding[];
  /** DBML of the live database, without the generation time (the content of docs/schema.dbml). */
  dbml: string;
  /** The Markdown report (its DBML carries the generation time, as the seed's does). */
  report: string;
  /** 1 when any high or medium finding exists, else 0. */
  exitCode: number;
}

/** Tables of the tooling, not of the model (migrations bookkeeping, throttling counters). */
export function toolingTables(dataSource: DataSource): string[] {
  return [dataSource.options.migrationsTableName ?? 'migrations', dataSource.options.metadataTableName ?? 'typeorm_metadata', RATE_LIMIT_TABLE];
}

export async function runAudit(dataSource: DataSource, options: AuditOptions = {}): Promise<AuditResult> {
  const generatedAt = options.generatedAt ?? new Date();
  const liveSchema = await inspectDatabase(dataSource, options.schema);
  const entities = describeEntities(dataSource);
  const ignoredTables = toolingTables(dataSource);
  const findings = runChecks({ entities, schema: liveSchema, registry: describeRegistry(options.registry ?? MODELS), ignoredTables });
  const models = entities.map((entity) => ({
    name: entity.name,
    table: entity.table,
    columns: entity.columns.length,
    relationships: entity.relations.length,
  }));
  const dbmlOptions = { tableOrder: entities.map((entity) => entity.table), ignoredTables };
  return {
    generatedAt,
    entities,
    liveSchema,
    models,
    findings,
    dbml: renderDbml(liveSchema, dbmlOptions),
    report: renderReport({ generatedAt, models, findings, dbml: renderDbml(liveSchema, { ...dbmlOptions, generatedAt }) }),
    exitCode: auditExitCode(findings),
  };
}
