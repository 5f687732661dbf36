import { getMetadataStorage } from 'type-graphql';
import type { DataSource, EntityMetadata } from 'typeorm';
import type { ModelDefinition } from '../graphql/model-registry';
import type { ReferentialAction } from './live-schema';

// The schema as the code says it should be: what TypeORM built from the entity decorators
// (dataSource.entityMetadatas, after initialize) and which relationships the GraphQL layer
// resolves through the per-request DataLoaders (the relationship registry). Plain data, so the
// checks can be fed crafted inputs.

export interface EntityColumn {
  /** Database column name (snake_case). */
  name: string;
  nullable: boolean;
  primary: boolean;
}

export interface EntityRelation {
  /** The entity property, also the GraphQL field name. */
  property: string;
  kind: 'one-to-one' | 'one-to-many' | 'many-to-one' | 'many-to-many';
  isLazy: boolean;
  isEager: boolean;
  /** Columns of this entity's table holding the foreign key (owning side), else empty. */
  joinColumns: string[];
  targetModel: string;
  targetTable: string;
}

export interface EntityForeignKey {
  columns: string[];
  targetTable: string;
  targetColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

export interface EntityModel {
  /** The GraphQL @ObjectType name (`ARIAInteraction`), else the class name. */
  name: string;
  table: string;
  columns: EntityColumn[];
  relations: EntityRelation[];
  foreignKeys: EntityForeignKey[];
}

/** Relationship fields each model resolves through a batched loader, by model name. */
export type RelationshipRegistry = ReadonlyMap<string, ReadonlySet<string>>;

function objectTypeName(target: EntityMetadata['target']): string | undefined {
  if (typeof target !== 'function') return undefined;
  return getMetadataStorage().objectTypes.find((objectType) => objectType.target === target)?.name;
}

function action(value: string | undefined): ReferentialAction {
  const normalised = (value ?? 'NO ACTION').toUpperCase();
  // TypeORM spells SET DEFAULT as 'DEFAULT' in older typings.
  if (normalised === 'DEFAULT') return 'SET DEFAULT';
  return normalised as ReferentialAction;
}

function modelName(metadata: EntityMetadata): string {
  return objectTypeName(metadata.target) ?? metadata.name;
}

/** Position of an entity in the DataSource's `entities` option (TypeORM sorts its metadata by dependency). */
function listOrder(dataSource: DataSource): (metadata: EntityMetadata) => number {
  const listed = Array.isArray(dataSource.options.entities) ? (dataSource.options.entities as unknown[]) : [];
  return (metadata) => {
    const position = listed.indexOf(metadata.target);
    return position === -1 ? listed.length : position;
  };
}

/** The entity models of an initialized DataSource, in the order of its entity list. */
export function describeEntities(dataSource: DataSource): EntityModel[] {
  const rank = listOrder(dataSource);
  return [...dataSource.entityMetadatas]
    .sort((a, b) => rank(a) - rank(b))
    // Views have no table to audit; single-table-inheritance children share their parent's table.
    .filter((metadata) => metadata.tableType !== 'view' && metadata.tableType !== 'entity-child')
    .map((metadata) => ({
      name: modelName(metadata),
      table: metadata.tableName,
      columns: metadata.columns.map((column) => ({ name: column.databaseName, nullable: column.isNullable, primary: column.isPrimary })),
      relations: metadata.relations.map((relation) => ({
        property: relation.propertyName,
        kind: relation.relationType,
        isLazy: relation.isLazy,
        isEager: relation.isEager,
        joinColumns: relation.joinColumns.map((column) => column.databaseName),
        targetModel: modelName(relation.inverseEntityMetadata),
        targetTable: relation.inverseEntityMetadata.tableName,
      })),
      foreignKeys: metadata.foreignKeys.map((foreignKey) => ({
        columns: [...foreignKey.columnNames],
        targetTable: foreignKey.referencedEntityMetadata.tableName,
        targetColumns: [...foreignKey.referencedColumnNames],
        onDelete: action(foreignKey.onDelete),
        onUpdate: action(foreignKey.onUpdate),
      })),
    }));
}

/** The relationship registry (MODELS of src/graphql/models.ts) as names per model. */
export function describeRegistry(models: readonly ModelDefinition[]): RelationshipRegistry {
  return new Map(models.map((model) => [model.typeName, new Set(model.relationships.map((relationship) => relationship.name))]));
}
