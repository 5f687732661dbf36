import { Index } from 'typeorm';

// Full-text search, declared once per entity with @Searchable: which columns a `search` argument
// looks in and with which weight (PostgreSQL's A > B > C > D, "Ranking Search Results"). The model
// registry resolves the declaration (search-definition.ts); the connection arguments, the SQL
// (search-sql.ts) and the GIN index the migrations create follow from it.

/** PostgreSQL's four weight labels, A the heaviest (ts_rank's default weights 1.0, 0.4, 0.2, 0.1). */
export type SearchWeight = 'A' | 'B' | 'C' | 'D';

/** Rows of another searchable model whose text also matches this one (a teacher's profile bio). */
export interface SearchInclude {
  /** The other entity; it must be @Searchable itself (its GIN index serves the match). */
  target: () => Function;
  /** Column of this table and of the other one that link a row to its included rows. */
  column: string;
  targetColumn: string;
}

export interface SearchableOptions {
  /** Name of the GIN index on this model's search vector (created by a migration). */
  index: string;
  /** Field names (GraphQL, camelCase) per weight: String fields, or [String] jsonb lists. */
  weights: Partial<Record<SearchWeight, string[]>>;
  include?: SearchInclude[];
}

const DECLARATIONS = new Map<Function, SearchableOptions>();

/**
 * Gives the entity's connections a `search: String` argument over the listed fields. Also declares
 * the GIN index to TypeORM with `synchronize: false`: an expression index it cannot describe, which
 * the migration creates and `migration:generate` must leave alone.
 */
export function Searchable(options: SearchableOptions): ClassDecorator {
  return (entity) => {
    DECLARATIONS.set(entity, options);
    Index(options.index, { synchronize: false })(entity);
  };
}

export function searchDeclarationOf(entity: Function): SearchableOptions | undefined {
  return DECLARATIONS.get(entity);
}
