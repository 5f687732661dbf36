import { Float, ID, Int, getMetadataStorage } from 'type-graphql';
import { getMetadataArgsStorage } from 'typeorm';
import { snakeCase } from '../db/snake-naming-strategy';
import { derivedRelationshipsOf } from './derived-relationship';
import { DateScalar, DateTimeScalar, DecimalScalar, EmailAddressScalar, JSONScalar } from './scalars';
import { resolveSearch, type SearchDefinition } from './search/search-definition';

// The registry every generic mechanism reads: for each entity, its exposed scalar fields and its
// relationships, derived once from the TypeORM and type-graphql decorators (no database needed).

export type ScalarKind = 'id' | 'int' | 'float' | 'decimal' | 'string' | 'boolean' | 'datetime' | 'date' | 'json' | 'enum';

export interface ScalarField {
  /** GraphQL field name = entity property (camelCase). */
  name: string;
  /** SQL column (snake_case). */
  column: string;
  kind: ScalarKind;
  nullable: boolean;
  enumType?: object;
  enumName?: string;
  /** Masked for some viewers (a field middleware): not filterable or sortable, or filters would leak it. */
  masked: boolean;
  /** A jsonb list typed [ID] in GraphQL: its items come out as strings (ParentProfile.childrenIds). */
  idList: boolean;
}

export interface Relationship {
  /** GraphQL field name on the parent type (the TypeORM relation property). */
  name: string;
  parent: ModelDefinition;
  target: ModelDefinition;
  cardinality: 'one' | 'many';
  /** Field of the parent row whose value is the lookup key (a foreign key, or `id`). */
  parentKey: string;
  /** Column of the target table matched against that key (`id`, or the target's foreign key). */
  targetColumn: string;
  /** For to-one: whether no related row may exist. */
  nullable: boolean;
  /** A derived relationship (derived-relationship.ts): SQL giving the target ids of a parent id expression; no foreign key. */
  through?: (parentKey: string) => string;
  /** The field's description, when the relationship states one (derived relationships). */
  description?: string;
}

export interface ModelDefinition {
  entity: Function;
  typeName: string;
  table: string;
  description: string;
  fields: ScalarField[];
  fieldsByName: Map<string, ScalarField>;
  relationships: Relationship[];
  /** Full-text search over some of its fields (@Searchable, src/graphql/search), if it has one. */
  search?: SearchDefinition;
}

const SCALAR_KINDS = new Map<unknown, ScalarKind>([
  [ID, 'id'],
  [Int, 'int'],
  [Float, 'float'],
  [String, 'string'],
  [Boolean, 'boolean'],
  [DateTimeScalar, 'datetime'],
  [DateScalar, 'date'],
  [DecimalScalar, 'decimal'],
  [JSONScalar, 'json'],
  [EmailAddressScalar, 'string'],
]);

function propertyNameOf(factory: unknown): string | undefined {
  if (typeof factory === 'string') return factory;
  if (typeof factory !== 'function') return undefined;
  return (factory as (proxy: unknown) => string)(new Proxy({}, { get: (_target, property) => property }));
}

function scalarFieldsOf(entity: Function): ScalarField[] {
  const storage = getMetadataStorage();
  const columns = getMetadataArgsStorage().columns.filter((column) => column.target === entity);
  return storage.fields
    .filter((field) => field.target === entity)
    .map((field) => {
      const type = field.getType();
      const enumMetadata = storage.enums.find((candidate) => candidate.enumObj === type);
      const column = columns.find((candidate) => candidate.propertyName === field.name);
      // A jsonb column is a JSON value for filters, orderings and cursors whatever its GraphQL
      // type: the JSON scalar, or a typed list where the shape is known ([String], [ID]).
      const kind = enumMetadata ? 'enum' : column?.options.type === 'jsonb' ? 'json' : SCALAR_KINDS.get(type);
      if (!kind) throw new Error(`${entity.name}.${field.name}: no scalar kind for its GraphQL type`);
      const masked = storage.middlewares.some((middleware) => middleware.target === entity && middleware.fieldName === field.name);
      if (!column) throw new Error(`${entity.name}.${field.name} is a GraphQL field without a column`);
      return {
        name: field.name,
        column: column.options.name ?? snakeCase(field.name),
        kind,
        // SQL nullability (keyset conditions depend on it), not the GraphQL one, which may be
        // looser where a field is masked for some viewers.
        nullable: Boolean(column.options.nullable),
        enumType: enumMetadata?.enumObj,
        enumName: enumMetadata?.name,
        masked,
        idList: kind === 'json' && type === ID,
      };
    });
}

function buildRegistry(entities: Function[]): Map<Function, ModelDefinition> {
  const storage = getMetadataStorage();
  const typeorm = getMetadataArgsStorage();
  const models = new Map<Function, ModelDefinition>();
  for (const entity of entities) {
    const table = typeorm.tables.find((candidate) => candidate.target === entity);
    const objectType = storage.objectTypes.find((candidate) => candidate.target === entity);
    if (!table?.name || !objectType) throw new Error(`${entity.name} must be both an @Entity with a name and an @ObjectType`);
    const fields = scalarFieldsOf(entity);
    models.set(entity, {
      entity,
      typeName: objectType.name,
      table: table.name,
      description: objectType.description ?? '',
      fields,
      fieldsByName: new Map(fields.map((field) => [field.name, field])),
      relationships: [],
    });
  }
  const joinColumnOf = (target: Function, property: string): string | undefined =>
    typeorm.joinColumns.find((join) => join.target === target && join.propertyName === property)?.name;
  const fieldForColumn = (model: ModelDefinition, column: string): ScalarField => {
    const field = model.fields.find((candidate) => candidate.column === column);
    if (!field) throw new Error(`${model.typeName}: foreign key column ${column} must be exposed as a field`);
    return field;
  };

  for (const relation of typeorm.relations) {
    const parent = models.get(relation.target as Function);
    if (!parent) continue;
    const targetEntity = (relation.type as () => Function)();
    const target = models.get(targetEntity);
    if (!target) throw new Error(`${parent.typeName}.${relation.propertyName} targets an unregistered entity`);
    const ownJoinColumn = joinColumnOf(parent.entity, relation.propertyName);
    const base = { name: relation.propertyName, parent, target };
    if (ownJoinColumn) {
      // This side holds the foreign key: look the target up by id.
      const key = fieldForColumn(parent, ownJoinColumn);
      parent.relationships.push({ ...base, cardinality: 'one', parentKey: key.name, targetColumn: 'id', nullable: key.nullable });
      continue;
    }
    const inverseProperty = propertyNameOf(relation.inverseSideProperty);
    const inverseJoinColumn = inverseProperty ? joinColumnOf(targetEntity, inverseProperty) : undefined;
    if (!inverseJoinColumn) throw new Error(`${parent.typeName}.${relation.propertyName}: the inverse side has no join column`);
    fieldForColumn(target, inverseJoinColumn);
    parent.relationships.push({
      ...base,
      cardinality: relation.relationType === 'one-to-many' ? 'many' : 'one',
      parentKey: 'id',
      targetColumn: inverseJoinColumn,
      nullable: true,
    });
  }
  for (const parent of models.values()) {
    for (const derived of derivedRelationshipsOf(parent.entity)) {
      const target = models.get(derived.target());
      if (!target) throw new Error(`${parent.typeName}.${derived.name} targets an unregistered entity`);
      parent.relationships.push({
        name: derived.name,
        parent,
        target,
        cardinality: 'many',
        parentKey: 'id',
        targetColumn: 'id',
        nullable: true,
        through: derived.targetIds,
        description: derived.description,
      });
    }
  }
  for (const model of models.values()) model.relationships.sort((a, b) => a.name.localeCompare(b.name));
  for (const model of models.values()) model.search = resolveSearch(model, (entity) => models.get(entity));
  return models;
}

/** Builds the registry from the entity list (the same list the DataSource uses). */
export function buildModelRegistry(entities: Function[]): ModelDefinition[] {
  return [...buildRegistry(entities).values()];
}
